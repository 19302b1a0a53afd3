import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { enrollmentActivated, problemCheck, seekVideo, videoEvent } from '../../lib/demo/tracking';
import { liveFeed, FEED_ITEMS } from '../../lib/live/widgets/liveFeed';
import { activeNow } from '../../lib/live/widgets/activeNow';
import { formatLakeTime } from '../../lib/lake/time';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Feed+1';
const now = new Date('2026-11-20T12:00:00.000Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const problem = 'block-v1:Test+Feed+1+type@problem+block@p1';
const video = 'block-v1:Test+Feed+1+type@video+block@v1';

describe('live feed and active now', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_feed_test');
    await insertLines(lake, [
      videoEvent({ actor: actor(1), courseId, time: ago(10), action: 'play_video', videoId: 'v1', position: 0, duration: 60 }),
      problemCheck({ actor: actor(2), courseId, time: ago(20), problem, problemName: 'Warm-up', attempts: 1, correct: true }),
      seekVideo({ actor: actor(1), courseId, time: ago(30), videoId: 'v1', from: 10, to: 40, duration: 60 }),
      enrollmentActivated({ actor: actor(3), courseId, time: ago(40) }),
      videoEvent({ actor: actor(9), courseId, time: ago(5), action: 'play_video', videoId: 'v1', position: 0, duration: 60 }), // staff
      videoEvent({ actor: actor(4), courseId, time: ago(3700), action: 'play_video', videoId: 'v1', position: 0, duration: 60 }), // over an hour ago
      videoEvent({ actor: actor(5), courseId, time: ago(-30), action: 'play_video', videoId: 'v1', position: 0, duration: 60 }), // after now
    ]);
    await insertRole(lake, { user_id: 9, org: 'Test', course_id: courseId, role: 'staff' });
    await insertRows(lake, 'course_blocks', [
      { course_id: courseId, block_id: video, block_type: 'video', parent: '', display_name: 'Welcome video', section: '', subsection: '', position: 1, updated_at: formatLakeTime(now) },
    ]);
  });

  it('lists the last hour of learner actions, newest first, in words, with structure names', async () => {
    const r = await liveFeed.compute({ lake, courseId, now });
    assert.equal(r.missing, undefined);
    assert.deepEqual(
      r.items.map((i) => [i.username, i.verb, i.target, i.time]),
      [
        ['u1', 'played', 'Welcome video', ago(10).toISOString()],
        ['u2', 'answered correctly', 'Warm-up', ago(20).toISOString()],
        ['u1', 'skipped in', 'Welcome video', ago(30).toISOString()],
        ['u3', 'enrolled in the course', '', ago(40).toISOString()],
      ],
    );
    assert.ok(FEED_ITEMS >= r.items.length);
  });

  it('says when nothing happened', async () => {
    const r = await liveFeed.compute({ lake, courseId, now: ago(-7200) });
    assert.deepEqual(r.items, []);
    assert.match(r.missing ?? '', /No learner activity/);
  });

  it('active now leaves staff out, and enrolling is not activity', async () => {
    // 1 and 2 acted; 3 only enrolled (shown in the feed, not active); 9 is staff
    assert.deepEqual(await activeNow.compute({ lake, courseId, now }), { learners: 2, windowMinutes: 5 });
  });
});
