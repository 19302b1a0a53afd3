/**
 * A course's week start, end to end on a real server and chDB lake: an admin sets it through
 * PUT /api/courses/<id>/week-start, others may read it but not set it, a bad value is a 400, and
 * the dashboard API then gives the engagement table's weeks from Sunday with their counts. Until
 * then (and once cleared again) each viewer's locale decides, over the API and the live socket,
 * in at most two live rooms per course and window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enrollmentActivated, videoEvent, type Actor } from '../../lib/demo/tracking';
import type { EngagementWidget } from '../../lib/metrics/dashboardTypes';
import { io } from 'socket.io-client';
import type { Snapshot } from '../../lib/live/protocol';
import { bearer, postLines, startTestLookout, tokenFor } from '../helpers';

const courseId = 'course-v1:Weeks+API+2026';
const enc = encodeURIComponent(courseId);
const actor = (id: number): Actor => ({ userId: id, username: `l${id}`, session: `s${id}` });
const at = (day: string) => new Date(`2026-11-${day}T10:00:00Z`);
const play = (id: number, day: string) => videoEvent({ actor: actor(id), courseId, time: at(day), action: 'play_video', videoId: 'v', position: 0, duration: 60 });

describe('PUT /api/courses/<id>/week-start and the weeks of the dashboard', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let admin = '';
  let instructor = '';

  before(async () => {
    lookout = await startTestLookout();
    admin = await tokenFor(lookout);
    instructor = await tokenFor(lookout, { id: 880002, username: 'weeks_instructor', email: 'i@test.lookout', firstName: 'I', lastName: 'I', roles: [{ role: 'instructor', courseId }] });
    // Sunday the 15th, Monday the 16th, Saturday the 21st, Sunday the 22nd.
    const lines = [...[1, 2, 3, 4].map((id) => enrollmentActivated({ actor: actor(id), courseId, time: at('01') })), play(1, '15'), play(2, '16'), play(3, '21'), play(4, '22')];
    assert.equal((await postLines(lookout.url, lines)).status, 200);
  });
  after(() => lookout.close());

  const put = (token: string, body: unknown) =>
    fetch(`${lookout.url}/api/courses/${enc}/week-start`, { method: 'PUT', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const dashboard = async (query: string, locale?: string) => {
    const res = await fetch(`${lookout.url}/api/courses/${enc}/dashboard${query}`, { headers: { ...bearer(admin), ...(locale && { 'accept-language': locale }) } });
    assert.equal(res.status, 200);
    return (await res.json()) as { from: string; widgets: { engagement: EngagementWidget } };
  };
  const weeks = async (locale?: string) =>
    (await dashboard('?from=2026-11-15&to=2026-11-29', locale)).widgets.engagement.weeks.map((w) => [w.weekStart.slice(0, 10), w.active]);
  /** A live subscription's engagement weeks (first days), and a function to end it. */
  const liveWeeks = async (weekStart?: string) => {
    const socket = io(lookout.url, { transports: ['websocket'], reconnection: false, auth: { token: admin } });
    const snapshot = await new Promise<Snapshot>((resolve, reject) => {
      socket.once('snapshot', resolve);
      socket.once('subscribe_error', (e: { error: string }) => reject(new Error(e.error)));
      socket.emit('subscribe', { room: `course:${courseId}`, from: '2026-11-15', to: '2026-11-29', ...(weekStart && { weekStart }) });
    });
    const engagement = snapshot.widgets.engagement as EngagementWidget;
    return { weeks: engagement.weeks.map((w) => w.weekStart.slice(0, 10)), close: () => socket.close() };
  };
  const mondays = ['2026-11-09', '2026-11-16', '2026-11-23'];
  const sundays = ['2026-11-15', '2026-11-22'];

  it('an unset course has the viewer’s weeks: Sunday ones for en-US, Monday ones for en-GB and fr', async () => {
    assert.deepEqual(await weeks('en-US,en;q=0.9'), [['2026-11-15', 3], ['2026-11-22', 1]]);
    assert.deepEqual(await weeks('en-GB,en;q=0.9'), [['2026-11-09', 1], ['2026-11-16', 3], ['2026-11-23', 0]]);
    assert.deepEqual(await weeks('fr'), [['2026-11-09', 1], ['2026-11-16', 3], ['2026-11-23', 0]]);
    // With no window, the current week is the viewer's too.
    assert.equal(new Date((await dashboard('', 'en-US')).from).getUTCDay(), 0);
    assert.equal(new Date((await dashboard('', 'en-GB')).from).getUTCDay(), 1);
    const read = await fetch(`${lookout.url}/api/courses/${enc}/week-start`, { headers: bearer(instructor) });
    assert.deepEqual(await read.json(), { courseId, weekStart: null });
  });

  it('live: Sunday viewers share one room of Sunday weeks, Monday viewers another; a week start is for course rooms only', async () => {
    const subs = [await liveWeeks('sunday'), await liveWeeks('sunday'), await liveWeeks('monday'), await liveWeeks()];
    try {
      assert.deepEqual(subs.map((x) => x.weeks), [sundays, sundays, mondays, mondays]);
      const rooms = lookout.engine.watchedRooms().filter((r) => r.includes(courseId));
      assert.equal(rooms.length, 2, `two rooms, whatever the number of viewers: ${rooms.join(', ')}`);
      await assert.rejects(liveWeeks('friday'), /for course rooms only/);
    } finally {
      for (const x of subs) x.close();
    }
  });

  it('Monday weeks until an admin sets Sunday; then Sunday weeks with their counts', async () => {
    assert.deepEqual(await weeks(), [['2026-11-09', 1], ['2026-11-16', 3], ['2026-11-23', 0]]);
    const res = await put(admin, { weekStart: 'sunday' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { courseId, weekStart: 'sunday' });
    const read = await fetch(`${lookout.url}/api/courses/${enc}/week-start`, { headers: bearer(instructor) });
    assert.deepEqual(await read.json(), { courseId, weekStart: 'sunday' });
    assert.deepEqual(await weeks(), [['2026-11-15', 3], ['2026-11-22', 1]]);
    // The setting wins over an en-GB viewer, over the API and live.
    assert.deepEqual(await weeks('en-GB'), [['2026-11-15', 3], ['2026-11-22', 1]]);
    const live = await liveWeeks('monday');
    live.close();
    assert.deepEqual(live.weeks, sundays);
  });

  it('clearing the setting (null) gives each viewer their locale’s weeks again', async () => {
    const res = await put(admin, { weekStart: null });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { courseId, weekStart: null });
    const read = await fetch(`${lookout.url}/api/courses/${enc}/week-start`, { headers: bearer(instructor) });
    assert.deepEqual(await read.json(), { courseId, weekStart: null });
    assert.deepEqual((await weeks('en-GB')).map((w) => w[0]), mondays);
    assert.deepEqual((await weeks('en-US')).map((w) => w[0]), sundays);
  });

  it('refuses a non-admin and a value that is not a week start, with the reason', async () => {
    assert.equal((await put(instructor, { weekStart: null })).status, 403);
    const denied = await put(instructor, { weekStart: 'monday' });
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { reason: string }).reason, /only admins/);
    const bad = await put(admin, { weekStart: 'friday' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /"monday", "sunday"/);
  });
});
