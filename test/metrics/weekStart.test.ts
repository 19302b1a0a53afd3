import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { engagement } from '../../lib/metrics/engagement';
import { rollUpDays, splitDays } from '../../lib/metrics/learnerDays';
import { courseWeekStart, localeWeekStart, setCourseWeekStart, startOfWeek } from '../../lib/metrics/weekStart';
import { actor, insertLines, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Weeks+1';
const t = (iso: string) => new Date(`2026-11-${iso}Z`);
const play = (user: number, time: Date) => videoEvent({ actor: actor(user), courseId, time, action: 'play_video', videoId: 'v', position: 0, duration: 60 });

describe('weeks that start on the course’s first day of the week', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_week_start_test');
    await insertLines(lake, [
      ...[1, 2, 3, 4].map((u) => enrollmentActivated({ actor: actor(u), courseId, time: t('01T08:00:00') })),
      play(1, t('15T10:00:00')), // Sunday the 15th
      play(2, t('16T10:00:00')), // Monday the 16th
      play(3, t('21T23:59:00')), // Saturday the 21st
      play(4, t('22T00:00:00')), // Sunday the 22nd
    ]);
  });

  it('finds the first day of a week, and a locale’s week start where the runtime knows it', () => {
    assert.equal(startOfWeek(t('21T23:59:00'), 'sunday').toISOString(), '2026-11-15T00:00:00.000Z');
    assert.equal(startOfWeek(t('22T00:00:00'), 'sunday').toISOString(), '2026-11-22T00:00:00.000Z');
    assert.equal(startOfWeek(t('22T00:00:00'), 'monday').toISOString(), '2026-11-16T00:00:00.000Z');
    const us = localeWeekStart('en-US');
    if (us !== undefined) {
      assert.equal(us, 'sunday');
      assert.equal(localeWeekStart('fr-FR'), 'monday');
    }
  });

  it('a course without the setting has Monday weeks', async () => {
    assert.equal(await courseWeekStart(lake, courseId), 'monday');
    const r = await engagement(lake, { courseId, from: t('15T00:00:00'), to: t('29T00:00:00'), now: t('29T00:00:00') });
    assert.deepEqual(
      r.weeks.map((w) => [w.weekStart.slice(0, 10), w.active]),
      [['2026-11-09', 1], ['2026-11-16', 3], ['2026-11-23', 0]],
    );
  });

  it('a course set to Sunday has Sunday weeks with the right counts, from buckets and from rolled-up days', async () => {
    await setCourseWeekStart(lake, { courseId, weekStart: 'sunday', actor: 'admin' });
    assert.equal(await courseWeekStart(lake, courseId), 'sunday');
    const q = { courseId, from: t('15T00:00:00'), to: t('29T00:00:00'), now: t('29T00:00:00') };
    const expected = [['2026-11-15', 3, 4], ['2026-11-22', 1, 4]];
    const fromBuckets = await engagement(lake, q);
    assert.deepEqual(fromBuckets.weeks.map((w) => [w.weekStart.slice(0, 10), w.active, w.enrolled]), expected);
    assert.equal(fromBuckets.active, 4);
    assert.equal(fromBuckets.weekStartsOn, 'sunday');

    const { stale } = await splitDays(lake, courseId, t('15T00:00:00'), q.to, q.now);
    await rollUpDays(lake, courseId, stale, q.now);
    const fromRollups = await engagement(lake, q);
    assert.deepEqual(fromRollups.weeks.map((w) => [w.weekStart.slice(0, 10), w.active, w.enrolled]), expected);
  });

  it('refuses a week start that is not one', async () => {
    await assert.rejects(setCourseWeekStart(lake, { courseId, weekStart: 'friday', actor: 'admin' }), /weekStart must be one of monday, sunday/);
    assert.equal(await courseWeekStart(lake, courseId), 'sunday');
  });
});
