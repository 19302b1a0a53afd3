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
  /** Risk score: the model's probability of withdrawing / going quiet, 0–1. */
  score: number;
  /** Place by score among the learners evaluated (1 = highest). */
  rank: number;
  /** The features that push the score up most, in words with their numbers. */
  reasons: string[];
  /** On the list by the score within the flag budget, or beyond it as a hard alert (red rules, when switched on). */
  flaggedBy: 'budget' | 'hardAlert';
  /** From the rules: one yellow rule → yellow; a red rule or ≥ 2 rules → red; no rule → yellow. */
  severity: Severity;
  /** Why that severity, e.g. "red: 2 rules", "yellow: no rule fired, ranked by score". */
  severityReason: string;
  /** The rules that fired for the learner (reasons and hard alerts). */
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
  /** activity drop: study days in the last 7 at least this share below the learner's own weekly rate of the 3 weeks before (0.6 = 60 %). */
  activityDropShare: number;
  /** activity drop: the 3 weeks before need at least this many study days (a baseline to drop from). */
  activityDropMinBaselineDays: number;
  /** inactive: also at least this many times the learner's usual gap between study days (the course's when theirs is unknown). */
  inactiveGapFactor: number;
  /** struggling: attempts per correct answer at or above this percentile of peers. */
  strugglingPercentile: number;
  /** struggling: … or at least this many attempts with none correct. */
  strugglingAttemptsNoneCorrect: number;
  /** off track: grade below passing × the weight due so far, once this share of the grade is due. */
  offTrackMinWeightDue: number;
  /** off track without due dates or weights: grade below passing × elapsed share once this share of the course has elapsed. */
  offTrackElapsedShare: number;
  /** missed deadline: graded subsections due within this many days before now. */
  missedDeadlineDays: number;
  /** missed deadline: the missed ones must weigh at least this share of the final grade… */
  missedDeadlineMinWeight: number;
  /** … or be at least this many misses in a row. */
  missedDeadlineConsecutive: number;
  /** The list flags the highest risk scores, at most this many of every 100 enrolled learners. */
  flagBudgetPer100: number;
  /** Hard alerts, on the list also beyond the budget: 0 none, 1 learners whose rules are red, 2 any rule. */
  hardAlerts: number;
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
  activityDropShare: 0.6,
  activityDropMinBaselineDays: 3,
  inactiveGapFactor: 2,
  strugglingPercentile: 85,
  strugglingAttemptsNoneCorrect: 5,
  offTrackMinWeightDue: 0.1,
  offTrackElapsedShare: 0.25,
  missedDeadlineDays: 14,
  missedDeadlineMinWeight: 0.05,
  missedDeadlineConsecutive: 2,
  flagBudgetPer100: 15,
  hardAlerts: 0,
  minActivePeers: 20,
  newEnrollmentDays: 3,
});

export type ThresholdName = keyof RiskThresholds;
export const THRESHOLD_NAMES = Object.keys(DEFAULT_THRESHOLDS) as ThresholdName[];

export type ThresholdScope = 'global' | 'org' | 'course';
export type ThresholdSource = ThresholdScope | 'default';
