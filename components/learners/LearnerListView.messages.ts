import { defineMessages } from '@/lib/i18n';

/** The list behind each count: its title names what was counted. */
export const learnerListMessages = defineMessages({
  active: { id: 'lookout.learners.title.active', defaultMessage: 'Active learners' },
  watched: { id: 'lookout.learners.title.watched', defaultMessage: 'Learners who watched a video' },
  tried: { id: 'lookout.learners.title.tried', defaultMessage: 'Learners who tried a problem' },
  grade: { id: 'lookout.learners.title.grade', defaultMessage: 'Learners with a grade of {item}' },
  unit: { id: 'lookout.learners.title.unit', defaultMessage: 'Learners who completed {item}' },
  video: { id: 'lookout.learners.title.video', defaultMessage: 'Viewers of {item}' },
  problem: { id: 'lookout.learners.title.problem', defaultMessage: 'Learners who tried {item}' },
  atRisk: { id: 'lookout.learners.title.atRisk', defaultMessage: 'At-risk learners' },
  window: { id: 'lookout.learners.window', defaultMessage: '{count, plural, one {# learner} other {# learners}} · {from} to {to} (UTC, end excluded)' },
  windowNone: { id: 'lookout.learners.windowNone', defaultMessage: '{count, plural, one {# learner} other {# learners}} · now' },
  csv: { id: 'lookout.learners.csv', defaultMessage: 'Download CSV' },
  back: { id: 'lookout.learners.back', defaultMessage: 'Back to the dashboard' },
  pii: { id: 'lookout.learners.pii', defaultMessage: 'Names and emails are shown because your role may export this course; this view is recorded in the exports audit.' },
  noPii: { id: 'lookout.learners.noPii', defaultMessage: 'Usernames only: names and emails are for roles that may export learners’ details.' },
  empty: { id: 'lookout.learners.empty', defaultMessage: 'Nobody: the count is 0 for this period.' },
  badRequest: { id: 'lookout.learners.badRequest', defaultMessage: 'This list cannot be shown: {reason}' },
  colLearner: { id: 'lookout.learners.col.learner', defaultMessage: 'Learner' },
  colName: { id: 'lookout.learners.col.name', defaultMessage: 'Name' },
  colEmail: { id: 'lookout.learners.col.email', defaultMessage: 'Email' },
});
