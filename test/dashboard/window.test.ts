import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  isWeek,
  lastWeeks,
  parseDay,
  recentWeeks,
  shiftWeeks,
  weekOf,
  windowDays,
  windowFromQuery,
  windowLabel,
  windowProblem,
} from '../../components/dashboard/dashboardWindow';
import { clock, duration, percent, shareOf } from '../../components/dashboard/format';

describe('dashboard window', () => {
  it('puts every day of a week on its Monday, UTC', () => {
    const mondayOf = (d: Date) => weekOf(d).from;
    // 2026-11-16 is a Monday.
    assert.equal(mondayOf(new Date('2026-11-16T00:00:00Z')), '2026-11-16');
    assert.equal(mondayOf(new Date('2026-11-18T12:00:00Z')), '2026-11-16');
    assert.equal(mondayOf(new Date('2026-11-22T23:59:59.999Z')), '2026-11-16');
    assert.equal(mondayOf(new Date('2026-11-23T00:00:00Z')), '2026-11-23');
    // Sunday late evening in New York is already Monday in UTC.
    assert.equal(mondayOf(new Date('2026-11-22T20:00:00-05:00')), '2026-11-23');
  });

  it('makes Sunday-to-Sunday weeks for a viewer whose weeks start on Sunday', () => {
    // Sunday 2026-11-22: the first day of its own week, the last of the Monday week.
    assert.deepEqual(weekOf(new Date('2026-11-22T10:00:00Z'), 'sunday'), { from: '2026-11-22', to: '2026-11-29' });
    assert.deepEqual(weekOf(new Date('2026-11-21T23:59:59Z'), 'sunday'), { from: '2026-11-15', to: '2026-11-22' });
    assert.equal(isWeek({ from: '2026-11-15', to: '2026-11-22' }, 'sunday'), true);
    assert.equal(isWeek({ from: '2026-11-16', to: '2026-11-23' }, 'sunday'), false);
    assert.deepEqual(shiftWeeks({ from: '2026-11-18', to: '2026-11-20' }, -1, 'sunday'), { from: '2026-11-08', to: '2026-11-15' });
    assert.deepEqual(recentWeeks(new Date('2026-11-18T00:00:00Z'), 2, 'sunday').map((w) => w.from), ['2026-11-15', '2026-11-08']);
    assert.deepEqual(lastWeeks(new Date('2026-11-18T00:00:00Z'), 4, 'sunday'), { from: '2026-10-25', to: '2026-11-22' });
    assert.deepEqual(windowFromQuery({}, new Date('2026-11-18T09:00:00Z'), 'sunday').window, { from: '2026-11-15', to: '2026-11-22' });
  });

  it('makes half-open Monday-to-Monday weeks, across months and years', () => {
    assert.deepEqual(weekOf(new Date('2026-12-31T10:00:00Z')), { from: '2026-12-28', to: '2027-01-04' });
    assert.deepEqual(shiftWeeks({ from: '2026-11-16', to: '2026-11-23' }, -1), { from: '2026-11-09', to: '2026-11-16' });
    assert.deepEqual(shiftWeeks({ from: '2026-11-18', to: '2026-11-20' }, 1), { from: '2026-11-23', to: '2026-11-30' });
    assert.equal(isWeek({ from: '2026-11-16', to: '2026-11-23' }), true);
    assert.equal(isWeek({ from: '2026-11-17', to: '2026-11-24' }), false);
    assert.equal(isWeek({ from: '2026-11-16', to: '2026-11-30' }), false);
    const weeks = recentWeeks(new Date('2026-11-18T00:00:00Z'), 3);
    assert.deepEqual(weeks.map((w) => w.from), ['2026-11-16', '2026-11-09', '2026-11-02']);
    assert.deepEqual(lastWeeks(new Date('2026-11-18T00:00:00Z'), 4), { from: '2026-10-26', to: '2026-11-23' });
    assert.equal(windowDays({ from: '2026-10-26', to: '2026-11-23' }), 28);
  });

  it('reads the window from the URL, and falls back to this week with a reason', () => {
    const now = new Date('2026-11-18T09:00:00Z');
    assert.deepEqual(windowFromQuery({}, now), { window: { from: '2026-11-16', to: '2026-11-23' } });
    assert.deepEqual(windowFromQuery({ from: '2026-10-01', to: '2026-11-01' }, now), { window: { from: '2026-10-01', to: '2026-11-01' } });
    assert.deepEqual(windowFromQuery({ from: ['2026-10-01', 'x'], to: '2026-10-02' }, now).window, { from: '2026-10-01', to: '2026-10-02' });
    const bad = windowFromQuery({ from: '2026-02-30', to: '2026-03-05' }, now);
    assert.deepEqual(bad.window, { from: '2026-11-16', to: '2026-11-23' });
    assert.match(bad.problem ?? '', /first day is not a date/);
    assert.match(windowFromQuery({ from: '2026-11-10', to: '2026-11-10' }, now).problem ?? '', /before the first day/);
    assert.match(windowFromQuery({ from: '2020-01-01', to: '2026-01-01' }, now).problem ?? '', /longer than/);
    assert.match(windowFromQuery({ from: '2026-11-10' }, now).problem ?? '', /last day is not a date/);
    assert.equal(windowProblem({ from: '2026-11-10', to: '2026-11-11' }), undefined);
    assert.equal(parseDay('2026-13-01'), undefined);
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  });

  it('labels a window with its last day inclusive', () => {
    assert.equal(windowLabel({ from: '2026-11-16', to: '2026-11-23' }), '16 Nov – 22 Nov 2026');
    assert.equal(windowLabel({ from: '2026-12-28', to: '2027-01-04' }), '28 Dec 2026 – 3 Jan 2027');
    assert.equal(windowLabel({ from: '2026-11-16', to: '2026-11-17' }), '16 Nov 2026');
  });
});

describe('dashboard number formats', () => {
  it('writes durations, percents and video positions with their units', () => {
    assert.equal(duration(0), '0 s');
    assert.equal(duration(59.6), '1 min 00 s');
    assert.equal(duration(725), '12 min 05 s');
    assert.equal(duration(3 * 3600 + 20 * 60 + 7), '3 h 20 min');
    assert.equal(duration(null), '–');
    assert.equal(percent(0.4567), '45.7 %');
    assert.equal(percent(null), '–');
    assert.equal(shareOf(1, 3), '33.3 %');
    assert.equal(shareOf(1, 0), '–');
    assert.equal(clock(75.9), '1:15');
  });
});

