import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { NOT_STAFF_SQL, windowParams, type DashboardQuery } from './scope';
import { assertOnBucketEdges } from './timeSpent';

/**
 * The learners behind a problem's "learners" (problems.ts): those with a server check of it in the
 * window (problem_activity, staff left out). Columns: user_id, attempts, correct.
 */
const SQL = `
  SELECT user_id, sum(checks) AS attempts, sum(correct) AS correct
  FROM problem_activity
  WHERE course_id = {courseId:String} AND problem_id = {problemId:String}
    AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
    AND ${NOT_STAFF_SQL}
  GROUP BY user_id
  ORDER BY user_id`;

export interface ProblemLearner {
  userId: number;
  attempts: number;
  correct: number;
}

export async function problemLearners(lake: Lake, q: DashboardQuery, problemId: string): Promise<ProblemLearner[]> {
  assertOnBucketEdges(q);
  const rows = await queryRows<{ user_id: string | number; attempts: string | number; correct: string | number }>(lake, SQL, { ...(await windowParams(lake, q)), problemId });
  return rows.map((r) => ({ userId: Number(r.user_id), attempts: Number(r.attempts), correct: Number(r.correct) }));
}
