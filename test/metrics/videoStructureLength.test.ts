import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { videoEvent, type VideoAction } from '../../lib/demo/tracking';
import { videos } from '../../lib/metrics/videos';
import { videoTimeline } from '../../lib/metrics/videoTimeline';
import { splitVideoDays } from '../../lib/metrics/videoDays';
import { totalsFor } from '../../lib/metrics/closedDayTotals';
import { VIDEO_TOTALS } from '../../lib/metrics/videoTotals';
import { actor, insertLines, insertRows, openMetricsLake, rollUpAndSumVideos } from './lake';

/**
 * Issue 17 item 7: a video whose events carry no length (duration 0/absent: old browser events,
 * mobile players) takes it from the course structure (course_blocks.duration, the Blocks API's
 * student_view_data.duration) for complete views, segment checks and timeouts — also when its
 * day rollups and totals were made before the structure was synced; with neither, "length unknown".
 */
const courseId = 'course-v1:Test+VideoLength+1';
const day = (d: number, h = 0, m = 0) => new Date(Date.UTC(2026, 10, d, h, m));
/** No length in the event (duration 0 = not known). */
const s = (user: number, time: Date, action: VideoAction, position: number, videoId = 's') =>
  videoEvent({ actor: actor(user), courseId, time, action, videoId, position, duration: 0 });

/** edx-platform's mobile play (test/fixtures/activity): no duration in its payload. */
function mobilePlay(learner: number, time: Date, videoId: string, position: number): string {
  const o = JSON.parse(readFileSync(new URL('../fixtures/activity/edx.video.played__mobile__test_segmentio.json', import.meta.url), 'utf8')) as Record<string, any>;
  o.context.course_id = courseId;
  o.context.user_id = learner;
  o.username = `u${learner}`;
  o.time = time.toISOString().replace('Z', '000+00:00');
  o.event.id = videoId;
  o.event.currentTime = position;
  return JSON.stringify(o);
}

/** Every play of the course (the first on October 20th), up to November 20th at noon. */
const whole = { courseId, from: new Date(Date.UTC(2026, 9, 19)), to: day(20, 12), now: day(20, 12) };
const figures = async (q = whole) =>
  (await videos(lake, { ...q })).videos.map((x) => [x.videoId, x.uniqueViewers, x.watchSeconds, x.completeViews, x.durationSeconds]);

let lake: Lake;

describe('a video whose length only the course structure knows', () => {
  before(async () => {
    lake = await openMetricsLake('lookout_video_structure_length_test');
    await insertLines(lake, [
      // the course's first play, of a video whose player gives its length
      videoEvent({ actor: actor(9), courseId, time: new Date(Date.UTC(2026, 9, 20, 9)), action: 'play_video', videoId: 'old', position: 0, duration: 100 }),
      videoEvent({ actor: actor(9), courseId, time: new Date(Date.UTC(2026, 9, 20, 9, 1)), action: 'pause_video', videoId: 'old', position: 30, duration: 100 }),
      // 1: [0, 39] of 40 s on the 16th: complete
      s(1, day(16, 9), 'play_video', 0),
      s(1, day(16, 9, 1), 'pause_video', 39),
      // 2: [0, 10] on the 17th
      s(2, day(17, 9), 'play_video', 0),
      s(2, day(17, 9, 1), 'pause_video', 10),
      // 3: [0, 20] on the 16th, [20, 40] today: complete only with both
      s(3, day(16, 8), 'play_video', 0),
      s(3, day(16, 8, 1), 'pause_video', 20),
      s(3, day(20, 10), 'play_video', 20),
      s(3, day(20, 10, 1), 'pause_video', 40),
      // 4: plays on the mobile app an hour ago and sends nothing more: it played on to the end
      // (a play that times out needs the video's length; without one it is dropped)
      mobilePlay(4, day(20, 11), 's', 0),
      // 5: a video nobody knows the length of
      s(5, day(20, 9), 'play_video', 0, 'u'),
      s(5, day(20, 9, 1), 'pause_video', 30, 'u'),
    ]);
  });

  it('says "length unknown" while neither its events nor the structure give a length', async () => {
    assert.deepEqual(await figures(), [
      ['old', 1, 30, 0, 100],
      ['s', 3, 39 + 10 + 20 + 20, null, null], // 4's play, with no end and no length, is dropped
      ['u', 1, 30, null, null],
    ]);
  });

  it('counts complete views with the structure’s length once synced, even over rollups and totals made before', async () => {
    await rollUpAndSumVideos(lake, whole); // day rollups and whole-course totals, all without a length for s
    await insertRows(lake, 'course_blocks', [
      { course_id: courseId, block_id: `block-v1:Test+VideoLength+1+type@video+block@s`, block_type: 'video', parent: '', display_name: 'Short video', section: '', subsection: '', position: 1, duration: 40, updated_at: formatLakeTime(day(20, 11, 30)) },
    ]);
    const synced = [
      ['s', 4, 39 + 10 + 20 + 20 + 40, 3, 40], // 1, 3 (both days together) and 4 (played to the end); first in course order now
      ['old', 1, 30, 0, 100],
      ['u', 1, 30, null, null],
    ];
    const split = await splitVideoDays(lake, courseId, whole.from, whole.to, whole.now);
    assert.ok(await totalsFor(lake, VIDEO_TOTALS, whole, split), 'the whole-course window reads the totals');
    assert.deepEqual(await figures(), synced); // the totals of the closed days, and today's events
    // A window of rolled-up days only (from the rollups alone), and today only (from events alone).
    assert.deepEqual(await figures({ ...whole, from: day(16), to: day(19) }), [['s', 3, 39 + 10 + 20, 1, 40]]);
    assert.deepEqual(await figures({ ...whole, from: day(20) }), [['s', 2, 20 + 40, 1, 40], ['u', 1, 30, null, null]]);
    // Rolled up and summed again, now with the length: the same figures.
    await rollUpAndSumVideos(lake, { ...whole, now: day(21, 12), to: day(21, 12) });
    assert.deepEqual(await figures({ ...whole, now: day(21, 12), to: day(21, 12) }), synced);
  });

  it('draws the second-by-second timeline to the structure’s length', async () => {
    const t = await videoTimeline(lake, { courseId, from: day(20), to: day(20, 12), now: day(20, 12), videoId: 's' });
    assert.equal(t.durationSeconds, 40);
    assert.equal(t.seconds.length, 40);
    assert.deepEqual([t.seconds[0]!.viewers, t.seconds[25]!.viewers, t.seconds[39]!.viewers], [1, 2, 2]);
  });
});
