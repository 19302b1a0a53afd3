import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { NOT_STAFF_SQL } from './scope';

/**
 * Rescores and score overrides on the Problems card (DESIGN §5 problems). A staff rescore judges
 * the learner's current answer again — the one of their latest check — without adding an attempt
 * (edx-platform xmodule/capa_block.py `rescore`: "rescoring should have no effect on attempts");
 * an override (edx.grades.problem.score_overridden) sets that score. So each one (migration 096)
 * re-judges the learner's latest check before it (migration 097), and a check's latest
 * re-judgement up to the window's end stands. Everything the card derives from correctness follows:
 * correct on the first attempt (when the re-judged check was attempt 1), learners right at least
 * once (% correct) and correct checks (attempts per correct answer). Checks are those of the window.
 *
 * Per problem, what the re-judgements change: learners correct at first attempt, learners right at
 * least once, correct checks (+ gained − lost; only problems that changed). Params: windowParams().
 */
const RESCORED_SQL = `
  WITH checks AS (
    SELECT problem_id, user_id, time, event_id, attempts, correct
    FROM problem_checks
    WHERE course_id = {courseId:String}
      AND time >= {from:DateTime64(3, 'UTC')} AND time < {to:DateTime64(3, 'UTC')}
      AND (problem_id, user_id) IN (
        SELECT problem_id, user_id FROM problem_rescores WHERE course_id = {courseId:String} AND time < {to:DateTime64(3, 'UTC')})
      AND ${NOT_STAFF_SQL}
  )
  SELECT problem_id,
         toInt64(countIf(first_after > first_before)) - toInt64(countIf(first_after < first_before)) AS first_ok_learners,
         toInt64(countIf(right_after > right_before)) - toInt64(countIf(right_after < right_before)) AS learners_correct,
         toInt64(sum(correct_after)) - toInt64(sum(correct_before)) AS correct_checks
  FROM (
    SELECT problem_id, user_id,
           maxIf(was, attempts = 1) AS first_before, maxIf(judged, attempts = 1) AS first_after,
           max(was) AS right_before, max(judged) AS right_after,
           sum(was) AS correct_before, sum(judged) AS correct_after
    FROM (
      SELECT c.problem_id AS problem_id, c.user_id AS user_id, c.attempts AS attempts, c.correct AS was,
             if(j.event_id = '', c.correct, j.correct) AS judged
      FROM checks AS c
      LEFT JOIN (
        -- each rescore or override re-judges the learner's latest check at or before it
        SELECT k.event_id AS event_id, argMax(r.correct, r.time) AS correct
        FROM (
          SELECT problem_id, user_id, time, correct FROM problem_rescores
          WHERE course_id = {courseId:String} AND time < {to:DateTime64(3, 'UTC')}
        ) AS r
        ASOF INNER JOIN checks AS k ON k.problem_id = r.problem_id AND k.user_id = r.user_id AND r.time >= k.time
        GROUP BY k.event_id
      ) AS j ON j.event_id = c.event_id
    )
    GROUP BY problem_id, user_id
  )
  GROUP BY problem_id
  HAVING first_ok_learners != 0 OR learners_correct != 0 OR correct_checks != 0`;

/** What rescores and overrides change, per problem: each figure is added to the checks' own. */
export interface RescoreChange {
  firstOkLearners: number;
  learnersCorrect: number;
  correctChecks: number;
}

export async function rescoreChanges(lake: Lake, params: Record<string, unknown>): Promise<Map<string, RescoreChange>> {
  const rows = await queryRows<{ problem_id: string; first_ok_learners: string; learners_correct: string; correct_checks: string }>(lake, RESCORED_SQL, params);
  return new Map(
    rows.map((r) => [r.problem_id, { firstOkLearners: Number(r.first_ok_learners), learnersCorrect: Number(r.learners_correct), correctChecks: Number(r.correct_checks) }]),
  );
}
