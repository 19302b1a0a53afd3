import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDashboardWindow, parseDashboardWindow, skippableDays } from '../../lib/metrics/window';
import { parseRoomKey, roomKey } from '../../lib/live/protocol';

const now = new Date('2026-11-20T15:42:10Z'); // a Friday

describe('dashboard window', () => {
  it('defaults to the current Monday-to-Monday week (UTC)', () => {
    const w = defaultDashboardWindow(now);
    assert.deepEqual([w.from.toISOString(), w.to.toISOString()], ['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    assert.deepEqual(parseDashboardWindow(null, null, now), w);
    const monday = defaultDashboardWindow(new Date('2026-11-16T00:00:00Z'));
    assert.equal(monday.from.toISOString(), '2026-11-16T00:00:00.000Z');
    const sunday = parseDashboardWindow(null, null, now, 'sunday');
    assert.deepEqual(sunday, { from: new Date('2026-11-15T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') });
  });

  it('takes days (to exclusive) and ISO instants on 5-minute edges', () => {
    const days = parseDashboardWindow('2026-11-01', '2026-11-08', now);
    assert.deepEqual(days, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-08T00:00:00Z') });
    const instants = parseDashboardWindow('2026-11-20T09:05:00Z', '2026-11-20T11:30:00.000+01:00', now);
    assert.deepEqual(instants, { from: new Date('2026-11-20T09:05:00Z'), to: new Date('2026-11-20T10:30:00Z') });
  });

  it('refuses unusable windows with a reason', () => {
    const error = (from: string | null, to: string | null) => {
      const r = parseDashboardWindow(from, to, now);
      return 'error' in r ? r.error : 'accepted';
    };
    assert.match(error('2026-11-01', null), /both from and to/);
    assert.match(error('2026-02-30', '2026-03-02'), /not a real date/);
    assert.match(error('yesterday', '2026-03-02'), /YYYY-MM-DD/);
    assert.match(error('2026-11-20T09:03:00Z', '2026-11-20T10:00:00Z'), /5-minute boundary/);
    assert.match(error('2026-11-20T09:00:00', '2026-11-20T10:00:00Z'), /with a zone/);
    assert.match(error('2026-11-08', '2026-11-01'), /must be before/);
    assert.match(error('2026-11-08', '2026-11-08'), /must be before/);
    assert.match(error('2020-01-01', '2026-01-01'), /longer than 732 days/);
  });

  it('room keys carry the window and parse back', () => {
    const key = roomKey('course:course-v1:A+B+C', '2026-11-16', '2026-11-23');
    assert.deepEqual(parseRoomKey(key), { room: 'course:course-v1:A+B+C', courseId: 'course-v1:A+B+C', from: '2026-11-16', to: '2026-11-23' });
    assert.deepEqual(parseRoomKey('course:course-v1:A+B+C'), { room: 'course:course-v1:A+B+C', courseId: 'course-v1:A+B+C' });
    assert.equal(parseRoomKey('org:A'), undefined);
    // Sunday weeks make a variant of their own; Monday (the default) does not.
    const sunday = roomKey('course:X', '2026-11-15', '2026-11-22', 'sunday');
    assert.deepEqual(parseRoomKey(sunday), { room: 'course:X', courseId: 'X', from: '2026-11-15', to: '2026-11-22', weekStart: 'sunday' });
    assert.equal(roomKey('course:X', '2026-11-16', '2026-11-23', 'monday'), roomKey('course:X', '2026-11-16', '2026-11-23'));
    assert.deepEqual(parseRoomKey(roomKey('course:X', undefined, undefined, 'sunday')), { room: 'course:X', courseId: 'X', weekStart: 'sunday' });
    assert.equal(parseRoomKey('course:X?week=friday'), undefined);
  });
});

describe('skippableDays', () => {
  const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
  it('is the longest run of closed days that are neither stale nor cut', () => {
    const from = new Date('2026-11-15T15:40:00.000Z');
    const to = new Date('2026-11-22T15:40:00.000Z');
    assert.deepEqual(skippableDays(from, to, ['2026-11-15'], d('2026-11-22')), { skipFrom: d('2026-11-16'), skipTo: d('2026-11-22') });
    assert.deepEqual(skippableDays(from, to, ['2026-11-18'], d('2026-11-22')), { skipFrom: d('2026-11-19'), skipTo: d('2026-11-22') });
    assert.deepEqual(skippableDays(from, to, [], d('2026-11-20')), { skipFrom: d('2026-11-16'), skipTo: d('2026-11-20') });
  });
  it('is empty when no whole closed day is left', () => {
    assert.deepEqual(skippableDays(d('2026-11-16'), d('2026-11-23'), [], d('2026-11-16')), { skipFrom: new Date(0), skipTo: new Date(0) });
  });
});
