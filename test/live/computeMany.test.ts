import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { problemCheck, videoEvent } from '../../lib/demo/tracking';
import { activeNow } from '../../lib/live/widgets/activeNow';
import { eventsPerMinute } from '../../lib/live/widgets/eventsPerMinute';
import { liveFeed } from '../../lib/live/widgets/liveFeed';
import { formatLakeTime } from '../../lib/lake/time';
import type { Widget } from '../../lib/live/widget';
import { actor, insertLines, insertRole, insertRows, insertUser, openMetricsLake } from '../metrics/lake';

const now = new Date('2026-11-20T12:00:00.000Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const a = 'course-v1:OrgA+One+1';
const b = 'course-v1:OrgA+Two+1';
const c = 'course-v1:OrgB+Three+1';
const quiet = 'course-v1:OrgB+Quiet+1';

/**
 * The engine computes the live widgets of every busy course in one statement (computeMany):
 * the values must be those of compute, course by course, with each course's own staff left out.
 */
describe('live widgets computed for several courses at once', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_compute_many_test');
    const play = (user: number, courseId: string, s: number) =>
      videoEvent({ actor: actor(user), courseId, time: ago(s), action: 'play_video', videoId: 'v1', position: 0, duration: 60 });
    const lines: string[] = [];
    for (const courseId of [a, b, c]) for (let u = 1; u <= 30; u++) lines.push(play(u, courseId, u * 7));
    lines.push(play(40, a, 5), play(41, a, 6), play(41, b, 6), play(42, c, 8), play(43, b, 9), play(44, c, 9));
    lines.push(problemCheck({ actor: actor(3), courseId: b, time: ago(2), problem: 'block-v1:OrgA+Two+1+type@problem+block@p1', problemName: 'Warm-up', attempts: 1, correct: true }));
    await insertLines(lake, lines);
    await insertRole(lake, { user_id: 40, org: 'OrgA', course_id: a, role: 'staff' }); // staff of a only
    await insertRole(lake, { user_id: 41, org: 'OrgA', course_id: '', role: 'instructor' }); // org-wide on OrgA: a and b
    await insertRole(lake, { user_id: 43, org: '', course_id: '', role: 'support' }); // global role
    await insertUser(lake, { id: 44, is_staff: 1 }); // LMS staff
    await insertRows(lake, 'course_blocks', [
      { course_id: a, block_id: 'block-v1:OrgA+One+1+type@video+block@v1', block_type: 'video', parent: '', display_name: 'Intro of A', section: '', subsection: '', position: 1, updated_at: formatLakeTime(now) },
      { course_id: b, block_id: 'block-v1:OrgA+Two+1+type@video+block@v1', block_type: 'video', parent: '', display_name: 'Intro of B', section: '', subsection: '', position: 1, updated_at: formatLakeTime(now) },
    ]);
  });

  for (const widget of [activeNow, eventsPerMinute, liveFeed] as Widget<unknown>[]) {
    it(`${widget.name}: the same values as compute, in the order asked`, async () => {
      const ctxs = [c, quiet, a, b].map((courseId) => ({ lake, courseId, now }));
      const one = await Promise.all(ctxs.map((ctx) => widget.compute(ctx)));
      const many = await widget.computeMany!(ctxs);
      assert.deepEqual(many, one);
    });
  }

  it('each course leaves out its own staff only', async () => {
    const [ra, rb, rc] = await activeNow.computeMany!([a, b, c].map((courseId) => ({ lake, courseId, now })));
    // 30 learners each; a: 40 and 41 staff; b: 41 (org role) and 43 (global) staff; c: 42 learner, 44 LMS staff
    assert.deepEqual([ra!.learners, rb!.learners, rc!.learners], [30, 30, 31]);
    const feedA = (await liveFeed.computeMany!([a, b].map((courseId) => ({ lake, courseId, now }))))[0]!;
    assert.ok(!feedA.items.some((i) => i.userId === 40 || i.userId === 41));
    assert.equal(feedA.items[0]!.target, 'Intro of A');
  });
});
