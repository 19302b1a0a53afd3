import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Lake } from '../../lib/lake/client';
import { problems } from '../../lib/metrics/problems';
import { queryRows } from '../../lib/lake/query';
import { insertLines, insertRole, openMetricsLake } from './lake';

/**
 * Rescores and overrides update the Problems card — first-attempt correct, % correct and attempts
 * per correct answer — for the learner acted upon (issue 17 item 3). Lines are ERB's server
 * problem_check fixture and the rescore/override events of edx-platform's grades/events.py
 * (test/fixtures/activity/SOURCES.md), re-targeted per learner and time.
 */
const courseId = 'course-v1:edX+DemoX+Demo_Course';
const problem = 'block-v1:edX+DemoX+Demo_Course+type@problem+block@3fc5461f86764ad7bdbdf6cbdde61e66';
const INSTRUCTOR = 9;
const t = (iso: string) => `2026-11-${iso}.000000+00:00`;
const window = { courseId, from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z'), now: new Date('2026-11-23T00:00:00Z') };

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, any>;

/** ERB's server problem_check, by `learner`, at attempt `attempts`, right or wrong. */
function check(learner: number, at: string, attempts: number, correct: boolean): string {
  const o = fixture('openedx-events/tracking/erb/problem_check(server).json');
  Object.assign(o.context, { user_id: learner, username: `u${learner}` });
  Object.assign(o.data, { attempts, success: correct ? 'correct' : 'incorrect', grade: correct ? 1 : 0 });
  o.timestamp = t(at);
  return JSON.stringify(o);
}

/** The instructor's rescore (or override) of `learner`'s problem: the new score out of 1. */
function rescore(learner: number, at: string, earned: number, kind: 'rescored' | 'score_overridden' = 'rescored'): string {
  const o = fixture(`activity/edx.grades.problem.${kind}__grades_events.json`);
  Object.assign(o.data, { user_id: String(learner), new_weighted_earned: earned });
  o.timestamp = t(at);
  return JSON.stringify(o);
}

const card = async (q = window) => {
  const [p] = (await problems(lake, { ...q })).problems;
  return { attempts: p!.attempts, learners: p!.learners, firstOk: p!.correctFirstAttempt, pctCorrect: p!.pctCorrect, perCorrect: p!.attemptsPerCorrect };
};

let lake: Lake;

describe('rescored and overridden problem scores', () => {
  before(async () => {
    lake = await openMetricsLake('lookout_problem_rescores_test');
    await insertRole(lake, { user_id: INSTRUCTOR, org: 'edX', course_id: courseId, role: 'instructor' });
    await insertLines(lake, [
      check(1, '16T10:00:00', 1, false), // 1: wrong, rescored right (the answer key was fixed)
      check(2, '16T10:00:00', 1, true), // 2: right, overridden to 0
      check(3, '16T10:00:00', 1, false), // 3: wrong; rescored only after the window
      check(4, '16T10:00:00', 1, true), // 4: right, rescored right again: no change
      check(5, '16T10:00:00', 1, false), // 5: wrong, then right within the same 5 minutes; the rescore judges the second
      check(5, '16T10:01:00', 2, true),
      check(6, '16T10:00:00', 1, false), // 6: wrong twice within 5 minutes; the rescore makes the second right
      check(6, '16T10:02:00', 2, false),
      check(7, '16T10:00:00', 1, false), // 7: wrong, rescored right
    ]);
  });

  it('counts checks alone before any rescore', async () => {
    // first attempt right: 2, 4; right at least once: 2, 4, 5; correct checks: 2, 4, 5's second
    assert.deepEqual(await card(), { attempts: 9, learners: 7, firstOk: 2, pctCorrect: 3 / 7, perCorrect: 9 / 3 });
  });

  it('credits each rescore to the learner, not the instructor who made it', async () => {
    await insertLines(lake, [
      rescore(1, '17T09:00:00', 1),
      rescore(2, '17T09:00:00', 0, 'score_overridden'),
      rescore(3, '24T09:00:00', 1),
      rescore(4, '17T09:00:00', 1),
      rescore(5, '17T09:00:00', 1),
      rescore(6, '17T09:00:00', 1),
      rescore(7, '17T09:00:00', 1),
    ]);
    const rows = await queryRows<{ user_id: string; problem_success: string }>(
      lake,
      `SELECT user_id, problem_success FROM events WHERE course_id = {c:String} AND name LIKE 'edx.grades.problem.%' ORDER BY user_id`,
      { c: courseId },
    );
    assert.deepEqual(
      rows.map((r) => [Number(r.user_id), r.problem_success]),
      [[1, 'correct'], [2, 'incorrect'], [3, 'correct'], [4, 'correct'], [5, 'correct'], [6, 'correct'], [7, 'correct']],
    );
  });

  it('re-judges the latest check before each rescore: first attempts, % correct and attempts per correct follow; attempts do not', async () => {
    // first attempt right: 1, 4, 7 (2 overridden to 0; 5 and 6 were rescored on their second attempt)
    // right at least once: 1, 4, 5, 6, 7; correct checks: 1, 4, 5's and 6's second, 7
    assert.deepEqual(await card(), { attempts: 9, learners: 7, firstOk: 3, pctCorrect: 5 / 7, perCorrect: 9 / 5 });
  });

  it('gives the same over a whole-course window (all-time totals)', async () => {
    const whole = { ...window, from: new Date('2026-10-19T00:00:00Z') };
    assert.deepEqual(await card(whole), await card());
  });

  it('lets a later check decide again', async () => {
    await insertLines(lake, [check(2, '18T10:00:00', 2, true)]); // 2 answers again, right, after the override
    assert.deepEqual(await card(), { attempts: 10, learners: 7, firstOk: 3, pctCorrect: 6 / 7, perCorrect: 10 / 6 });
  });
});
