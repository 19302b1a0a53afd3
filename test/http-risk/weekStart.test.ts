/**
 * A course's week start, end to end on a real server and chDB lake: an admin sets it through
 * PUT /api/courses/<id>/week-start, others may read it but not set it, a bad value is a 400, and
 * the dashboard API then gives the engagement table's weeks from Sunday with their counts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enrollmentActivated, videoEvent, type Actor } from '../../lib/demo/tracking';
import type { EngagementWidget } from '../../lib/metrics/dashboardTypes';
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
  const weeks = async () => {
    const res = await fetch(`${lookout.url}/api/courses/${enc}/dashboard?from=2026-11-15&to=2026-11-29`, { headers: bearer(admin) });
    assert.equal(res.status, 200);
    const engagement = ((await res.json()) as { widgets: { engagement: EngagementWidget } }).widgets.engagement;
    return engagement.weeks.map((w) => [w.weekStart.slice(0, 10), w.active]);
  };

  it('Monday weeks until an admin sets Sunday; then Sunday weeks with their counts', async () => {
    assert.deepEqual(await weeks(), [['2026-11-09', 1], ['2026-11-16', 3], ['2026-11-23', 0]]);
    const res = await put(admin, { weekStart: 'sunday' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { courseId, weekStart: 'sunday' });
    const read = await fetch(`${lookout.url}/api/courses/${enc}/week-start`, { headers: bearer(instructor) });
    assert.deepEqual(await read.json(), { courseId, weekStart: 'sunday' });
    assert.deepEqual(await weeks(), [['2026-11-15', 3], ['2026-11-22', 1]]);
  });

  it('refuses a non-admin and a value that is not a week start, with the reason', async () => {
    const denied = await put(instructor, { weekStart: 'monday' });
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { reason: string }).reason, /only admins/);
    const bad = await put(admin, { weekStart: 'friday' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /"monday", "sunday"/);
  });
});
