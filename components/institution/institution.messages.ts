import { defineMessages } from '@/lib/i18n';

/** The strings of /platform and /orgs/<org> (components/institution). */
export const messages = defineMessages({
  platformTitle: { id: 'lookout.institution.platform.title', defaultMessage: 'Platform' },
  platformSubtitle: { id: 'lookout.institution.platform.subtitle', defaultMessage: 'Every course of the platform, live' },
  orgTitle: { id: 'lookout.institution.org.title', defaultMessage: 'Organization {org}' },
  orgSubtitle: { id: 'lookout.institution.org.subtitle', defaultMessage: 'Every course of {org}, live' },
  waiting: { id: 'lookout.institution.status.waiting', defaultMessage: 'waiting for data…' },
  dataAge: { id: 'lookout.institution.status.age', defaultMessage: 'data as of {seconds} s ago' },
  liveUnavailable: { id: 'lookout.institution.status.liveUnavailable', defaultMessage: 'live updates unavailable: {reason}' },
  loadFailed: { id: 'lookout.institution.error.load', defaultMessage: 'Could not load the figures: {reason}' },
  retry: { id: 'lookout.institution.error.retry', defaultMessage: 'Try again' },

  nowTitle: { id: 'lookout.institution.now.title', defaultMessage: 'Right now' },
  activeNow: { id: 'lookout.institution.now.active', defaultMessage: 'learners active in the last {minutes} minutes' },
  eventsLastMinute: { id: 'lookout.institution.now.eventsLastMinute', defaultMessage: 'learner events in the last minute (60 s)' },
  eventsLastHour: { id: 'lookout.institution.now.eventsLastHour', defaultMessage: 'learner events in the last hour' },

  enrollmentsTitle: { id: 'lookout.institution.enrollments.title', defaultMessage: 'Enrollments' },
  enrolledNow: { id: 'lookout.institution.enrollments.enrolledNow', defaultMessage: 'enrolled now' },
  week: { id: 'lookout.institution.column.week', defaultMessage: 'Week of' },
  day: { id: 'lookout.institution.column.day', defaultMessage: 'Day' },
  enrollments: { id: 'lookout.institution.column.enrollments', defaultMessage: 'Enrollments' },
  unenrollments: { id: 'lookout.institution.column.unenrollments', defaultMessage: 'Unenrollments' },
  byMode: { id: 'lookout.institution.column.byMode', defaultMessage: 'By mode (in / out)' },
  enrolledAtEnd: { id: 'lookout.institution.column.enrolledAtEnd', defaultMessage: 'Enrolled at week end' },
  showDays: { id: 'lookout.institution.enrollments.showDays', defaultMessage: 'per day' },
  showWeeks: { id: 'lookout.institution.enrollments.showWeeks', defaultMessage: 'per week' },

  activeTitle: { id: 'lookout.institution.active.title', defaultMessage: 'Active learners per week' },
  active: { id: 'lookout.institution.column.active', defaultMessage: 'Active' },
  newLearners: { id: 'lookout.institution.column.new', defaultMessage: 'New' },
  returning: { id: 'lookout.institution.column.returning', defaultMessage: 'Returning' },
  org: { id: 'lookout.institution.column.org', defaultMessage: 'Org' },
  activeByOrg: { id: 'lookout.institution.active.byOrg', defaultMessage: 'Active learners per week, by org' },

  completionTitle: { id: 'lookout.institution.completion.title', defaultMessage: 'Completion' },
  completionNote: { id: 'lookout.institution.completion.note', defaultMessage: 'passed or earned a certificate, of those enrolled now' },
  passed: { id: 'lookout.institution.column.passed', defaultMessage: 'Passed' },
  certified: { id: 'lookout.institution.column.certified', defaultMessage: 'Certificates' },
  completed: { id: 'lookout.institution.column.completed', defaultMessage: 'Completed' },
  graded: { id: 'lookout.institution.column.graded', defaultMessage: 'Graded' },
  completionRate: { id: 'lookout.institution.column.completionRate', defaultMessage: 'Completion rate' },

  catalogTitle: { id: 'lookout.institution.catalog.title', defaultMessage: 'Course catalog' },
  course: { id: 'lookout.institution.column.course', defaultMessage: 'Course' },
  status: { id: 'lookout.institution.column.status', defaultMessage: 'Status' },
  start: { id: 'lookout.institution.column.start', defaultMessage: 'Start' },
  end: { id: 'lookout.institution.column.end', defaultMessage: 'End' },
  enrolled: { id: 'lookout.institution.column.enrolled', defaultMessage: 'Enrolled' },
  activeThisWeek: { id: 'lookout.institution.column.activeThisWeek', defaultMessage: 'Active this week' },
  weekOverWeek: { id: 'lookout.institution.column.weekOverWeek', defaultMessage: 'vs last week' },
  medianProgress: { id: 'lookout.institution.column.medianProgress', defaultMessage: 'Median progress (units)' },
  passRate: { id: 'lookout.institution.column.passRate', defaultMessage: 'Pass rate' },
  atRisk: { id: 'lookout.institution.column.atRisk', defaultMessage: 'At risk' },
  atRiskShare: { id: 'lookout.institution.column.atRiskShare', defaultMessage: 'At-risk share' },
  filterOrg: { id: 'lookout.institution.catalog.filterOrg', defaultMessage: 'Org' },
  filterStatus: { id: 'lookout.institution.catalog.filterStatus', defaultMessage: 'Status' },
  filterStartFrom: { id: 'lookout.institution.catalog.filterStartFrom', defaultMessage: 'Starts on or after' },
  filterEndBefore: { id: 'lookout.institution.catalog.filterEndBefore', defaultMessage: 'Ends before' },
  filterText: { id: 'lookout.institution.catalog.filterText', defaultMessage: 'Search' },
  all: { id: 'lookout.institution.catalog.all', defaultMessage: 'all' },
  statusUpcoming: { id: 'lookout.institution.status.upcoming', defaultMessage: 'upcoming' },
  statusRunning: { id: 'lookout.institution.status.running', defaultMessage: 'running' },
  statusEnded: { id: 'lookout.institution.status.ended', defaultMessage: 'ended' },
  statusUnknown: { id: 'lookout.institution.status.unknown', defaultMessage: 'no dates' },
  catalogCount: { id: 'lookout.institution.catalog.count', defaultMessage: '{shown} of {total} courses' },
  noCourses: { id: 'lookout.institution.catalog.none', defaultMessage: 'No course is known yet.' },

  atRiskTitle: { id: 'lookout.institution.atRisk.title', defaultMessage: 'At-risk learners across courses' },
  atRiskTotals: { id: 'lookout.institution.atRisk.totals', defaultMessage: '{atRisk} flagged now · {red} red · {yellow} yellow' },
  red: { id: 'lookout.institution.column.red', defaultMessage: 'Red' },
  yellow: { id: 'lookout.institution.column.yellow', defaultMessage: 'Yellow' },
  trend: { id: 'lookout.institution.atRisk.trend', defaultMessage: 'Trend (each course’s last evaluation of the day)' },
  coursesEvaluated: { id: 'lookout.institution.column.coursesEvaluated', defaultMessage: 'Courses evaluated' },
  noAtRisk: { id: 'lookout.institution.atRisk.none', defaultMessage: 'No learner is flagged in these courses (courses are evaluated while someone watches them, and daily).' },

  learnersTitle: { id: 'lookout.institution.learners.title', defaultMessage: 'Learners of {org}' },
  learnersNote: { id: 'lookout.institution.learners.note', defaultMessage: 'enrolled now in the org’s courses' },
  username: { id: 'lookout.institution.column.username', defaultMessage: 'Username' },
  courses: { id: 'lookout.institution.column.courses', defaultMessage: 'Courses enrolled' },
  lastActivity: { id: 'lookout.institution.column.lastActivity', defaultMessage: 'Last activity' },
  progress: { id: 'lookout.institution.column.progress', defaultMessage: 'Progress (units)' },
  grade: { id: 'lookout.institution.column.grade', defaultMessage: 'Grade (mean)' },
  risk: { id: 'lookout.institution.column.risk', defaultMessage: 'At risk in' },
  exportCsv: { id: 'lookout.institution.learners.export', defaultMessage: 'Export CSV' },
  exportPiiNote: { id: 'lookout.institution.learners.exportPii', defaultMessage: 'with names and emails' },
  exportNoPiiNote: { id: 'lookout.institution.learners.exportNoPii', defaultMessage: 'usernames only (your role does not include learners’ emails)' },
  learnersLoading: { id: 'lookout.institution.learners.loading', defaultMessage: 'Loading learners…' },
  learnersNone: { id: 'lookout.institution.learners.none', defaultMessage: 'No learner is enrolled in this org’s courses.' },
  learnersShown: { id: 'lookout.institution.learners.shown', defaultMessage: 'showing {shown} of {total}' },
  never: { id: 'lookout.institution.value.never', defaultMessage: 'never' },
  none: { id: 'lookout.institution.value.none', defaultMessage: '—' },
});

/**
 * What each card of /platform and /orgs/<org> counts. README's "Platform and organizations" carries
 * the same sentences word for word (test/institution/definitions.test.ts checks it).
 */
export const definitions = defineMessages({
  institutionNow: {
    id: 'lookout.institution.definition.now',
    defaultMessage:
      'Active learners: distinct learners with a learner event in the last 5 minutes in any course of the page, staff, instructors and beta testers left out. Events in the last minute: learner events in the last 60 seconds (not "this minute so far"); the chart counts them per minute (UTC) over the last hour, and the hour total sums those minutes. Enrollment events are not activity.',
  },
  enrollments: {
    id: 'lookout.institution.definition.enrollments',
    defaultMessage:
      'Enrollments and unenrollments: the LMS tracking-log events edx.course.enrollment.activated and edx.course.enrollment.deactivated in the dates, per day or per week, by enrollment mode; a mode change is neither, and staff enrollments count. Enrolled at week end: those enrolled now minus the net enrollments since.',
  },
  activeLearners: {
    id: 'lookout.institution.definition.activeLearners',
    defaultMessage:
      'Distinct learners with a learner event in the week, in any course of the page. New: their first learner event in the org (on an org page) or on the platform fell in that week; returning: the others. Staff, instructors and beta testers are left out.',
  },
  completion: {
    id: 'lookout.institution.definition.completion',
    defaultMessage:
      "Learners enrolled now who passed or earned a certificate, per course run. Passed: the latest course grade is at or above the course's passing grade (or the LMS marks the learner as passed). Certificate: the LMS's certificate of the course run is earned (status downloadable); a revoked or not-passing certificate does not count. Completion rate: completed of those enrolled now.",
  },
  catalog: {
    id: 'lookout.institution.definition.catalog',
    defaultMessage:
      "Every course of the page. Enrolled: active enrollments now. Active this week: distinct learners with a learner event since Monday (UTC), and its change from last week. Median progress: the median unit completion of the enrolled learners (units completed of the units in the course structure; a learner with none completed counts 0; a unit completed once counts). Pass rate: of the enrolled learners with a course grade or a certificate, the share who passed or earned a certificate. At risk: learners flagged on the course's live list, and their share of the enrolled. Status comes from the LMS's start and end dates. Staff, instructors and beta testers are left out of active learners, progress and grades.",
  },
  learners: {
    id: 'lookout.institution.definition.learners',
    defaultMessage:
      "Learners enrolled now in the org's courses; staff, instructors and beta testers are left out. Courses enrolled: the org's courses they are enrolled in now. Last activity: their latest learner event in those courses. Progress: units completed over the units of their courses, summed over those of their courses that have a course structure (a unit completed once counts; a learner with none completed has 0; when none of their courses has a structure, no value). Grade: the mean of their latest course grades, over the courses that graded them. At risk in: the courses where they are flagged on the live at-risk list.",
  },
  atRiskSummary: {
    id: 'lookout.institution.definition.atRiskSummary',
    defaultMessage:
      "Learners flagged now on each course's at-risk list, by severity. Trend: per day, the sum of each course's last evaluation that day; a course is evaluated while someone watches it and daily, so the trend says how many courses each day covers.",
  },
});
