import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { problemCheck, problemRescored } from '../../lib/demo/tracking';
import { problems } from '../../lib/metrics/problems';
import { queryRows } from '../../lib/lake/query';
import { actor, insertLines, insertRole, openMetricsLake } from './lake';

/** Rescores and overrides update the Problems card, for the learner acted upon (issue 17 item 3). */
const courseId = 'course-v1:Test+Rescore+1';
const problem = 'block-v1:Test+Rescore+1+type@problem+block@p1';
const t = (iso: string) => new Date(`2026-11-${iso}Z`);
const INSTRUCTOR = 90;
const window = { courseId, from: t('16T00:00:00'), to: t('23T00:00:00'), now: t('23T00:00:00') };
const check = (user: number, iso: string, correct: boolean, attempts = 1) =>
  problemCheck({ actor: actor(user), courseId, time: t(iso), problem, problemName: 'P1', attempts, correct });
const rescore = (learnerId: number, iso: string, earned: number, overridden = false) =>
  problemRescored({ actor: actor(INSTRUCTOR), courseId, time: t(iso), learnerId, problem, earned, possible: 1, overridden });

describe('rescored and overridden problem scores', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_problem_rescores_test');
    await insertRole(lake, { user_id: INSTRUCTOR, org: 'Test', course_id: courseId, role: 'instructor' });
    await insertLines(lake, [
      check(1, '16T10:00:00', false), // 1: wrong, rescored right (the answer key was fixed)
      check(2, '16T10:00:00', true), // 2: right, overridden to 0
      check(3, '16T10:00:00', false), // 3: wrong, no rescore
      check(4, '16T10:00:00', true), // 4: right, rescored right again: no change
    ]);
  });

  it('credits the rescore to the learner, not the instructor who made it', async () => {
    await insertLines(lake, [rescore(1, '17T09:00:00', 1), rescore(2, '17T09:00:00', 0, true), rescore(4, '17T09:00:00', 1)]);
    const rows = await queryRows<{ user_id: string; problem_success: string }>(
      lake,
      `SELECT user_id, problem_success FROM events WHERE course_id = {c:String} AND name LIKE 'edx.grades.problem.%' ORDER BY user_id`,
      { c: courseId },
    );
    assert.deepEqual(rows.map((r) => [Number(r.user_id), r.problem_success]), [[1, 'correct'], [2, 'incorrect'], [4, 'correct']]);
  });

  it('counts each learner by the latest judgement: % correct follows the rescores, attempts do not', async () => {
    const [p] = (await problems(lake, window)).problems;
    // right: 1 (rescored) and 4; not 2 (overridden to 0) nor 3
    assert.deepEqual([p!.attempts, p!.learners, p!.pctCorrect], [4, 4, 2 / 4]);
  });

  it('lets a later check decide again', async () => {
    await insertLines(lake, [check(2, '18T10:00:00', true, 2)]); // 2 answers again, right, after the override
    const [p] = (await problems(lake, window)).problems;
    assert.deepEqual([p!.attempts, p!.pctCorrect], [5, 3 / 4]);
  });
});
