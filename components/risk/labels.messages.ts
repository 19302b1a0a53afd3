import { defineMessages } from '@/lib/i18n';

/** Names of the early warning's rules, severities, sort keys and threshold sources (components/risk/labels.ts). */
export const ruleMessages = defineMessages({
  inactive: { id: 'risk.rule.inactive', defaultMessage: 'Inactive', description: 'Rule name' },
  neverStarted: { id: 'risk.rule.neverStarted', defaultMessage: 'Never started', description: 'Rule name' },
  disengaging: { id: 'risk.rule.disengaging', defaultMessage: 'Disengaging', description: 'Rule name' },
  activityDrop: { id: 'risk.rule.activityDrop', defaultMessage: 'Activity drop', description: 'Rule name' },
  struggling: { id: 'risk.rule.struggling', defaultMessage: 'Struggling', description: 'Rule name' },
  offTrack: { id: 'risk.rule.offTrack', defaultMessage: 'Off track', description: 'Rule name' },
  missedDeadline: { id: 'risk.rule.missedDeadline', defaultMessage: 'Missed deadline', description: 'Rule name' },
});

export const severityMessages = defineMessages({
  red: { id: 'risk.severity.red', defaultMessage: 'Red', description: 'Severity' },
  yellow: { id: 'risk.severity.yellow', defaultMessage: 'Yellow', description: 'Severity' },
});

export const sortMessages = defineMessages({
  rank: { id: 'risk.sort.rank', defaultMessage: 'Rank (risk score)', description: 'Sort key' },
  severity: { id: 'risk.sort.severity', defaultMessage: 'Severity', description: 'Sort key' },
  daysInactive: { id: 'risk.sort.daysInactive', defaultMessage: 'Days inactive', description: 'Sort key' },
  lastActivity: { id: 'risk.sort.lastActivity', defaultMessage: 'Last activity', description: 'Sort key' },
  grade: { id: 'risk.sort.grade', defaultMessage: 'Grade', description: 'Sort key' },
  progress: { id: 'risk.sort.progress', defaultMessage: 'Progress', description: 'Sort key' },
  firstFlagged: { id: 'risk.sort.firstFlagged', defaultMessage: 'First flagged', description: 'Sort key' },
  username: { id: 'risk.sort.username', defaultMessage: 'Learner', description: 'Sort key' },
});

export const sourceMessages = defineMessages({
  course: { id: 'risk.source.course', defaultMessage: 'set for this course', description: 'Where a threshold comes from' },
  org: { id: 'risk.source.org', defaultMessage: 'set for the org', description: 'Where a threshold comes from' },
  global: { id: 'risk.source.global', defaultMessage: 'set globally', description: 'Where a threshold comes from' },
  default: { id: 'risk.source.default', defaultMessage: 'default', description: 'Where a threshold comes from' },
});

/** The at-risk filters' options (components/risk/FilterOptions.tsx). */
export const filterMessages = defineMessages({
  allRules: { id: 'risk.filter.allRules', defaultMessage: 'all rules', description: 'Rule filter: no filter' },
  bothSeverities: { id: 'risk.filter.bothSeverities', defaultMessage: 'red and yellow', description: 'Severity filter: no filter' },
  severityOnly: { id: 'risk.filter.severityOnly', defaultMessage: '{severity} only', description: 'Severity filter: one severity' },
});
