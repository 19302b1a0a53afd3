import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { bearer, postLines, startTestLookout, tokenFor, waitFor } from '../helpers';
import { enrollmentActivated, gradeCalculated, problemCheck, videoEvent } from '../../lib/demo/tracking';
import type { DashboardSnapshot, VideoTimeline } from '../../lib/metrics/dashboardTypes';
import type { Snapshot, Update } from '../../lib/live/protocol';
import { DASHBOARD_WIDGET_NAMES } from '../../lib/metrics/dashboard';
import { actor } from './lake';

const courseId = 'course-v1:Test+Dash+1';
const day = (offset: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + offset * 86_400_000).toISOString().slice(0, 10);
const from = day(-1);
const to = day(2);
const problem = 'block-v1:Test+Dash+1+type@problem+block@p1';

function activity(user: number, at: Date): string[] {
  const base = { actor: actor(user), courseId };
  return [
    enrollmentActivated({ ...base, time: new Date(at.getTime() - 60_000) }),
    videoEvent({ ...base, time: at, action: 'play_video', videoId: 'v1', position: 0, duration: 100 }),
    videoEvent({ ...base, time: new Date(at.getTime() + 40_000), action: 'pause_video', videoId: 'v1', position: 40, duration: 100 }),
    problemCheck({ ...base, time: new Date(at.getTime() + 50_000), problem, problemName: 'First check', attempts: 1, correct: user % 2 === 0 }),
    gradeCalculated({ ...base, time: new Date(at.getTime() + 51_000), percent: user % 2 === 0 ? 0.8 : 0.2 }),
  ];
}

describe('GET /api/courses/<id>/dashboard and the windowed live subscription', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let token = '';
  const start = new Date(Date.now() - 120_000);

  before(async () => {
    lookout = await startTestLookout();
    token = await tokenFor(lookout);
    const posted = await postLines(lookout.url, [...activity(1, start), ...activity(2, start)]);
    assert.equal(posted.status, 200);
    await waitFor(async () => (await fetch(`${lookout.url}/api/courses/${encodeURIComponent(courseId)}/dashboard?from=${from}&to=${to}`, { headers: bearer(token) })).status === 200);
  });
  after(() => lookout.close());

  const get = async (path: string) => {
    const res = await fetch(`${lookout.url}${path}`, { headers: bearer(token) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const dashboardPath = (query: string, id = courseId) => `/api/courses/${encodeURIComponent(id)}/dashboard${query}`;

  it('returns every widget for the window', async () => {
    const { status, body } = await get(dashboardPath(`?from=${from}&to=${to}`));
    assert.equal(status, 200);
    const snap = body as unknown as DashboardSnapshot;
    assert.deepEqual(Object.keys(snap.widgets).sort(), [...DASHBOARD_WIDGET_NAMES].sort());
    assert.equal(snap.from, `${from}T00:00:00.000Z`);
    assert.equal(snap.to, `${to}T00:00:00.000Z`);
    const w = snap.widgets;
    assert.deepEqual([w.engagement.enrolled, w.engagement.active, w.engagement.watchedVideo, w.engagement.triedProblem], [2, 2, 2, 2]);
    assert.deepEqual(w.videos.videos.map((v) => [v.videoId, v.uniqueViewers, v.watchSeconds]), [['v1', 2, 80]]);
    assert.deepEqual(w.problems.problems.map((p) => [p.name, p.attempts, p.correctFirstAttempt]), [['First check', 2, 1]]);
    assert.deepEqual([w.grades.graded, w.grades.bins[2]!.learners, w.grades.bins[8]!.learners], [2, 1, 1]);
    assert.equal(w.activeNow.learners, 2);
    assert.ok(w.liveFeed.items.length >= 8, 'the recent actions');
    assert.match(w.demographics.missing ?? '', /No learner profiles/);
  });

  it('uses the current week when no window is given', async () => {
    const { status, body } = await get(dashboardPath(''));
    assert.equal(status, 200);
    const fromDate = new Date(body.from as string);
    assert.equal(fromDate.getUTCDay(), 1);
    assert.equal(new Date(body.to as string).getTime() - fromDate.getTime(), 7 * 86_400_000);
  });

  it('refuses bad windows with a reason, and unknown courses', async () => {
    for (const [query, reason] of [
      ['?from=2026-13-01&to=2026-12-01', /not a real date/],
      [`?from=${to}&to=${from}`, /must be before/],
      ['?from=2020-01-01&to=2026-01-01', /longer than/],
      [`?from=${from}`, /both from and to/],
      ['?from=2026-11-20T09:03:00Z&to=2026-11-21', /5-minute/],
    ] as const) {
      const { status, body } = await get(dashboardPath(query));
      assert.equal(status, 400, query);
      assert.match(String(body.error), reason);
    }
    const unknown = await get(dashboardPath(`?from=${from}&to=${to}`, 'course-v1:No+Such+Course'));
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.body.error), /unknown course/);
  });

  it('serves a video timeline second by second', async () => {
    const { status, body } = await get(`/api/courses/${encodeURIComponent(courseId)}/videos/v1/timeline?from=${from}&to=${to}`);
    assert.equal(status, 200);
    const t = body as unknown as VideoTimeline;
    assert.equal(t.seconds.length, 100);
    assert.deepEqual(t.seconds[39], { second: 39, viewers: 2, views: 2 });
    assert.deepEqual(t.seconds[40], { second: 40, viewers: 0, views: 0 });
  });

  it('pushes the window’s widgets to a windowed subscription as events arrive', async () => {
    const socket = io(lookout.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    const updates: Update[] = [];
    socket.on('update', (u: Update) => updates.push(u));
    try {
      const snapshot = await new Promise<Snapshot>((resolve, reject) => {
        socket.once('snapshot', resolve);
        socket.once('subscribe_error', (e) => reject(new Error(e.error)));
        socket.emit('subscribe', { room: `course:${courseId}`, from, to });
      });
      assert.deepEqual([snapshot.room, snapshot.from, snapshot.to], [`course:${courseId}`, from, to]);
      assert.equal((snapshot.widgets.engagement as { active: number }).active, 2);

      assert.equal((await postLines(lookout.url, activity(3, new Date(Date.now() - 60_000)))).status, 200);
      const update = await waitFor(() => updates.find((u) => (u.widgets.engagement as { active: number } | undefined)?.active === 3));
      assert.deepEqual([update.room, update.from, update.to], [`course:${courseId}`, from, to]);
      assert.ok(update.version > snapshot.version);

      const refused = await new Promise<{ error: string }>((resolve) => {
        socket.once('subscribe_error', resolve);
        socket.emit('subscribe', { room: `course:${courseId}`, from: to, to: from });
      });
      assert.match(refused.error, /must be before/);
    } finally {
      socket.close();
    }
  });
});
