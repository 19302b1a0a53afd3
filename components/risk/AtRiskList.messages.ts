import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  title: { id: 'lookout.atRisk.listTitle', defaultMessage: 'At-risk learners' },
  summary: { id: 'lookout.atRisk.summary', defaultMessage: '{flagged} of {evaluated} learners' },
  red: { id: 'lookout.atRisk.red', defaultMessage: '{count} red' },
  yellow: { id: 'lookout.atRisk.yellow', defaultMessage: '{count} yellow' },
  evaluatedSecondsAgo: { id: 'lookout.atRisk.evaluatedSecondsAgo', defaultMessage: 'evaluated {seconds} s ago' },
  evaluatedMinutesAgo: { id: 'lookout.atRisk.evaluatedMinutesAgo', defaultMessage: 'evaluated {minutes} min ago' },
  evaluated: { id: 'lookout.atRisk.evaluated', defaultMessage: '{evaluated} of {enrolled} enrolled learners evaluated.' },
  leftOut: { id: 'lookout.atRisk.leftOut', defaultMessage: 'Not evaluated: {reasons}.' },
  noneLeftOut: { id: 'lookout.atRisk.noneLeftOut', defaultMessage: 'None left out.' },
  excludedPassed: { id: 'lookout.atRisk.excludedPassed', defaultMessage: '{count} already passed' },
  excludedNew: { id: 'lookout.atRisk.excludedNew', defaultMessage: '{count} enrolled in the last days (not scored yet)' },
  excludedStaff: { id: 'lookout.atRisk.excludedStaff', defaultMessage: '{count} staff, instructors or beta testers' },
  lastActivity: { id: 'lookout.atRisk.lastActivity', defaultMessage: 'Last activity' },
  firstFlagged: { id: 'lookout.atRisk.firstFlagged', defaultMessage: 'First flagged' },
});

export const listMessages = defineMessages({
  filterAndSort: { id: 'lookout.atRisk.filterAndSort', defaultMessage: 'Filter and sort' },
  rule: { id: 'lookout.atRisk.rule', defaultMessage: 'Rule' },
  severity: { id: 'lookout.atRisk.severity', defaultMessage: 'Severity' },
  sort: { id: 'lookout.atRisk.sort', defaultMessage: 'Sort' },
  ascending: { id: 'lookout.atRisk.ascending', defaultMessage: '↑ ascending' },
  descending: { id: 'lookout.atRisk.descending', defaultMessage: '↓ descending' },
  exportCsv: { id: 'lookout.atRisk.exportCsv', defaultMessage: 'Export CSV' },
  notJudged: { id: 'lookout.atRisk.notJudged', defaultMessage: 'Not judged here:' },
  loading: { id: 'lookout.atRisk.loading', defaultMessage: 'Loading…' },
  noMatch: { id: 'lookout.atRisk.noMatch', defaultMessage: 'No at-risk learner matches this filter.' },
  budgetNone: { id: 'lookout.atRisk.budgetNone', defaultMessage: 'No learner flagged: {per100} per 100 of {enrolled} enrolled allows none.' },
  noneAtRisk: { id: 'lookout.atRisk.noneAtRisk', defaultMessage: 'No learner is at risk right now.' },
  rank: { id: 'lookout.atRisk.rank', defaultMessage: 'Rank' },
  risk: { id: 'lookout.atRisk.risk', defaultMessage: 'Risk' },
  learner: { id: 'lookout.atRisk.learner', defaultMessage: 'Learner' },
  why: { id: 'lookout.atRisk.why', defaultMessage: 'Why' },
  grade: { id: 'lookout.atRisk.grade', defaultMessage: 'Grade' },
  progress: { id: 'lookout.atRisk.progress', defaultMessage: 'Progress' },
  hardAlert: {
    id: 'lookout.atRisk.hardAlert',
    defaultMessage: 'hard alert',
    description: 'Under the score of a learner listed beyond the flag budget because a rule fired at its red level',
  },
  daysAgo: { id: 'lookout.atRisk.daysAgo', defaultMessage: '{days, plural, one {# day ago} other {# days ago}}', description: 'Days since the last activity' },
  more: { id: 'lookout.atRisk.more', defaultMessage: '{count} more', description: 'At-risk learners beyond the ones a short list shows' },
  seeAll: { id: 'lookout.atRisk.seeAll', defaultMessage: 'see them all', description: 'Link from a short at-risk list to the whole list' },
});

/** The paragraph under the list's header that says how the list is made. */
export const explainMessages = defineMessages({
  rankedByScore: {
    id: 'lookout.atRisk.explain.rankedByScore',
    defaultMessage: 'Ranked by risk score; the top {per100} of every 100 enrolled are flagged: {count} of {enrolled} enrolled.',
    description: 'How the at-risk list is ranked and cut, when no trained model is named',
  },
  rankedByModel: {
    id: 'lookout.atRisk.explain.rankedByModel',
    defaultMessage:
      'Ranked by risk score (the probability that a learner {model}); the top {per100} of every 100 enrolled are flagged: {count} of {enrolled} enrolled.',
    description: 'How the at-risk list is ranked and cut; {model} is what the model predicts, e.g. "does not pass"',
  },
  passedLeftOut: {
    id: 'lookout.atRisk.explain.passedLeftOut',
    defaultMessage: '{count, plural, one {# learner who already passed is left out.} other {# learners who already passed are left out.}}',
  },
  newNotScored: {
    id: 'lookout.atRisk.explain.newNotScored',
    defaultMessage: '{count, plural, one {# learner who enrolled in the last days is not scored yet.} other {# who enrolled in the last days are not scored yet.}}',
  },
  severity: {
    id: 'lookout.atRisk.explain.severity',
    defaultMessage: 'Severity comes from the rules: red = a red rule or 2 rules, yellow = 1 rule or none.',
  },
  model: { id: 'lookout.atRisk.explain.model', defaultMessage: 'Model: {trainedOn}.', description: 'What the risk model was trained on' },
});
