import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { seekVideo, videoEvent, type VideoAction } from '../../lib/demo/tracking';
import { videos } from '../../lib/metrics/videos';
import { videoTimeline } from '../../lib/metrics/videoTimeline';
import { rollUpVideoDays, splitVideoDays } from '../../lib/metrics/videoDays';
import { actor, insertLines, insertRole, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Video+1';
const t0 = new Date('2026-11-16T10:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const window = { courseId, from: t0, to: at(86_400), now: at(86_400) };

const v = (user: number, s: number, action: VideoAction, position: number, videoId = 'v', duration = 100) =>
  videoEvent({ actor: actor(user), courseId, time: at(s), action, videoId, position, duration });
const seek = (user: number, s: number, from: number, to: number) => seekVideo({ actor: actor(user), courseId, time: at(s), videoId: 'v', from, to, duration: 100 });

describe('video segments, watch time and views (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_videos_test');
    await insertLines(lake, [v(6, 310, 'pause_video', 10)]); // learner 6's pause arrives before its play
    await insertLines(lake, [
      // 1: play 0→30 pause; play 30, seek back from 50 to 20; play 20→40 pause: 30 + 20 + 20 watched, [0, 50] covered
      v(1, 0, 'play_video', 0),
      v(1, 30, 'pause_video', 30),
      v(1, 60, 'play_video', 30),
      seek(1, 80, 50, 20),
      v(1, 81, 'play_video', 20),
      v(1, 101, 'pause_video', 40),
      // 2: seek forward from 10 to 90, then play to the end: [0, 10] + [90, 100]
      v(2, 10, 'play_video', 0),
      seek(2, 20, 10, 90),
      v(2, 21, 'play_video', 90),
      v(2, 31, 'stop_video', 100),
      // 3: a pause with no play opens nothing; then a play left running: plays on to the end [60, 100]
      v(3, 5, 'pause_video', 50),
      v(3, 200, 'play_video', 60),
      // 4: watching at the same time as 1, 96 of 100 seconds: a complete view
      v(4, 0, 'play_video', 0),
      v(4, 96, 'pause_video', 96),
      // 5: staff
      v(5, 0, 'play_video', 0),
      v(5, 100, 'pause_video', 100),
      // 6: play 0 → the pause at 10 that arrived first
      v(6, 300, 'play_video', 0),
      // 7: a 0.1 s segment and one longer than the video: both dropped
      v(7, 400, 'play_video', 5),
      v(7, 400.1, 'pause_video', 5.1),
      v(7, 500, 'play_video', 0),
      v(7, 650, 'pause_video', 150),
      // 8: played before the window
      v(8, -60, 'play_video', 0, 'w', 20),
      v(8, 10, 'pause_video', 20, 'w', 20),
      // 9: plays just before the window's end, pauses after it: counted
      v(9, 86_390, 'play_video', 10),
      v(9, 86_410, 'pause_video', 30),
    ]);
    await insertRole(lake, { user_id: 5, org: 'Test', course_id: courseId, role: 'staff' });
  });

  it('sums segments per video: viewers, watch time, complete views', async () => {
    const r = await videos(lake, window);
    assert.equal(r.missing, undefined);
    assert.deepEqual(r.videos, [
      {
        videoId: 'v',
        name: 'video v',
        durationSeconds: 100,
        uniqueViewers: 6, // 1, 2, 3, 4, 6, 9
        watchSeconds: 70 + 20 + 40 + 96 + 10 + 20,
        avgWatchSecondsPerViewer: Math.round((256 / 6) * 10) / 10,
        completeViews: 1, // learner 4
      },
    ]);
  });

  it('counts viewers and views second by second', async () => {
    const r = await videoTimeline(lake, { ...window, videoId: 'v' });
    assert.equal(r.durationSeconds, 100);
    assert.equal(r.seconds.length, 100);
    const s = (n: number) => r.seconds[n];
    assert.deepEqual(s(0), { second: 0, viewers: 4, views: 4 }); // 1, 2, 4, 6
    assert.deepEqual(s(25), { second: 25, viewers: 3, views: 4 }); // 1 twice ([0,30] and [20,40]), 4, 9 ([10,30])
    assert.deepEqual(s(45), { second: 45, viewers: 2, views: 2 }); // 1 ([30,50]), 4
    assert.deepEqual(s(95), { second: 95, viewers: 3, views: 3 }); // 2, 3, 4
    assert.deepEqual(s(99), { second: 99, viewers: 2, views: 2 }); // 2, 3
    assert.deepEqual(s(12), { second: 12, viewers: 3, views: 3 }); // 1, 4, 9 ([10,30])
  });

  it('a window with no plays says so', async () => {
    const r = await videos(lake, { ...window, from: at(-86_400), to: at(-3_600) });
    assert.deepEqual(r.videos, []);
    assert.match(r.missing ?? '', /No video was played/);
    const t = await videoTimeline(lake, { ...window, from: at(-86_400), to: at(-3_600), videoId: 'v' });
    assert.match(t.missing ?? '', /Nobody watched/);
  });

  it('gives the same figures from the day rollups of closed days, and from events again after a late event', async () => {
    const q = { courseId, from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-18T00:00:00Z'), now: new Date('2026-11-19T00:00:00Z') };
    const split = await splitVideoDays(lake, courseId, q.from, q.to, q.now);
    assert.deepEqual([split.rolled, split.stale], [[], ['2026-11-16', '2026-11-17']]);
    const before = await videos(lake, q); // from events; starts the rollup in the background
    const figures = before.videos.find((x) => x.videoId === 'v')!;
    assert.deepEqual([figures.uniqueViewers, figures.watchSeconds, figures.completeViews], [6, 256, 1]);
    await rollUpVideoDays(lake, courseId, split.stale, split.seen, q.now); // joins the running one
    const rolled = await splitVideoDays(lake, courseId, q.from, q.to, q.now);
    assert.deepEqual([rolled.rolled, rolled.stale], [['2026-11-16', '2026-11-17'], []]);
    assert.deepEqual(await videos(lake, q), before);

    // Learner 3's pause arrives late: the play left running is now closed at 70, not at the end.
    await insertLines(lake, [v(3, 210, 'pause_video', 70)]);
    const late = await splitVideoDays(lake, courseId, q.from, q.to, q.now);
    assert.deepEqual([late.rolled, late.stale], [['2026-11-17'], ['2026-11-16']]);
    const after = await videos(lake, q);
    assert.equal(after.videos.find((x) => x.videoId === 'v')!.watchSeconds, 256 - 30);
    await rollUpVideoDays(lake, courseId, late.stale, late.seen, q.now);
    assert.deepEqual(await videos(lake, q), after);
  });
});
