import { defineMessages } from '@/lib/i18n';

/** The list behind each count: its title names what was counted. */
export const learnerListMessages = defineMessages({
  active: { id: 'learners.title.active', defaultMessage: 'Active learners' },
  watched: { id: 'learners.title.watched', defaultMessage: 'Learners who watched a video' },
  tried: { id: 'learners.title.tried', defaultMessage: 'Learners who tried a problem' },
  grade: { id: 'learners.title.grade', defaultMessage: 'Learners with a grade of {item}' },
  unit: { id: 'learners.title.unit', defaultMessage: 'Learners who completed {item}' },
  video: { id: 'learners.title.video', defaultMessage: 'Viewers of {item}' },
  problem: { id: 'learners.title.problem', defaultMessage: 'Learners who tried {item}' },
  atRisk: { id: 'learners.title.atRisk', defaultMessage: 'At-risk learners' },
  window: { id: 'learners.window', defaultMessage: '{count} learner(s) · {from} to {to} (UTC, end excluded)' },
  windowNone: { id: 'learners.windowNone', defaultMessage: '{count} learner(s) · now' },
  csv: { id: 'learners.csv', defaultMessage: 'Download CSV' },
  back: { id: 'learners.back', defaultMessage: 'Back to the dashboard' },
  pii: { id: 'learners.pii', defaultMessage: 'Names and emails are shown because your role may export this course; this view is recorded in the exports audit.' },
  noPii: { id: 'learners.noPii', defaultMessage: 'Usernames only: names and emails are for roles that may export learners’ details.' },
  empty: { id: 'learners.empty', defaultMessage: 'Nobody: the count is 0 for this period.' },
  badRequest: { id: 'learners.badRequest', defaultMessage: 'This list cannot be shown: {reason}' },
  colLearner: { id: 'learners.col.learner', defaultMessage: 'Learner' },
  colName: { id: 'learners.col.name', defaultMessage: 'Name' },
  colEmail: { id: 'learners.col.email', defaultMessage: 'Email' },
});
