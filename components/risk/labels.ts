import type { RuleName, Severity, ThresholdSource } from '@/lib/risk/types';
import type { SortKey } from '@/lib/export/atRiskQuery';

export const RULE_LABELS: Record<RuleName, string> = {
  inactive: 'Inactive',
  neverStarted: 'Never started',
  disengaging: 'Disengaging',
  activityDrop: 'Activity drop',
  struggling: 'Struggling',
  offTrack: 'Off track',
  missedDeadline: 'Missed deadline',
};

export const SEVERITY_LABELS: Record<Severity, string> = { red: 'Red', yellow: 'Yellow' };

export const SORT_LABELS: Record<SortKey, string> = {
  rank: 'Rank (risk score)',
  severity: 'Severity',
  daysInactive: 'Days inactive',
  lastActivity: 'Last activity',
  grade: 'Grade',
  progress: 'Progress',
  firstFlagged: 'First flagged',
  username: 'Learner',
};

export const SOURCE_LABELS: Record<ThresholdSource, string> = {
  course: 'set for this course',
  org: 'set for the org',
  global: 'set globally',
  default: 'default',
};

/** 'YYYY-MM-DD HH:MM' UTC, or '–'. */
export function utcMinute(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')}` : '–';
}

export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`;
}
