import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { enrollmentActivated, enrollmentDeactivated, problemCheck, videoEvent } from '../../lib/demo/tracking';
import { engagement, weeksOverlapping } from '../../lib/metrics/engagement';
import { TAIL_SECONDS } from '../../lib/metrics/timeSpent';
import { rollUpDays, splitDays } from '../../lib/metrics/learnerDays';
import { totalsFor, totalsSummed } from '../../lib/metrics/closedDayTotals';
import { ENGAGEMENT_TOTALS } from '../../lib/metrics/engagementTotals';
import { actor, insertLines, insertRole, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Engage+1';
const t = (iso: string) => new Date(`2026-11-${iso}Z`);
const play = (user: number, time: Date) => videoEvent({ actor: actor(user), courseId, time, action: 'play_video', videoId: 'v', position: 0, duration: 60 });
const enrol = (user: number, time: Date) => enrollmentActivated({ actor: actor(user), courseId, time });

describe('weekly engagement (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_engagement_test');
    // Out of order: the later events arrive first.
    await insertLines(lake, [play(1, t('16T09:01:00')), enrollmentDeactivated({ actor: actor(3), courseId, time: t('18T08:00:00') })]);
    await insertLines(lake, [
      enrol(1, t('10T08:00:00')),
      play(1, t('16T09:00:00')), // learner 1: 60 s between plays + tail
      play(5, t('16T09:00:30')), // learner 5, active at the same time, never enrolled: tail only
      enrol(2, t('16T10:00:00')),
      problemCheck({ actor: actor(2), courseId, time: t('17T10:00:00'), problem: 'block-v1:Test+Engage+1+type@problem+block@p', problemName: 'P', attempts: 1, correct: false }),
      enrol(3, t('10T08:00:00')),
      play(3, t('13T12:00:00')), // learner 3: active in the week of the 9th, unenrolled on the 18th
      enrol(4, t('10T08:00:00')),
      play(4, t('16T09:00:00')), // staff
      play(4, t('17T09:00:00')),
      play(1, t('23T00:00:00')), // after the window
      play(6, t('11T23:59:59')), // before the window, in its first week
    ]);
    await insertRole(lake, { user_id: 4, org: 'Test', course_id: courseId, role: 'beta_testers' });
  });

  it('lists the Monday-to-Monday weeks that overlap the window', () => {
    assert.deepEqual(weeksOverlapping(t('12T00:00:00'), t('23T00:00:00')).map((d) => d.toISOString()), ['2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z']);
    assert.deepEqual(weeksOverlapping(t('16T00:00:00'), t('16T00:05:00')).map((d) => d.toISOString()), ['2026-11-16T00:00:00.000Z']);
  });

  it('counts enrolled at the end, active, video, problem and time spent per active learner', async () => {
    const r = await engagement(lake, { courseId, from: t('12T00:00:00'), to: t('23T00:00:00'), now: t('23T00:00:00') });
    const tail = TAIL_SECONDS;
    // Enrolling and unenrolling are not activity (DESIGN §5), and gaps are capped at 300 s.
    // 1: plays at 09:00 and 09:01 → 60 + tail (its enrollment on the 10th is not activity);
    // 2: enrols (not activity), checks a day later → tail; 3: plays on the 13th → tail (its
    // unenrollment on the 18th is not activity); 5: one play → tail.
    // enrolled on the 23rd: 1 and 2 (3 left, 4 is staff, 5 never enrolled)
    assert.deepEqual(
      { ...r, weeks: undefined },
      { enrolled: 2, active: 4, watchedVideo: 3, triedProblem: 1, avgTimeSpentSeconds: Math.round((60 + 4 * tail) / 4), weeks: undefined, weekStartsOn: 'monday' },
    );
    assert.deepEqual(r.weeks, [
      // week of the 9th: enrolled on the 16th = 1 and 3; active 3 (plays on the 13th) and 6 (plays
      // on the 11th), a tail each; 1 only enrolled that week
      { weekStart: '2026-11-09T00:00:00.000Z', enrolled: 2, active: 2, watchedVideo: 2, triedProblem: 0, avgTimeSpentSeconds: tail },
      // week of the 16th: 1 (60 + tail), 2 (tail), 5 (tail); 3 only unenrolled
      { weekStart: '2026-11-16T00:00:00.000Z', enrolled: 2, active: 3, watchedVideo: 2, triedProblem: 1, avgTimeSpentSeconds: Math.round((60 + 3 * tail) / 3) },
    ]);
    assert.equal(r.missing, undefined);
  });

  it('says what is missing for a course with nothing', async () => {
    const r = await engagement(lake, { courseId: 'course-v1:Test+Empty+1', from: t('12T00:00:00'), to: t('23T00:00:00'), now: t('23T00:00:00') });
    assert.equal(r.active, 0);
    assert.match(r.missing ?? '', /No enrollments/);
  });

  it('gives the same figures from learner-day rollups of closed days, and from buckets again after a late event', async () => {
    const q = { courseId, from: t('12T00:00:00'), to: t('23T00:00:00'), now: t('23T00:00:00') };
    const before = await engagement(lake, q);
    const weeksFrom = t('09T00:00:00');
    const { stale } = await splitDays(lake, courseId, weeksFrom, q.to, q.now);
    await rollUpDays(lake, courseId, stale, q.now);
    const split = await splitDays(lake, courseId, weeksFrom, q.to, q.now);
    // (the 10th and the 18th hold only enrollments: no activity to roll up)
    assert.deepEqual([split.rolled, split.stale], [['2026-11-11', '2026-11-13', '2026-11-16', '2026-11-17'], []]);
    assert.deepEqual(await engagement(lake, q), before);

    // A late event on a rolled-up day: that day is read from its buckets until rolled up again.
    await insertLines(lake, [play(1, t('16T09:03:00'))]);
    assert.deepEqual((await splitDays(lake, courseId, weeksFrom, q.to, q.now)).stale, ['2026-11-16']);
    const late = await engagement(lake, q);
    assert.equal(late.avgTimeSpentSeconds, Math.round((180 + 4 * TAIL_SECONDS) / 4));
    await rollUpDays(lake, courseId, ['2026-11-16'], q.now);
    assert.deepEqual(await engagement(lake, q), late);
  });

  it('reads a whole-course window from the totals of its closed days, with the same figures', async () => {
    // Four weeks and more, holding the first activity (the 10th), to today, the 23rd, whose play
    // (learner 1) is read from its buckets.
    const whole = { courseId, from: new Date('2026-10-19T00:00:00Z'), to: t('23T12:00:00'), now: t('23T12:00:00') };
    const figures = () => engagement(lake, { ...whole }); // a new query object: the staff are read again
    const fromDays = await figures();
    await rollUpDays(lake, courseId, (await splitDays(lake, courseId, whole.from, whole.to, whole.now)).stale, whole.now);
    await figures(); // finds no totals: starts summing them
    await totalsSummed(ENGAGEMENT_TOTALS, courseId);
    const split = await splitDays(lake, courseId, whole.from, whole.to, whole.now);
    assert.equal((await totalsFor(lake, ENGAGEMENT_TOTALS, whole, split))?.through.toISOString(), t('23T00:00:00').toISOString());
    const fromTotals = await figures();
    assert.deepEqual(fromTotals, fromDays);
    assert.equal(fromTotals.active, 5); // 1, 2, 3, 5 and 6: every learner but the staff (4)
    assert.deepEqual(fromTotals.weeks.map((w) => [w.weekStart.slice(0, 10), w.active]), [
      ['2026-10-19', 0], ['2026-10-26', 0], ['2026-11-02', 0], ['2026-11-09', 2], ['2026-11-16', 3], ['2026-11-23', 1],
    ]);

    // Learner 2 becomes staff after the totals were summed: the same figures as without totals.
    await insertRole(lake, { user_id: 2, org: 'Test', course_id: courseId, role: 'staff' });
    const lessStaff = await figures();
    assert.equal(lessStaff.active, fromTotals.active - 1);
    await lake.client.command({ query: 'TRUNCATE TABLE engagement_totals_status' });
    assert.deepEqual(await figures(), lessStaff);
    await totalsSummed(ENGAGEMENT_TOTALS, courseId);
  });
});
