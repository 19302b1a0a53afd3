import { defineMessages } from '../i18n';

/** The words of alert emails and webhook texts (lib/alerts/digest.ts). */
export const messages = defineMessages({
  subject: { id: 'lookout.alerts.digest.subject', defaultMessage: 'Lookout: {count} new alerts ({courses})', description: 'Email subject: how many alerts, for which courses' },
  subjectOne: { id: 'lookout.alerts.digest.subjectOne', defaultMessage: 'Lookout: {what} in {course}', description: 'Email subject with one alert' },
  greeting: { id: 'lookout.alerts.digest.greeting', defaultMessage: 'Hello {name},', description: 'First line of an alert email' },
  intro: { id: 'lookout.alerts.digest.intro', defaultMessage: 'New alerts from Lookout, as of {at} UTC:', description: 'Second line of an alert email' },
  course: { id: 'lookout.alerts.digest.course', defaultMessage: 'Course: {name} ({courseId})', description: 'Heading of a course in a digest' },
  coursePage: { id: 'lookout.alerts.digest.coursePage', defaultMessage: 'Course page: {url}', description: 'Link to the course dashboard' },
  atRiskPage: { id: 'lookout.alerts.digest.atRiskPage', defaultMessage: 'At-risk list: {url}', description: 'Link to the at-risk list' },
  learner: { id: 'lookout.alerts.digest.learner', defaultMessage: '- {who} ({severityReason}, risk {score} %)', description: 'A learner line: who, severity, score' },
  why: { id: 'lookout.alerts.digest.why', defaultMessage: 'Why: {reasons}', description: 'The reasons a learner is flagged' },
  since: { id: 'lookout.alerts.digest.since', defaultMessage: 'Since: {since} UTC', description: 'When the learner was first flagged' },
  lastActivity: { id: 'lookout.alerts.digest.lastActivity', defaultMessage: 'Last activity: {at}', description: 'The learner’s last activity' },
  never: { id: 'lookout.alerts.digest.never', defaultMessage: 'never', description: 'No activity at all' },
  learnerLink: { id: 'lookout.alerts.digest.learnerLink', defaultMessage: 'Learner: {url}', description: 'Link to the learner on the at-risk list' },
  share: {
    id: 'lookout.alerts.digest.share',
    defaultMessage: '- {flagged} of {enrolled} enrolled learners are at risk ({share} %, level {level} %)',
    description: 'At-risk share alert',
  },
  quiet: { id: 'lookout.alerts.digest.quiet', defaultMessage: '- No learner event for {hours} hours (last: {at} UTC): is ingest still running?', description: 'Ingest stopped alert' },
  footer: {
    id: 'lookout.alerts.digest.footer',
    defaultMessage: 'You receive this as {audience}. Change the schedule or stop these alerts: {url}',
    description: 'Last lines of an alert email',
  },
  audienceCourseStaff: { id: 'lookout.alerts.audience.courseStaff', defaultMessage: 'course staff', description: 'Why someone receives alerts' },
  audienceSupport: { id: 'lookout.alerts.audience.support', defaultMessage: 'support staff', description: 'Why someone receives alerts' },
  audienceAdmins: { id: 'lookout.alerts.audience.admins', defaultMessage: 'a Lookout admin', description: 'Why someone receives alerts' },
  kindNewlyRed: { id: 'lookout.alerts.kind.newlyRed', defaultMessage: 'Newly at risk (red)', description: 'Alert rule kind' },
  kindNewlyFlagged: { id: 'lookout.alerts.kind.newlyFlagged', defaultMessage: 'Newly at risk', description: 'Alert rule kind' },
  kindAtRiskShare: { id: 'lookout.alerts.kind.atRiskShare', defaultMessage: 'At-risk share above its level', description: 'Alert rule kind' },
  kindIngestStopped: { id: 'lookout.alerts.kind.ingestStopped', defaultMessage: 'No learner events', description: 'Alert rule kind' },
  learnersAtRisk: { id: 'lookout.alerts.digest.learnersAtRisk', defaultMessage: '{count} newly at-risk learners', description: 'Subject part' },
  learnerAtRisk: { id: 'lookout.alerts.digest.learnerAtRisk', defaultMessage: '1 newly at-risk learner', description: 'Subject part' },
});
