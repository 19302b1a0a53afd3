import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Lake } from '../../lib/lake/client';
import { enrollmentActivated, enrollmentDeactivated, videoEvent } from '../../lib/demo/tracking';
import { engagement } from '../../lib/metrics/engagement';
import { TAIL_SECONDS } from '../../lib/metrics/timeSpent';
import { activeNow } from '../../lib/live/widgets/activeNow';
import { loadCohort } from '../../lib/risk/cohort';
import { DEFAULT_THRESHOLDS } from '../../lib/risk/types';
import { actor, insertLines, openMetricsLake } from './lake';

/**
 * One definition of learner activity (lib/events/activity.ts): the engagement card, the live
 * widgets and the early-warning cohort agree on who has started, whichever way events arrive.
 */
const courseId = 'course-v1:Test+Activity+1';
const t = (iso: string) => new Date(`2026-11-${iso}Z`);
const INSTRUCTOR = 90;

/** A staff batch enrollment: the instructor made the request (context), the learner is event.user_id. */
function enrolledByStaff(learner: number, time: Date): string {
  const o = JSON.parse(enrollmentActivated({ actor: actor(INSTRUCTOR), courseId, time })) as Record<string, any>;
  o.event.user_id = learner;
  return JSON.stringify(o);
}

/** edx-platform's mobile play (test/fixtures/activity), for this course, learner and time. */
function mobilePlay(learner: number, time: Date): string {
  const o = JSON.parse(readFileSync(new URL('../fixtures/activity/edx.video.played__mobile__test_segmentio.json', import.meta.url), 'utf8')) as Record<string, any>;
  o.context.course_id = courseId;
  o.context.user_id = learner;
  o.username = `u${learner}`;
  o.time = time.toISOString().replace('Z', '000+00:00');
  return JSON.stringify(o);
}

describe('learner activity: engagement, live widgets and risk agree', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_activity_test');
    await insertLines(lake, [
      enrollmentActivated({ actor: actor(1), courseId, time: t('16T08:00:00') }), // 1: enrolled, never started
      enrolledByStaff(2, t('16T08:01:00')), // 2: enrolled by staff, never started
      enrollmentActivated({ actor: actor(3), courseId, time: t('16T08:02:00') }),
      mobilePlay(3, t('16T09:00:00')), // 3: watched on the mobile app
      enrollmentActivated({ actor: actor(4), courseId, time: t('16T08:03:00') }),
      videoEvent({ actor: actor(4), courseId, time: t('16T09:00:00'), action: 'play_video', videoId: 'v', position: 0, duration: 60 }), // 4: browser
      enrollmentActivated({ actor: actor(5), courseId, time: t('16T08:04:00') }),
      enrollmentDeactivated({ actor: actor(5), courseId, time: t('16T09:02:00') }), // 5: enrolled and left
    ]);
  });

  it('engagement: enrollments are not activity; a mobile play is a play', async () => {
    const r = await engagement(lake, { courseId, from: t('16T00:00:00'), to: t('23T00:00:00'), now: t('23T00:00:00') });
    assert.deepEqual(
      { enrolled: r.enrolled, active: r.active, watchedVideo: r.watchedVideo, triedProblem: r.triedProblem, avgTimeSpentSeconds: r.avgTimeSpentSeconds },
      { enrolled: 4, active: 2, watchedVideo: 2, triedProblem: 0, avgTimeSpentSeconds: TAIL_SECONDS },
    );
  });

  it('active now: the same two learners, not the instructor who enrolled someone', async () => {
    assert.deepEqual(await activeNow.compute({ lake, courseId, now: t('16T09:03:00') }), { learners: 2, windowMinutes: 5 });
  });

  it('risk: the same learners have started, the others have not', async () => {
    const cohort = await loadCohort(lake, courseId, t('23T00:00:00'), { ...DEFAULT_THRESHOLDS });
    const started = cohort.everyone.filter((l) => l.firstActivity !== null).map((l) => l.userId).sort();
    const notStarted = cohort.everyone.filter((l) => l.firstActivity === null).map((l) => l.userId).sort();
    assert.deepEqual(started, [3, 4]);
    assert.deepEqual(notStarted, [1, 2, 5]);
    assert.ok(!cohort.everyone.some((l) => l.userId === INSTRUCTOR), 'the instructor who enrolled learner 2 is no learner');
  });
});
