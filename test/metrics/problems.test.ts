import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { problemCheck } from '../../lib/demo/tracking';
import { problems } from '../../lib/metrics/problems';
import { problemsFromTotals } from '../../lib/metrics/problemTotals';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Prob+1';
const t0 = new Date('2026-11-16T10:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const pA = 'block-v1:Test+Prob+1+type@problem+block@aaaa';
const pB = 'block-v1:Test+Prob+1+type@problem+block@bbbb';
const check = (user: number, s: number, problem: string, attempts: number, correct: boolean) =>
  problemCheck({ actor: actor(user), courseId, time: at(s), problem, problemName: problem === pA ? 'Problem A' : 'Problem B', attempts, correct });

describe('problems (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_problems_test');
    await insertLines(lake, [check(1, 500, pB, 1, true)]); // arrives before learner 1's earlier checks
    await insertLines(lake, [
      check(1, 10, pA, 1, false),
      check(1, 20, pA, 2, true),
      check(2, 10, pA, 1, true), // right first time
      check(2, 900, pA, 2, true), // submits the right answer again
      check(3, 10, pA, 1, false),
      check(3, 20, pA, 2, false),
      check(3, 30, pA, 3, false),
      check(4, 10, pA, 1, true), // staff
      check(5, -3600, pA, 1, true), // before the window
      check(5, 40, pA, 2, false),
      check(6, 3000, pB, 1, false),
    ]);
    await insertRole(lake, { user_id: 4, org: 'Test', course_id: courseId, role: 'instructor' });
    await insertRows(lake, 'course_blocks', [
      { course_id: courseId, block_id: pB, block_type: 'problem', parent: '', display_name: 'Structured B', section: 'S', subsection: 'SS', position: 1, updated_at: formatLakeTime(t0) },
    ]);
  });

  it('attempts, first-attempt correct, % correct and attempts per correct answer, in course order', async () => {
    const r = await problems(lake, { courseId, from: t0, to: at(86_400), now: at(86_400) });
    assert.equal(r.missing, undefined);
    assert.deepEqual(r.problems, [
      { problemId: pB, name: 'Structured B', attempts: 2, learners: 2, correctFirstAttempt: 1, pctCorrect: 0.5, attemptsPerCorrect: 2 },
      // A: checks 2 + 2 + 3 + 1 = 8 by learners 1, 2, 3, 5; right first time: 2; right at some point: 1, 2;
      // correct checks: 1 + 2 = 3 (the name comes from the events' context.module)
      { problemId: pA, name: 'Problem A', attempts: 8, learners: 4, correctFirstAttempt: 1, pctCorrect: 0.5, attemptsPerCorrect: 8 / 3 },
    ]);
  });

  it('counts the checks of the window only; no correct answer, no attempts-per-correct figure', async () => {
    const before = await problems(lake, { courseId, from: at(-3600), to: at(-3300), now: at(86_400) });
    assert.deepEqual(before.problems.map((p) => [p.problemId, p.attempts, p.correctFirstAttempt, p.attemptsPerCorrect]), [[pA, 1, 1, 1]]);
    const r = await problems(lake, { courseId, from: at(3000), to: at(3300), now: at(86_400) });
    assert.deepEqual(r.problems.map((p) => [p.problemId, p.attempts, p.pctCorrect, p.attemptsPerCorrect]), [[pB, 1, 0, null]]);
    const none = await problems(lake, { courseId, from: at(25 * 60 - 300), to: at(25 * 60), now: at(86_400) });
    assert.deepEqual(none.problems, []);
    assert.match(none.missing ?? '', /No problem was submitted/);
  });

  it('a window holding every check reads the all-time totals, staff still left out; one that misses a check reads its buckets', async () => {
    const whole = { courseId, from: at(-14 * 86_400), to: at(20 * 86_400), now: at(86_400) };
    assert.ok(await problemsFromTotals(lake, whole, [4]));
    const r = await problems(lake, whole);
    assert.deepEqual(r.problems, [
      { problemId: pB, name: 'Structured B', attempts: 2, learners: 2, correctFirstAttempt: 1, pctCorrect: 0.5, attemptsPerCorrect: 2 },
      // A with learner 5's check before the first test's window: checks 9, right first time 2 and 5,
      // right at some point 1, 2 and 5 of 4 learners, correct checks 1 + 2 + 1; staff (4) left out
      { problemId: pA, name: 'Problem A', attempts: 9, learners: 4, correctFirstAttempt: 2, pctCorrect: 0.75, attemptsPerCorrect: 9 / 4 },
    ]);
    // 30 days from the window's start: learner 5's first check is left out, as in the first test
    const later = { courseId, from: t0, to: at(30 * 86_400), now: at(86_400) };
    assert.equal(await problemsFromTotals(lake, later, [4]), undefined);
    assert.deepEqual((await problems(lake, later)).problems.map((p) => [p.problemId, p.attempts, p.learners]), [[pB, 2, 2], [pA, 8, 4]]);
  });
});
