import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { videoEvent, type VideoAction } from '../../lib/demo/tracking';
import { queryRows } from '../../lib/lake/query';
import { videos } from '../../lib/metrics/videos';
import { splitVideoDays } from '../../lib/metrics/videoDays';
import { totalsFor } from '../../lib/metrics/closedDayTotals';
import { VIDEO_TOTALS } from '../../lib/metrics/videoTotals';
import { actor, insertLines, insertRole, openMetricsLake, rollUpAndSumVideos } from './lake';

const courseId = 'course-v1:Test+VideoTotals+1';
const day = (d: number, h = 0, m = 0) => new Date(Date.UTC(2026, 10, d, h, m));
const v = (user: number, time: Date, action: VideoAction, position: number, videoId = 'v') =>
  videoEvent({ actor: actor(user), courseId, time, action, videoId, position, duration: 100 });
const october = (d: number, h = 0) => new Date(Date.UTC(2026, 9, d, h));
/** Every play of the course (the first on October 20th), up to now: November 20th at noon. */
const whole = { courseId, from: october(19), to: day(20, 12), now: day(20, 12) };

const rollUpAndSum = (lake: Lake) => rollUpAndSumVideos(lake, whole);

// A new query object each time: reads such as the staff are shared per query object.
const figures = async (lake: Lake, q = whole) => (await videos(lake, { ...q })).videos.map((x) => [x.videoId, x.uniqueViewers, x.watchSeconds, x.completeViews, x.durationSeconds]);

describe('video totals of the closed days (whole-course windows)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_video_totals_test');
    await insertLines(lake, [
      // 1: [0, 60] on the 16th, [50, 100] today: a complete view only with both
      v(1, day(16, 9), 'play_video', 0),
      v(1, day(16, 9, 1), 'pause_video', 60),
      v(1, day(20, 10), 'play_video', 50),
      v(1, day(20, 10, 1), 'pause_video', 100),
      // 2: [0, 96] on the 17th: complete, from the totals alone
      v(2, day(17, 9), 'play_video', 0),
      v(2, day(17, 9, 2), 'pause_video', 96),
      // 3: [10, 30] twice (the 16th and the 18th), overlapping: 40 s watched, 20 covered
      v(3, day(16, 8), 'play_video', 10),
      v(3, day(16, 8, 1), 'pause_video', 30),
      v(3, day(18, 8), 'play_video', 10),
      v(3, day(18, 8, 1), 'pause_video', 30),
      // 4: staff, complete on the 17th
      v(4, day(17, 9), 'play_video', 0),
      v(4, day(17, 9, 2), 'pause_video', 100),
      // 5: only today, on another video
      v(5, day(20, 11), 'play_video', 0, 'w'),
      v(5, day(20, 11, 1), 'pause_video', 40, 'w'),
      // 6: plays at 23:59 on the 19th, paused after midnight: a play of the 19th
      v(6, day(19, 23, 59), 'play_video', 0),
      v(6, day(20, 0, 1), 'pause_video', 20),
      // 7: the course's first play, [0, 30] on October 20th
      v(7, october(20, 9), 'play_video', 0),
      v(7, new Date(october(20, 9).getTime() + 60_000), 'pause_video', 30),
    ]);
    await insertRole(lake, { user_id: 4, org: 'Test', course_id: courseId, role: 'staff' });
  });

  it('gives the figures of the day rollups, from the totals and what came since', async () => {
    const fromDays = await figures(lake);
    assert.deepEqual(fromDays, [
      ['v', 5, 60 + 50 + 96 + 40 + 20 + 30, 2, 100], // 1 (combined), 2, 3, 6, 7
      ['w', 1, 40, 0, 100],
    ]);
    await rollUpAndSum(lake);
    const split = await splitVideoDays(lake, courseId, whole.from, whole.to, whole.now);
    const totals = await totalsFor(lake, VIDEO_TOTALS, whole, split);
    assert.equal(totals?.through.toISOString(), day(20).toISOString()); // the 19th closed at 06:00 today
    assert.deepEqual(await figures(lake), fromDays);
  });

  it('keeps each learner-video once: its totals replaced by totals and recent segments together', async () => {
    const [row] = await queryRows<{ watch: number; covered: number; merged: [number, number][] }>(
      lake,
      `SELECT watch, covered, merged FROM video_learner_totals WHERE course_id = {courseId:String} AND user_id = 3
       AND version = (SELECT max(version) FROM video_totals_status WHERE course_id = {courseId:String})`,
      { courseId },
    );
    assert.deepEqual([row?.watch, row?.covered, row?.merged], [40, 20, [[10, 30]]]);
  });

  it('takes out learners who became staff after the totals were summed', async () => {
    await insertRole(lake, { user_id: 2, org: 'Test', course_id: courseId, role: 'beta_testers' });
    assert.deepEqual(await figures(lake), [
      ['v', 4, 60 + 50 + 40 + 20 + 30, 1, 100],
      ['w', 1, 40, 0, 100],
    ]);
  });

  it('does not use totals that a late event made stale, nor for a window that cuts the first day or starts after it', async () => {
    // A stop arrives late for learner 3's play of the 18th, at the same instant: it closes nothing (a tie goes to the closing event first).
    await insertLines(lake, [v(3, day(18, 8), 'stop_video', 30)]);
    const split = await splitVideoDays(lake, courseId, whole.from, whole.to, whole.now);
    assert.equal(await totalsFor(lake, VIDEO_TOTALS, whole, split), undefined);
    assert.deepEqual(await figures(lake), [
      ['v', 4, 60 + 50 + 40 + 20 + 30, 1, 100],
      ['w', 1, 40, 0, 100],
    ]);
    // Nor when the window cuts the first day, even before its first play: the day rollups count whole days.
    const cut = { ...whole, from: october(20, 6) };
    assert.equal(await totalsFor(lake, VIDEO_TOTALS, cut, await splitVideoDays(lake, courseId, cut.from, cut.to, cut.now)), undefined);
    // Nor when it starts after the first play.
    const late = { ...whole, from: october(21) };
    assert.equal(await totalsFor(lake, VIDEO_TOTALS, late, await splitVideoDays(lake, courseId, late.from, late.to, late.now)), undefined);
    assert.deepEqual(await figures(lake, late), [
      ['v', 3, 60 + 50 + 40 + 20, 1, 100], // 1 (complete with today's), 3 and 6; 2 is staff, 7 played before
      ['w', 1, 40, 0, 100],
    ]);
    // Rolled up again: new totals, the same figures.
    await rollUpAndSum(lake);
    assert.ok(await totalsFor(lake, VIDEO_TOTALS, whole, await splitVideoDays(lake, courseId, whole.from, whole.to, whole.now)));
    assert.deepEqual(await figures(lake), [
      ['v', 4, 60 + 50 + 40 + 20 + 30, 1, 100],
      ['w', 1, 40, 0, 100],
    ]);
  });
});
