import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { engagement } from '../../lib/metrics/engagement';
import { rollUpDays, splitDays } from '../../lib/metrics/learnerDays';
import { effectiveWeekStart, firstLanguage, localeWeekStart, startOfWeek, viewerWeekStart } from '../../lib/metrics/weekStart';
import { courseWeekStart, courseWeekStartSetting, setCourseWeekStart } from '../../lib/metrics/courseWeekStart';
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

  it('resolves a viewer’s week start: the course’s setting, else their locale’s, else Monday', () => {
    assert.equal(firstLanguage('en-US,en;q=0.9,fr;q=0.8'), 'en-US');
    assert.equal(firstLanguage(' fr-CH ; q=1, en'), 'fr-CH');
    assert.equal(firstLanguage('*'), undefined);
    assert.equal(firstLanguage(undefined), undefined);
    assert.equal(viewerWeekStart('en-GB,en;q=0.9'), 'monday');
    assert.equal(viewerWeekStart('fr'), 'monday');
    assert.equal(viewerWeekStart('not a locale!'), undefined);
    assert.equal(effectiveWeekStart('monday', 'sunday'), 'monday', 'the course’s setting wins');
    assert.equal(effectiveWeekStart('sunday', 'monday'), 'sunday');
    assert.equal(effectiveWeekStart(undefined, 'sunday'), 'sunday', 'an unset course follows the viewer');
    assert.equal(effectiveWeekStart(undefined, undefined), 'monday');
    // Node and Chromium know en-US weeks start on Sunday (Intl.Locale weekInfo, from CLDR).
    assert.equal(viewerWeekStart('en-US,en;q=0.9'), 'sunday');
  });

  it('a course without the setting has Monday weeks, or Sunday ones for a viewer whose locale starts them on Sunday', async () => {
    assert.equal(await courseWeekStartSetting(lake, courseId), undefined);
    assert.equal(await courseWeekStart(lake, courseId), 'monday');
    assert.equal(await courseWeekStart(lake, courseId, 'sunday'), 'sunday');
    const q = { courseId, from: t('15T00:00:00'), to: t('29T00:00:00'), now: t('29T00:00:00') };
    const r = await engagement(lake, q);
    assert.deepEqual(
      r.weeks.map((w) => [w.weekStart.slice(0, 10), w.active]),
      [['2026-11-09', 1], ['2026-11-16', 3], ['2026-11-23', 0]],
    );
    const localeSunday = await engagement(lake, { ...q, weekStart: 'sunday' });
    assert.deepEqual(localeSunday.weeks.map((w) => [w.weekStart.slice(0, 10), w.active, w.enrolled]), [['2026-11-15', 3, 4], ['2026-11-22', 1, 4]]);
    assert.equal(localeSunday.weekStartsOn, 'sunday');
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
    // The setting wins over a Monday viewer.
    const mondayViewer = await engagement(lake, { ...q, weekStart: 'monday' });
    assert.deepEqual(mondayViewer.weeks.map((w) => [w.weekStart.slice(0, 10), w.active, w.enrolled]), expected);
  });

  it('refuses a week start that is not one', async () => {
    await assert.rejects(setCourseWeekStart(lake, { courseId, weekStart: 'friday', actor: 'admin' }), /weekStart must be one of monday, sunday/);
    assert.equal(await courseWeekStart(lake, courseId), 'sunday');
  });

  it('clears the setting back to the viewer’s locale (locale or null), and can set it again', async () => {
    const later = (s: number) => new Date(Date.now() + s * 1000);
    assert.equal(await setCourseWeekStart(lake, { courseId, weekStart: 'locale', actor: 'admin', now: later(1) }), undefined);
    assert.equal(await courseWeekStartSetting(lake, courseId), undefined);
    assert.equal(await courseWeekStart(lake, courseId, 'monday'), 'monday');
    await setCourseWeekStart(lake, { courseId, weekStart: 'monday', actor: 'admin', now: later(2) });
    assert.equal(await courseWeekStart(lake, courseId, 'sunday'), 'monday');
    await setCourseWeekStart(lake, { courseId, weekStart: null, actor: 'admin', now: later(3) });
    assert.equal(await courseWeekStartSetting(lake, courseId), undefined);
  });
});
