import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { BUCKET_SECONDS } from './timeSpent';
import { NOT_STAFF_SQL } from './scope';

/**
 * Rescores and score overrides on the Problems card (DESIGN §5 problems): a learner who tried a
 * problem in the window counts as right by their latest judgement up to the window's end — a staff
 * rescore or override after their last check (migration 096) wins over the checks' correctness.
 * Per problem: learners a later rescore made right (`gained`) and made wrong (`lost`).
 * Params: windowParams().
 */
const RESCORED_SQL = `
  SELECT a.problem_id AS problem_id,
         countIf(r.correct = 1 AND a.correct = 0) AS gained,
         countIf(r.correct = 0 AND a.correct > 0) AS lost
  FROM (
    SELECT problem_id, user_id, sum(correct) AS correct, max(bucket) + INTERVAL ${BUCKET_SECONDS} SECOND AS last_check
    FROM problem_activity
    WHERE course_id = {courseId:String}
      AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
      AND (problem_id, user_id) IN (SELECT problem_id, user_id FROM problem_rescores WHERE course_id = {courseId:String})
      AND ${NOT_STAFF_SQL}
    GROUP BY problem_id, user_id
  ) AS a
  INNER JOIN (
    SELECT problem_id, user_id, argMax(correct, time) AS correct, max(time) AS rescored
    FROM problem_rescores
    WHERE course_id = {courseId:String} AND time < {to:DateTime64(3, 'UTC')}
    GROUP BY problem_id, user_id
  ) AS r ON r.problem_id = a.problem_id AND r.user_id = a.user_id
  WHERE r.rescored >= a.last_check
  GROUP BY a.problem_id
  HAVING gained > 0 OR lost > 0`;

/** Learners right after rescores, per problem: + gained − lost (only problems that changed). */
export async function rescoredLearners(lake: Lake, params: Record<string, unknown>): Promise<Map<string, number>> {
  const rows = await queryRows<{ problem_id: string; gained: string; lost: string }>(lake, RESCORED_SQL, params);
  return new Map(rows.map((r) => [r.problem_id, Number(r.gained) - Number(r.lost)]));
}
