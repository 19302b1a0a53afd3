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
