import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { seekVideo, videoEvent, type VideoAction } from '../../lib/demo/tracking';
import { videos } from '../../lib/metrics/videos';
import { actor, insertLines, openMetricsLake } from './lake';

/** Video rules as edX's analytics pipeline learned them (issue 17 item 7). */
const courseId = 'course-v1:Test+VideoRules+1';
const t0 = new Date('2026-11-16T10:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const window = { courseId, from: t0, to: at(86_400), now: at(86_400) };
const v = (user: number, s: number, action: VideoAction, position: number, videoId = 'v', duration = 100) =>
  videoEvent({ actor: actor(user), courseId, time: at(s), action, videoId, position, duration });

describe('video rules', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_video_rules_test');
    await insertLines(lake, [
      // 1: plays from 0, seeks forward from 10 to 60 while playing; the play the player sends right
      // after the seek still says 10 (its position before the seek): the viewing starts at 60.
      v(1, 0, 'play_video', 0),
      seekVideo({ actor: actor(1), courseId, time: at(10), videoId: 'v', from: 10, to: 60, duration: 100 }),
      v(1, 10.2, 'play_video', 10),
      v(1, 20.2, 'pause_video', 70),
      // 2: paused, then seeks, then plays: the play's own position counts (no seek closed a viewing)
      v(2, 0, 'play_video', 0),
      v(2, 5, 'pause_video', 5),
      seekVideo({ actor: actor(2), courseId, time: at(6), videoId: 'v', from: 5, to: 50, duration: 100 }),
      v(2, 7, 'play_video', 50),
      v(2, 17, 'pause_video', 60),
      // 3: a video whose length no event gives (duration 0 = not known yet)
      v(3, 0, 'play_video', 0, 'u', 0),
      v(3, 30, 'pause_video', 30, 'u', 0),
    ]);
  });

  it('starts a viewing after play → seek → play at the seek’s new time: skipped seconds are not watched', async () => {
    const r = await videos(lake, window);
    const watched = r.videos.find((x) => x.videoId === 'v')!;
    // 1: [0, 10] + [60, 70] = 20 (not [10, 70]); 2: [0, 5] + [50, 60] = 15
    assert.equal(watched.watchSeconds, 20 + 15);
    assert.equal(watched.completeViews, 0);
  });

  it('says "length unknown" (null) rather than 0 complete views for a video of unknown length', async () => {
    const r = await videos(lake, window);
    const unknown = r.videos.find((x) => x.videoId === 'u')!;
    assert.deepEqual([unknown.durationSeconds, unknown.completeViews, unknown.watchSeconds], [null, null, 30]);
  });
});
