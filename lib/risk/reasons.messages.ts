import { defineMessages } from '../i18n';

/**
 * The risk reasons in words: why a rule flagged a learner, why the score is high, why a rule could
 * not judge a course, and where a severity comes from. They are formatted when the list is
 * evaluated (in the default language) and travel as text: to the at-risk list, the learner page,
 * the CSV export and the alert emails.
 */

/** The score's reasons (lib/risk/features.ts). */
export const scoreReasons = defineMessages({
  quietSinceEnrolling: { id: 'lookout.risk.reason.quietSinceEnrolling', defaultMessage: 'no activity in the {days, plural, one {# day} other {# days}} since enrolling' },
  quietFor: { id: 'lookout.risk.reason.quietFor', defaultMessage: 'no activity for {days, plural, one {# day} other {# days}}' },
  notStarted: { id: 'lookout.risk.reason.notStarted', defaultMessage: 'has not started ({days, plural, one {# day} other {# days}} since enrolling)' },
  quietVsUsual: {
    id: 'lookout.risk.reason.quietVsUsual',
    defaultMessage: 'quiet for {days, plural, one {# day} other {# days}}; usually back within {usual, plural, one {# day} other {# days}}',
  },
  studiedVsBaseline: {
    id: 'lookout.risk.reason.studiedVsBaseline',
    defaultMessage: 'studied on {days, plural, one {# day} other {# days}} in the last 7, against {perWeek} a week in the {baselineDays} days before',
    description: '{perWeek}: study days per week before, one decimal',
  },
  studiedPerWeek: { id: 'lookout.risk.reason.studiedPerWeek', defaultMessage: 'studied on {perWeek} days a week since enrolling' },
  missedShare: {
    id: 'lookout.risk.reason.missedShare',
    defaultMessage: 'missed {share} of the grade ({missed, plural, one {# graded subsection} other {# graded subsections}} of {due} due: {list})',
    description: '{share}: a percentage of the course grade; {list}: the subsections’ titles',
  },
  missedCount: { id: 'lookout.risk.reason.missedCount', defaultMessage: 'no attempt at {missed} of {due, plural, one {# graded subsection} other {# graded subsections}} due' },
  missedInARow: { id: 'lookout.risk.reason.missedInARow', defaultMessage: 'missed the last {count, plural, one {# graded subsection} other {# graded subsections}} in a row' },
  gradeVsDue: { id: 'lookout.risk.reason.gradeVsDue', defaultMessage: 'grade {grade} with {due} of the grade due so far', description: 'Both are percentages' },
  gradeVsAttempted: { id: 'lookout.risk.reason.gradeVsAttempted', defaultMessage: 'scored {score} on the graded work they did', description: '{score}: a percentage' },
  late: { id: 'lookout.risk.reason.late', defaultMessage: '{late} of {attempted, plural, one {# graded subsection} other {# graded subsections}} attempted after the due date' },
  handedInAfter: { id: 'lookout.risk.reason.handedInAfter', defaultMessage: 'handed graded work in {days, plural, one {# day} other {# days}} after its due date on average' },
  handedInBefore: { id: 'lookout.risk.reason.handedInBefore', defaultMessage: 'handed graded work in {days, plural, one {# day} other {# days}} before its due date on average' },
  watchedSome: { id: 'lookout.risk.reason.watchedSome', defaultMessage: 'watched {completed} of {videos, plural, one {# video} other {# videos}} to the end' },
  watchedNone: { id: 'lookout.risk.reason.watchedNone', defaultMessage: 'watched none of {videos, plural, one {# video} other {# videos}} to the end' },
  attempts: { id: 'lookout.risk.reason.attempts', defaultMessage: '{attempts, plural, one {# attempt} other {# attempts}} at problems, {correct} correct' },
  enrolledBeforeStart: { id: 'lookout.risk.reason.enrolledBeforeStart', defaultMessage: 'enrolled {days, plural, one {# day} other {# days}} before the start' },
  enrolledAfterStart: { id: 'lookout.risk.reason.enrolledAfterStart', defaultMessage: 'enrolled {days, plural, one {# day} other {# days}} after the start' },
});

/** The rules' reasons and what they say when they cannot judge a course (lib/risk/rules). */
export const ruleReasons = defineMessages({
  activityDrop: {
    id: 'lookout.risk.reason.activityDrop',
    defaultMessage: 'studied on {days, plural, one {# day} other {# days}} in the last {weekDays}, against {perWeek} a week in the {baselineDays} days before ({drop} % less)',
  },
  disengaging: {
    id: 'lookout.risk.reason.disengaging',
    defaultMessage:
      'active on {days, plural, one {# day} other {# days}} ({events, plural, one {# event} other {# events}}) in the {windowDays} days before, none in the last {quietDays, plural, one {# day} other {# days}}',
  },
  inactiveOwnHabit: {
    id: 'lookout.risk.reason.inactiveOwnHabit',
    defaultMessage: 'no activity for {days, plural, one {# day} other {# days}}; usually back within {usual, plural, one {# day} other {# days}}',
  },
  inactiveCourseHabit: {
    id: 'lookout.risk.reason.inactiveCourseHabit',
    defaultMessage: "no activity for {days, plural, one {# day} other {# days}}; course's usual gap {usual, plural, one {# day} other {# days}}",
    description: "The learner has too few study days for a habit of their own: the course's learners' usual gap between study days",
  },
  missedDeadline: {
    id: 'lookout.risk.reason.missedDeadline',
    defaultMessage: 'no attempt at {count, plural, one {# graded subsection} other {# graded subsections}} due in the last {days} days, {share} of the grade: {list}',
    description: '{list}: the subsections with their due days',
  },
  missedDeadlineInARow: {
    id: 'lookout.risk.reason.missedDeadlineInARow',
    defaultMessage: 'no attempt at {count, plural, one {# graded subsection} other {# graded subsections}} due in the last {days} days, {share} of the grade: {list}; the last {inARow} in a row missed',
  },
  dueSubsection: { id: 'lookout.risk.reason.dueSubsection', defaultMessage: '“{title}” (due {day})', description: 'One graded subsection with its due day' },
  subsection: { id: 'lookout.risk.reason.subsection', defaultMessage: '“{title}”', description: 'One graded subsection by its title' },
  subsectionsAndMore: { id: 'lookout.risk.reason.subsectionsAndMore', defaultMessage: '{titles} and {more} more', description: 'Some subsection titles, then how many others' },
  neverStartedSinceEnrolling: {
    id: 'lookout.risk.reason.neverStartedSinceEnrolling',
    defaultMessage: 'enrolled {days, plural, one {# day} other {# days}} ago, no activity yet; {started} of {enrolled} enrolled learners have started',
  },
  neverStartedSinceCourseStart: {
    id: 'lookout.risk.reason.neverStartedSinceCourseStart',
    defaultMessage: 'course started {days, plural, one {# day} other {# days}} ago, no activity yet; {started} of {enrolled} enrolled learners have started',
  },
  offTrack: {
    id: 'lookout.risk.reason.offTrack',
    defaultMessage: 'grade {grade}; on pace to pass needs {needed} by now ({passing}; {basis})',
    description: '{passing} and {basis}: the passing grade and what the pace is measured against, both below',
  },
  noGradeYet: { id: 'lookout.risk.reason.noGradeYet', defaultMessage: '0 % (none yet)', description: 'The grade of a learner with no grade yet' },
  passing: { id: 'lookout.risk.reason.passing', defaultMessage: 'passing {grade}' },
  passingDefault: { id: 'lookout.risk.reason.passingDefault', defaultMessage: 'passing {grade}, the Open edX default' },
  paceByDueDates: { id: 'lookout.risk.reason.paceByDueDates', defaultMessage: '{share} of the grade due so far' },
  paceByElapsed: { id: 'lookout.risk.reason.paceByElapsed', defaultMessage: '{share} of the course elapsed; no due dates known' },
  noneCorrect: { id: 'lookout.risk.reason.noneCorrect', defaultMessage: '{attempts, plural, one {# attempt} other {# attempts}} at problems, none correct' },
  attemptsPerCorrect: {
    id: 'lookout.risk.reason.attemptsPerCorrect',
    defaultMessage: '{ratio} attempts per correct answer ({attempts} attempts, {correct} correct); {percentile}th percentile of {learners} learners {high}',
    description: '{high}: the ratio at that percentile',
  },
  notComparedFewPeers: {
    id: 'lookout.risk.reason.notComparedFewPeers',
    defaultMessage: 'attempts per correct answer not compared: {learners, plural, one {# learner} other {# learners}} with a correct answer; needs {needed}',
    description: 'Why the struggling rule did not judge the course',
  },
  noDueDates: { id: 'lookout.risk.reason.noDueDates', defaultMessage: 'no due dates known', description: 'Why the missed-deadline rule did not judge the course' },
  noGrades: { id: 'lookout.risk.reason.noGrades', defaultMessage: 'no grades known for the course', description: 'Why the off-track rule did not judge the course' },
  noDates: {
    id: 'lookout.risk.reason.noDates',
    defaultMessage: 'no due dates, and course start and end dates not known',
    description: 'Why the off-track rule did not judge the course',
  },
});

/** Where a learner's severity comes from (lib/risk/evaluate.ts). */
export const severityReasons = defineMessages({
  rules: { id: 'lookout.risk.severity.rules', defaultMessage: 'red: {count} rules', description: 'Red because two or more rules flagged the learner' },
  redLevel: { id: 'lookout.risk.severity.redLevel', defaultMessage: 'red: {rules} at its red level', description: '{rules}: rule names' },
  oneRule: { id: 'lookout.risk.severity.oneRule', defaultMessage: 'yellow: 1 rule' },
  scoreOnly: { id: 'lookout.risk.severity.scoreOnly', defaultMessage: 'yellow: no rule fired, ranked by score' },
});

/** Rule names inside a sentence ("red: inactive at its red level"). */
export const ruleNames = defineMessages({
  inactive: { id: 'lookout.risk.ruleName.inactive', defaultMessage: 'inactive', description: 'Rule name inside a sentence' },
  neverStarted: { id: 'lookout.risk.ruleName.neverStarted', defaultMessage: 'never started', description: 'Rule name inside a sentence' },
  disengaging: { id: 'lookout.risk.ruleName.disengaging', defaultMessage: 'disengaging', description: 'Rule name inside a sentence' },
  activityDrop: { id: 'lookout.risk.ruleName.activityDrop', defaultMessage: 'activity drop', description: 'Rule name inside a sentence' },
  struggling: { id: 'lookout.risk.ruleName.struggling', defaultMessage: 'struggling', description: 'Rule name inside a sentence' },
  offTrack: { id: 'lookout.risk.ruleName.offTrack', defaultMessage: 'off track', description: 'Rule name inside a sentence' },
  missedDeadline: { id: 'lookout.risk.ruleName.missedDeadline', defaultMessage: 'missed deadline', description: 'Rule name inside a sentence' },
});
