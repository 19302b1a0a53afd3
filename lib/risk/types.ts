/** Early warning (DESIGN §6): the rules, their flags and the thresholds admins set. */

export type RuleName = 'inactive' | 'neverStarted' | 'disengaging' | 'activityDrop' | 'struggling' | 'offTrack' | 'missedDeadline';
export const RULE_NAMES: readonly RuleName[] = ['inactive', 'neverStarted', 'disengaging', 'activityDrop', 'struggling', 'offTrack', 'missedDeadline'];

export type Severity = 'yellow' | 'red';

export interface RiskFlag {
  rule: RuleName;
  severity: Severity;
  /** Plain language with the numbers, e.g. "no activity for 9 days; course median gap 1 day". */
  reason: string;
  /** When the condition began to hold, when the rule can tell (ISO); approximates first_flagged_at. */
  since?: string;
}

export interface LearnerRisk {
  userId: number;
  username: string;
  /** One yellow rule → yellow; a red rule or ≥ 2 rules → red. */
  severity: Severity;
  flags: RiskFlag[];
  /** Latest learner event at or before the evaluation time (ISO). */
  lastActivity: string | null;
  /** Whole days since lastActivity; null when the learner never started. */
  daysInactive: number | null;
  /** Latest course grade, 0–1. */
  grade: number | null;
  /** 0–1 share of the course's blocks the learner completed. */
  progress: number | null;
  enrollmentMode: string;
  /** First time the learner was flagged in the current at-risk spell (ISO). */
  firstFlaggedAt: string;
}

export interface RiskThresholds {
  /** inactive: days without a learner event for yellow. */
  inactiveYellowDays: number;
  /** inactive: days without a learner event for red. */
  inactiveRedDays: number;
  /** never started: days enrolled (counted from the course start if later) with no learner event. */
  neverStartedDays: number;
  /** disengaging: active in the window before, none in the last window of this many days. */
  disengagingDays: number;
  /** activity drop: the last 7 days' active time at or below this percentile of active peers. */
  activityDropPercentile: number;
  /** activity drop: … or at least this share below the course average (0.2 = 20 %). */
  activityDropBelowAverage: number;
  /** struggling: attempts per correct answer at or above this percentile of peers. */
  strugglingPercentile: number;
  /** struggling: … or at least this many attempts with none correct. */
  strugglingAttemptsNoneCorrect: number;
  /** off track: grade below passing once this share of the course has elapsed. */
  offTrackElapsedShare: number;
  /** missed deadline: graded subsections due within this many days before now. */
  missedDeadlineDays: number;
  /** Peer-relative rules stay silent with fewer active peers than this. */
  minActivePeers: number;
  /** Learners enrolled fewer days than this are not flagged. */
  newEnrollmentDays: number;
}

export const DEFAULT_THRESHOLDS: Readonly<RiskThresholds> = Object.freeze({
  inactiveYellowDays: 7,
  inactiveRedDays: 14,
  neverStartedDays: 7,
  disengagingDays: 7,
  activityDropPercentile: 15,
  activityDropBelowAverage: 0.2,
  strugglingPercentile: 85,
  strugglingAttemptsNoneCorrect: 5,
  offTrackElapsedShare: 0.25,
  missedDeadlineDays: 14,
  minActivePeers: 20,
  newEnrollmentDays: 3,
});

export type ThresholdName = keyof RiskThresholds;
export const THRESHOLD_NAMES = Object.keys(DEFAULT_THRESHOLDS) as ThresholdName[];

export type ThresholdScope = 'global' | 'org' | 'course';
export type ThresholdSource = ThresholdScope | 'default';
