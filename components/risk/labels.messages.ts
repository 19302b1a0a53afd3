import { defineMessages } from '@/lib/i18n';

/** Names of the early warning's rules, severities, sort keys and threshold sources (components/risk/labels.ts). */
export const ruleMessages = defineMessages({
  inactive: { id: 'lookout.risk.rule.inactive', defaultMessage: 'Inactive', description: 'Rule name' },
  neverStarted: { id: 'lookout.risk.rule.neverStarted', defaultMessage: 'Never started', description: 'Rule name' },
  disengaging: { id: 'lookout.risk.rule.disengaging', defaultMessage: 'Disengaging', description: 'Rule name' },
  activityDrop: { id: 'lookout.risk.rule.activityDrop', defaultMessage: 'Activity drop', description: 'Rule name' },
  struggling: { id: 'lookout.risk.rule.struggling', defaultMessage: 'Struggling', description: 'Rule name' },
  offTrack: { id: 'lookout.risk.rule.offTrack', defaultMessage: 'Off track', description: 'Rule name' },
  missedDeadline: { id: 'lookout.risk.rule.missedDeadline', defaultMessage: 'Missed deadline', description: 'Rule name' },
});

export const severityMessages = defineMessages({
  red: { id: 'lookout.risk.severity.red', defaultMessage: 'Red', description: 'Severity' },
  yellow: { id: 'lookout.risk.severity.yellow', defaultMessage: 'Yellow', description: 'Severity' },
});

export const sortMessages = defineMessages({
  rank: { id: 'lookout.risk.sort.rank', defaultMessage: 'Rank (risk score)', description: 'Sort key' },
  severity: { id: 'lookout.risk.sort.severity', defaultMessage: 'Severity', description: 'Sort key' },
  daysInactive: { id: 'lookout.risk.sort.daysInactive', defaultMessage: 'Days inactive', description: 'Sort key' },
  lastActivity: { id: 'lookout.risk.sort.lastActivity', defaultMessage: 'Last activity', description: 'Sort key' },
  grade: { id: 'lookout.risk.sort.grade', defaultMessage: 'Grade', description: 'Sort key' },
  progress: { id: 'lookout.risk.sort.progress', defaultMessage: 'Progress', description: 'Sort key' },
  firstFlagged: { id: 'lookout.risk.sort.firstFlagged', defaultMessage: 'First flagged', description: 'Sort key' },
  username: { id: 'lookout.risk.sort.username', defaultMessage: 'Learner', description: 'Sort key' },
});

export const sourceMessages = defineMessages({
  course: { id: 'lookout.risk.source.course', defaultMessage: 'set for this course', description: 'Where a threshold comes from' },
  org: { id: 'lookout.risk.source.org', defaultMessage: 'set for the org', description: 'Where a threshold comes from' },
  global: { id: 'lookout.risk.source.global', defaultMessage: 'set globally', description: 'Where a threshold comes from' },
  default: { id: 'lookout.risk.source.default', defaultMessage: 'default', description: 'Where a threshold comes from' },
});

/** The at-risk filters' options (components/risk/FilterOptions.tsx). */
export const filterMessages = defineMessages({
  allRules: { id: 'lookout.risk.filter.allRules', defaultMessage: 'all rules', description: 'Rule filter: no filter' },
  bothSeverities: { id: 'lookout.risk.filter.bothSeverities', defaultMessage: 'red and yellow', description: 'Severity filter: no filter' },
  severityOnly: { id: 'lookout.risk.filter.severityOnly', defaultMessage: '{severity} only', description: 'Severity filter: one severity' },
});
