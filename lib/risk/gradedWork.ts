import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { cohortParams, DAY_MS, type Cohort, type CohortLearner } from './cohort';
import { compactRows } from './compactRows';
import { formatMessage } from '../i18n';
import { ruleReasons } from './reasons.messages';
import { dueExtensions, extensionKey } from '../lms/structure';

/** A graded subsection of the course with its due date and its share of the final grade. */
export interface GradedSubsection {
  key: string;
  title: string;
  due: Date;
  /** Share of the final grade, 0–1 (known, or the unknown rest shared equally). */
  weight: number;
}

export interface GradedWork {
  /** Every graded subsection with a due date, in due order (also those not due yet). */
  subsections: GradedSubsection[];
  /** Per learner: subsection key → first attempt (ms), at or before the evaluation time. */
  attempts: Map<number, Map<string, number>>;
  /** Learners' own later due dates (edx_when extensions, dueExtensions). */
  extensions: Map<string, Date>;
}

const GRADED_SQL = `
  SELECT usage_key, title, toUnixTimestamp64Milli(assumeNotNull(due)) AS due_ms, weight
  FROM block_schedule FINAL
  WHERE course_id = {courseId:String} AND block_type = 'sequential' AND graded = 1 AND due IS NOT NULL
  ORDER BY due, usage_key`;

/**
 * First attempt of each graded subsection per learner at or before {at}: a server problem_check on
 * a problem of the subsection, or the LMS subsection grade's first_attempted.
 */
const FIRST_ATTEMPTS_SQL = `
  SELECT user_id, subsection_key, toUnixTimestamp64Milli(min(t)) FROM (
    SELECT e.user_id AS user_id, b.subsection_key AS subsection_key, e.time AS t
    FROM (
      SELECT user_id, problem_id, time FROM events
      WHERE course_id = {courseId:String} AND name = 'problem_check' AND event_source = 'server'
        AND user_id > 0 AND time <= {at:DateTime64(3, 'UTC')}
    ) AS e
    INNER JOIN (
      SELECT usage_key, subsection_key FROM block_schedule FINAL
      WHERE course_id = {courseId:String} AND block_type = 'problem' AND subsection_key != ''
    ) AS b ON e.problem_id = b.usage_key
    UNION ALL
    SELECT user_id, usage_key, toDateTime64(assumeNotNull(first_attempted), 3, 'UTC') FROM lms_subsection_grades FINAL
    WHERE course_id = {courseId:String} AND first_attempted IS NOT NULL AND first_attempted <= {at:DateTime64(3, 'UTC')}
  )
  GROUP BY user_id, subsection_key`;

/**
 * Weights as the grading policy gives them (shares of the final grade; work with no due date
 * may hold the rest). A subsection whose weight is not known gets an equal share of what the
 * known ones leave — all unknown: equal shares of the whole grade. Weights summing over 1 (bad
 * data) are scaled down to 1.
 */
export function shareWeights(weights: readonly (number | null)[]): number[] {
  const known = weights.filter((w): w is number => w !== null && w >= 0);
  const unknown = weights.length - known.length;
  const knownSum = known.reduce((a, b) => a + b, 0);
  const rest = unknown > 0 ? Math.max(0, 1 - knownSum) / unknown : 0;
  const raw = weights.map((w) => (w !== null && w >= 0 ? w : rest));
  const total = raw.reduce((a, b) => a + b, 0);
  return total > 1 ? raw.map((w) => w / total) : raw;
}

const cache = new WeakMap<Cohort, Promise<GradedWork>>();

/** The course's graded work and who attempted what, read once per evaluation (rules and score share it). */
export function loadGradedWork(lake: Lake, cohort: Cohort): Promise<GradedWork> {
  let work = cache.get(cohort);
  if (!work) {
    work = readGradedWork(lake, cohort);
    cache.set(cohort, work);
  }
  return work;
}

async function readGradedWork(lake: Lake, cohort: Cohort): Promise<GradedWork> {
  const params = cohortParams(cohort);
  const [rows, extensions] = await Promise.all([
    queryRows<{ usage_key: string; title: string; due_ms: string; weight: number | null }>(lake, GRADED_SQL, params),
    dueExtensions(lake, cohort.courseId),
  ]);
  const weights = shareWeights(rows.map((r) => (r.weight === null ? null : Number(r.weight))));
  const subsections = rows.map((r, i) => ({ key: r.usage_key, title: r.title || r.usage_key, due: new Date(Number(r.due_ms)), weight: weights[i]! }));
  const attempts = new Map<number, Map<string, number>>();
  if (subsections.length) {
    for (const [userId, key, t] of await compactRows<[number, string, number]>(lake, FIRST_ATTEMPTS_SQL, params)) {
      let m = attempts.get(userId);
      if (!m) attempts.set(userId, (m = new Map()));
      m.set(key, t);
    }
  }
  return { subsections, attempts, extensions };
}

/** What a learner owes and did of the graded work due by `at` (since they enrolled). */
export interface WorkStanding {
  /** Subsections due in (enrolled, at]. */
  due: GradedSubsection[];
  missed: GradedSubsection[];
  /** Weight of the due ones, and of the missed ones (shares of the final grade). */
  weightDue: number;
  weightMissed: number;
  /** Misses in a row among the latest due subsections. */
  consecutiveMisses: number;
  /** Attempted ones first attempted after their due date, and how many were attempted. */
  late: number;
  attempted: number;
  /** Mean days between the first attempt and the due date over the attempted ones (late: negative; each within ±14), 0 when none. */
  daysEarly: number;
}

/** A submission weeks ahead (or behind) says no more than one two weeks ahead. */
const EARLY_CAP_DAYS = 14;

export function workStanding(work: GradedWork, l: CohortLearner, at: Date): WorkStanding {
  const mine = work.attempts.get(l.userId);
  // A learner's extension moves the subsection's due date for them alone (it is never earlier).
  const due = work.subsections
    .map((s) => {
      const extended = work.extensions.get(extensionKey(l.userId, s.key));
      return extended && extended > s.due ? { ...s, due: extended } : s;
    })
    .filter((s) => s.due <= at && (!l.enrolledAt || l.enrolledAt < s.due))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  const missed: GradedSubsection[] = [];
  let late = 0;
  let attempted = 0;
  let early = 0;
  for (const s of due) {
    const t = mine?.get(s.key);
    if (t === undefined) missed.push(s);
    else {
      attempted++;
      if (t > s.due.getTime()) late++;
      early += Math.max(-EARLY_CAP_DAYS, Math.min(EARLY_CAP_DAYS, (s.due.getTime() - t) / DAY_MS));
    }
  }
  let consecutiveMisses = 0;
  for (let i = due.length - 1; i >= 0 && !mine?.has(due[i]!.key); i--) consecutiveMisses++;
  const sum = (xs: GradedSubsection[]) => xs.reduce((a, s) => a + s.weight, 0);
  return { due, missed, weightDue: sum(due), weightMissed: sum(missed), consecutiveMisses, late, attempted, daysEarly: attempted ? early / attempted : 0 };
}

/** Graded subsections' titles as the reasons list them. */
export function subsectionList(xs: readonly GradedSubsection[], max = 3): string {
  const titles = xs.slice(-max).map((s) => formatMessage(ruleReasons.subsection, { title: s.title })).join(', ');
  return xs.length > max ? formatMessage(ruleReasons.subsectionsAndMore, { titles, more: xs.length - max }) : titles;
}

