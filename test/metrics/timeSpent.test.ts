import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { videoEvent, problemCheck, enrollmentActivated } from '../../lib/demo/tracking';
import { timeSpentByLearner, TAIL_SECONDS } from '../../lib/metrics/timeSpent';
import { actor, insertLines, insertRole, insertUser, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Time+1';
const t0 = new Date('2026-11-16T09:00:00.000Z'); // a Monday
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const play = (user: number, s: number, course = courseId) =>
  videoEvent({ actor: actor(user), courseId: course, time: at(s), action: 'play_video', videoId: 'v', position: 0, duration: 60 });
const window = { courseId, from: t0, to: at(24 * 3600) };

describe('time spent per learner (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_time_spent_test');
    // Later events first, in their own insert: order of arrival must not matter.
    await insertLines(lake, [play(1, 600), play(1, 630), play(2, 30)]);
    await insertLines(lake, [
      play(1, 0),
      play(1, 60), // learner 1: 60 s, then a 540 s gap capped at 300, then 30 s
      play(2, 0), // learner 2 active at the same time as learner 1: their own 30 s
      play(3, 295),
      play(3, 305), // learner 3: 10 s across a 5-minute bucket edge
      play(4, 100), // learner 4: one event, the tail only
      problemCheck({ actor: actor(5), courseId, time: at(10), problem: 'block-v1:Test+Time+1+type@problem+block@p', problemName: 'P', attempts: 1, correct: true }),
      play(5, 20), // learner 5: a server problem_check counts as a learner event
      play(6, 0), // staff on the course
      play(6, 100),
      play(7, 0), // org-wide staff
      play(8, 0), // LMS global staff
      play(9, 0, 'course-v1:Test+Other+1'), // another course
      play(1, 24 * 3600 + 10), // after the window
      enrollmentActivated({ actor: actor(10), courseId, time: at(-3600) }), // before the window
    ]);
    await insertRole(lake, { user_id: 6, org: 'Test', course_id: courseId, role: 'beta_testers' });
    await insertRole(lake, { user_id: 7, org: 'Test', course_id: '', role: 'staff' });
    await insertUser(lake, { id: 8, is_staff: 1 });
  });

  it('sums capped gaps per learner, plus the tail, staff and other courses left out', async () => {
    const rows = await timeSpentByLearner(lake, window);
    assert.deepEqual(rows, [
      { userId: 1, seconds: 60 + 300 + 30 + TAIL_SECONDS },
      { userId: 2, seconds: 30 + TAIL_SECONDS },
      { userId: 3, seconds: 10 + TAIL_SECONDS },
      { userId: 4, seconds: TAIL_SECONDS },
      { userId: 5, seconds: 10 + TAIL_SECONDS },
    ]);
  });

  it('counts only the events inside the window', async () => {
    const rows = await timeSpentByLearner(lake, { courseId, from: at(300), to: at(900) });
    assert.deepEqual(rows, [
      { userId: 1, seconds: 30 + TAIL_SECONDS },
      { userId: 3, seconds: TAIL_SECONDS },
    ]);
  });

  it('refuses a window that does not start on a bucket edge', async () => {
    await assert.rejects(timeSpentByLearner(lake, { courseId, from: at(10), to: at(900) }), /5-minute boundary/);
  });
});
