import type { RuleName } from './types';

/** Rule names in words, for the reasons and severities the list shows. */
export const RULE_LABELS: Readonly<Record<RuleName, string>> = {
  inactive: 'inactive',
  neverStarted: 'never started',
  disengaging: 'disengaging',
  activityDrop: 'activity drop',
  struggling: 'struggling',
  offTrack: 'off track',
  missedDeadline: 'missed deadline',
};
