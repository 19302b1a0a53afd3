import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { cohortParams, loadCohort, type Cohort } from './cohort';
import { compactRows } from './compactRows';
import { USERNAMES_SQL } from '../metrics/usernames';
import { unnamedLearner } from '../embed/paths';
import { RULES } from './rules';
import { daysSince } from './rules/inactive';
import { learnerSignals } from './features';
import type { RiskModel } from './model';
import { chooseFlagged, flagBudget, rankLearners } from './rank';
import { RULE_LABELS } from './ruleLabels';
import { formatMessage } from '../i18n';
import { severityReasons } from './reasons.messages';
import { currentModel } from './train';
import { DEFAULT_THRESHOLDS, RULE_NAMES, type LearnerRisk, type RiskFlag, type RiskThresholds, type RuleName, type Severity } from './types';

export interface EvaluateOptions {
  courseId: string;
  /** The evaluation instant: only data with time <= at is used. */
  at: Date;
  thresholds?: RiskThresholds;
  /** Only these rules (default: all). */
  rules?: RuleName[];
  /** Live evaluation: update the flag state (first flagged / cleared) so firstFlaggedAt persists. */
  recordFlags?: boolean;
  /** The score's model (default: the platform's latest trained one, else the shipped prior). */
  model?: RiskModel;
}

export interface CourseAssessment {
  /** The flagged learners, ranked by score (hard alerts beyond the budget after them). */
  learners: LearnerRisk[];
  /** Learners scored and checked by the rules (after exclusions). */
  evaluated: number;
  /** Learners enrolled now (the budget counts per 100 of them). */
  enrolled: number;
  /** How many the budget lets the score flag, and the setting it comes from. */
  budget: { per100: number; count: number };
  /** The model that scored, as the page explains it. */
  model: { label: string; trainedOn: string; trainedAt: string };
  excluded: Cohort['excluded'];
  /** Rules that could not judge this course, with why ("no due dates known", too few active peers…). */
  silent: Partial<Record<RuleName, string>>;
}

/**
 * Rules that state the same fact count once towards "≥ 2 rules": disengaging (none in the last
 * 7 days after an active week) always fires with inactive (none for ≥ 7 days), so counting both
 * would make every newly quiet learner red and leave inactive's yellow step unreachable.
 */
const SIGNAL_OF: Partial<Record<RuleName, RuleName>> = { disengaging: 'inactive' };

/** One yellow rule → yellow; a red rule or ≥ 2 rules (distinct signals) → red (DESIGN §6). */
export function combineSeverity(flags: readonly RiskFlag[]): Severity {
  return explainSeverity(flags).severity;
}

/** The severity and its reason in words, as the page shows it ("red: 2 rules"). */
export function explainSeverity(flags: readonly RiskFlag[]): { severity: Severity; reason: string } {
  const signals = new Set(flags.map((f) => SIGNAL_OF[f.rule] ?? f.rule));
  const reds = flags.filter((f) => f.severity === 'red').map((f) => RULE_LABELS[f.rule]);
  if (signals.size >= 2) return { severity: 'red', reason: formatMessage(severityReasons.rules, { count: signals.size }) };
  if (reds.length) return { severity: 'red', reason: formatMessage(severityReasons.redLevel, { rules: reds.join(', ') }) };
  if (flags.length) return { severity: 'yellow', reason: formatMessage(severityReasons.oneRule) };
  return { severity: 'yellow', reason: formatMessage(severityReasons.scoreOnly) };
}

/** The at-risk list of a course at `at` (DESIGN §6): the flagged learners, ranked. */
export async function evaluateCourse(lake: Lake, opts: EvaluateOptions): Promise<LearnerRisk[]> {
  return (await assessCourse(lake, opts)).learners;
}

/** Every rule's flags per learner at `at` (the rules alone, as bench:risk-eval judges them). */
export async function ruleFlags(lake: Lake, opts: EvaluateOptions): Promise<Map<number, RiskFlag[]>> {
  const cohort = await loadCohort(lake, opts.courseId, opts.at, opts.thresholds ?? { ...DEFAULT_THRESHOLDS });
  const names = RULE_NAMES.filter((n) => !opts.rules || opts.rules.includes(n));
  const outcomes = await Promise.all(names.map((n) => RULES[n].evaluate(lake, cohort)));
  const out = new Map<number, RiskFlag[]>();
  for (const o of outcomes) for (const [userId, flag] of o.flags) out.set(userId, [...(out.get(userId) ?? []), flag]);
  return out;
}

/**
 * The course's at-risk list: every eligible learner scored (lib/risk/model.ts) and ranked; the
 * highest flagBudgetPer100 of every 100 enrolled are flagged, with the score's reasons and the
 * rules that fired; with hardAlerts 1, learners whose rules are red join beyond the budget (2: any rule).
 */
export async function assessCourse(lake: Lake, opts: EvaluateOptions): Promise<CourseAssessment> {
  const thresholds = opts.thresholds ?? { ...DEFAULT_THRESHOLDS };
  const cohort = await loadCohort(lake, opts.courseId, opts.at, thresholds);
  const names = RULE_NAMES.filter((n) => !opts.rules || opts.rules.includes(n));
  const [model, signals, ...outcomes] = await Promise.all([opts.model ?? currentModel(lake), learnerSignals(lake, cohort), ...names.map((n) => RULES[n].evaluate(lake, cohort))]);

  const flagsByUser = new Map<number, RiskFlag[]>();
  const silent: CourseAssessment['silent'] = {};
  outcomes.forEach((o, i) => {
    if (o.silent) silent[names[i]!] = o.silent;
    for (const [userId, flag] of o.flags) flagsByUser.set(userId, [...(flagsByUser.get(userId) ?? []), flag]);
  });

  const enrolled = cohort.everyone.filter((l) => l.enrolled === true || (l.enrolled === null && l.enrolledAt)).length;
  const budget = { per100: thresholds.flagBudgetPer100, count: flagBudget(enrolled, thresholds.flagBudgetPer100) };
  const ranked = rankLearners(model, signals);
  const state = await flagState(lake, cohort.courseId);
  const inBudget = chooseFlagged(ranked, budget.count, flaggedBefore(state, opts.at));
  const chosen = ranked.map((r) => {
    const flags = flagsByUser.get(r.userId) ?? [];
    const severity = explainSeverity(flags);
    const alert = (thresholds.hardAlerts >= 1 && severity.severity === 'red') || (thresholds.hardAlerts >= 2 && flags.length > 0);
    const flaggedBy: LearnerRisk['flaggedBy'] | null = inBudget.has(r.userId) ? 'budget' : alert ? 'hardAlert' : null;
    return { r, flags, severity, flaggedBy };
  }).filter((c) => c.flaggedBy !== null);

  const ids = chosen.map((c) => c.r.userId);
  const details = await learnerDetails(lake, cohort, ids);
  const learners: LearnerRisk[] = chosen.map(({ r, flags, severity, flaggedBy }) => {
    const l = r.signals.learner;
    return {
      userId: r.userId,
      username: details.usernames.get(r.userId) ?? unnamedLearner(r.userId),
      score: Math.round(r.score * 10_000) / 10_000,
      rank: r.rank,
      reasons: r.reasons,
      flaggedBy: flaggedBy!,
      severity: severity.severity,
      severityReason: severity.reason,
      flags,
      lastActivity: l.lastActivity?.toISOString() ?? null,
      daysInactive: l.lastActivity ? daysSince(l.lastActivity, opts.at) : null,
      grade: l.grade,
      progress: details.totalBlocks > 0 ? (details.completed.get(r.userId) ?? 0) / details.totalBlocks : null,
      enrollmentMode: l.mode,
      firstFlaggedAt: new Date(firstFlaggedAt(opts.at, flags, state.get(r.userId))).toISOString(),
    };
  });
  if (opts.recordFlags) await recordFlags(lake, opts.courseId, opts.at, learners, state);
  return {
    learners,
    evaluated: cohort.eligible.length,
    enrolled,
    budget,
    model: { label: model.label, trainedOn: model.trainedOn, trainedAt: model.trainedAt },
    excluded: cohort.excluded,
    silent,
  };
}

/**
 * The start of the current at-risk spell: the stored one when the live list recorded it; else
 * the earliest time a flag's condition began (or `at`), not before the last spell closed.
 */
function firstFlaggedAt(at: Date, flags: readonly RiskFlag[], stored: FlagState | undefined): number {
  if (stored?.flagged && stored.firstFlaggedAt <= at) return stored.firstFlaggedAt.getTime();
  let t = Math.min(at.getTime(), ...flags.map((f) => (f.since ? Date.parse(f.since) : at.getTime())));
  if (stored && !stored.flagged && stored.updatedAt <= at) t = Math.max(t, stored.updatedAt.getTime());
  return t;
}

const COMPLETED_SQL = `
  SELECT user_id, block_key AS block FROM lms_block_completion FINAL
  WHERE course_key = {courseId:String} AND completion >= 1 AND modified <= {at:DateTime64(3, 'UTC')}
  UNION ALL
  SELECT user_id, block_id FROM events
  WHERE course_id = {courseId:String} AND name = 'edx.completion.block_completion.changed' AND completion >= 1
    AND block_id != '' AND user_id > 0 AND time <= {at:DateTime64(3, 'UTC')}`;

/** Usernames and completed blocks of the flagged learners (the list's columns, not rule features). */
async function learnerDetails(lake: Lake, cohort: Cohort, ids: number[]) {
  const params = { ...cohortParams(cohort), ids };
  if (!ids.length) return { usernames: new Map<number, string>(), completed: new Map<number, number>(), totalBlocks: 0 };
  const [names, progress] = await Promise.all([
    compactRows<[number, string]>(lake, USERNAMES_SQL, params),
    queryRows<{ user_id: string; done: string; total: string }>(
      lake,
      `SELECT user_id, uniqExact(block) AS done, (SELECT uniqExact(block) FROM (${COMPLETED_SQL})) AS total
       FROM (${COMPLETED_SQL}) WHERE user_id IN {ids:Array(UInt64)} GROUP BY user_id
       UNION ALL SELECT 0, 0, (SELECT uniqExact(block) FROM (${COMPLETED_SQL}))`,
      params,
    ),
  ]);
  return {
    usernames: new Map(names),
    completed: new Map(progress.filter((r) => Number(r.user_id) > 0).map((r) => [Number(r.user_id), Number(r.done)])),
    totalBlocks: Number(progress[0]?.total ?? 0),
  };
}

interface FlagState {
  flagged: boolean;
  firstFlaggedAt: Date;
  updatedAt: Date;
}

/** Learners the live list had flagged at `at` (their spell began by then): they keep their place more easily (chooseFlagged). */
function flaggedBefore(state: Map<number, FlagState>, at: Date): Set<number> {
  return new Set([...state].filter(([, s]) => s.flagged && s.firstFlaggedAt <= at).map(([userId]) => userId));
}

async function flagState(lake: Lake, courseId: string): Promise<Map<number, FlagState>> {
  const rows = await queryRows<{ user_id: string; flagged: number; first_flagged_at: string; updated_at: string }>(
    lake,
    `SELECT user_id, flagged, first_flagged_at, updated_at FROM risk_flag_state FINAL WHERE course_id = {courseId:String}`,
    { courseId },
  );
  return new Map(rows.map((r) => [Number(r.user_id), { flagged: Number(r.flagged) === 1, firstFlaggedAt: parseLakeTime(r.first_flagged_at), updatedAt: parseLakeTime(r.updated_at) }]));
}

/**
 * Updates the flag state after a live evaluation at `at`: a learner flagged now and not before
 * opens a spell (first flagged = the risk's firstFlaggedAt); one flagged before and not now
 * closes it. Writes only the changes.
 */
export async function recordFlags(lake: Lake, courseId: string, at: Date, risks: readonly LearnerRisk[], known?: Map<number, FlagState>): Promise<void> {
  const state = known ?? (await flagState(lake, courseId));
  const version = at.getTime();
  const updatedAt = formatLakeTime(at);
  const rows: Record<string, unknown>[] = [];
  const flaggedNow = new Set<number>();
  for (const r of risks) {
    flaggedNow.add(r.userId);
    if (state.get(r.userId)?.flagged) continue;
    rows.push({ course_id: courseId, user_id: r.userId, flagged: 1, first_flagged_at: formatLakeTime(new Date(r.firstFlaggedAt)), updated_at: updatedAt, version });
  }
  for (const [userId, s] of state) {
    if (!s.flagged || flaggedNow.has(userId)) continue;
    rows.push({ course_id: courseId, user_id: userId, flagged: 0, first_flagged_at: formatLakeTime(s.firstFlaggedAt), updated_at: updatedAt, version });
  }
  if (rows.length) await lake.client.insert({ table: 'risk_flag_state', values: rows, format: 'JSONEachRow' });
  await recordSeverityCounts(lake, courseId, at, risks);
}

/** What was last written to risk_course_days per lake and course, so an unchanged count is not written again. */
const lastCounts = new WeakMap<Lake, Map<string, string>>();

/**
 * The evaluation's flagged learners by severity, per course and day (risk_course_days, migration
 * 150): the platform and org pages' at-risk counts and trend read these instead of evaluating
 * every course.
 */
async function recordSeverityCounts(lake: Lake, courseId: string, at: Date, risks: readonly LearnerRisk[]): Promise<void> {
  const red = risks.filter((r) => r.severity === 'red').length;
  const yellow = risks.length - red;
  const day = formatLakeTime(at).slice(0, 10);
  const key = `${day}|${red}|${yellow}`;
  const written = lastCounts.get(lake) ?? new Map<string, string>();
  lastCounts.set(lake, written);
  if (written.get(courseId) === key) return;
  await lake.client.insert({
    table: 'risk_course_days',
    values: [{ course_id: courseId, day, evaluated_at: formatLakeTime(at), red, yellow }],
    format: 'JSONEachRow',
  });
  written.set(courseId, key);
}
