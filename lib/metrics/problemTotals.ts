import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { TOTALS_MIN_WINDOW_DAYS } from './closedDayTotals';

const DAY_MS = 86_400_000;

/** One row per problem, as the problems widget's SQL returns them. */
export interface ProblemRow {
  problem_id: string;
  attempts: string | number;
  learners: string | number;
  first_ok_learners: string | number;
  learners_correct: string | number;
  correct_checks: string | number;
}

/**
 * Per problem, all time (migration 070): the learners' bitmaps without the staff and user 0
 * ({notLearners}), the checks with them, and the first and last bucket. Params: {courseId}, {notLearners}.
 */
const TOTALS_SQL = `
  SELECT problem_id, sum(t.checks) AS checks, sum(t.correct) AS correct,
         bitmapCardinality(bitmapAndnot(groupBitmapMergeState(t.learners), bitmapBuild({notLearners:Array(UInt64)}))) AS learners,
         bitmapCardinality(bitmapAndnot(groupBitmapMergeState(t.first_ok_learners), bitmapBuild({notLearners:Array(UInt64)}))) AS first_ok_learners,
         bitmapCardinality(bitmapAndnot(groupBitmapMergeState(t.correct_learners), bitmapBuild({notLearners:Array(UInt64)}))) AS learners_correct,
         toUnixTimestamp(min(first_bucket)) AS first_bucket, toUnixTimestamp(max(last_bucket)) AS last_bucket
  FROM problem_totals AS t
  WHERE course_id = {courseId:String}
  GROUP BY problem_id`;

/** What the staff and user 0 add to each problem's checks. Params: {courseId}, {notLearners}. */
const LEFT_OUT_SQL = `
  SELECT problem_id, sum(checks) AS checks, sum(correct) AS correct
  FROM problem_learner_totals
  WHERE course_id = {courseId:String} AND user_id IN {notLearners:Array(UInt64)}
  GROUP BY problem_id`;

interface TotalsRow {
  problem_id: string;
  checks: string;
  correct: string;
  learners: string;
  first_ok_learners: string;
  learners_correct: string;
  first_bucket: string | number;
  last_bucket: string | number;
}

/**
 * The problems of a window that holds every check of the course (its first bucket at or after
 * `from`, its last before `to`), from the all-time totals instead of every bucket: undefined when
 * the window is short (a few days' buckets cost less than the totals) or leaves some checks out.
 */
export async function problemsFromTotals(lake: Lake, q: { courseId: string; from: Date; to: Date }, staff: number[]): Promise<ProblemRow[] | undefined> {
  if (q.to.getTime() - q.from.getTime() < TOTALS_MIN_WINDOW_DAYS * DAY_MS) return undefined;
  const params = { courseId: q.courseId, notLearners: [0, ...staff] };
  const [totals, leftOut] = await Promise.all([queryRows<TotalsRow>(lake, TOTALS_SQL, params), queryRows<{ problem_id: string; checks: string; correct: string }>(lake, LEFT_OUT_SQL, params)]);
  const first = Math.min(...totals.map((r) => Number(r.first_bucket) * 1000));
  const last = Math.max(...totals.map((r) => Number(r.last_bucket) * 1000));
  if (totals.length > 0 && (first < q.from.getTime() || last >= q.to.getTime())) return undefined;
  const out = new Map(leftOut.map((r) => [r.problem_id, r]));
  return totals
    .map((r) => ({
      problem_id: r.problem_id,
      attempts: Number(r.checks) - Number(out.get(r.problem_id)?.checks ?? 0),
      learners: r.learners,
      first_ok_learners: r.first_ok_learners,
      learners_correct: r.learners_correct,
      correct_checks: Number(r.correct) - Number(out.get(r.problem_id)?.correct ?? 0),
    }))
    .filter((r) => Number(r.learners) > 0);
}
