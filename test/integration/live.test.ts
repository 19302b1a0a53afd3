import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, postLines, startTestLookout, subscribe, tokenFor, waitFor } from '../helpers';
import { videoEvent, type Actor } from '../../lib/demo/tracking';
import type { ActiveNow } from '../../lib/live/widgets/activeNow';
import type { EventsPerMinute } from '../../lib/live/widgets/eventsPerMinute';

const actor = (id: number): Actor => ({ userId: id, username: `learner${id}`, session: `s${id}` });

function plays(courseId: string, users: number[], at = new Date()): string[] {
  return users.map((u, i) =>
    videoEvent({ actor: actor(u), courseId, time: at, micros: i, action: 'play_video', videoId: 'v1', position: i, duration: 100 }),
  );
}

for (const bus of ['memory', 'redis'] as const) {
  describe(`ingest → socket update (${bus} bus)`, () => {
    const courseId = `course-v1:Test+Live+${bus}`;
    let lookout: Awaited<ReturnType<typeof startTestLookout>>;
    let token: string;

    before(async () => {
      lookout = await startTestLookout(bus === 'redis' ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {});
      assert.equal(lookout.bus.kind, bus);
      token = await tokenFor(lookout);
    });
    after(() => lookout.close());

    it('pushes changed widgets to a subscribed socket after a POST', async () => {
      const { socket, snapshot, updates } = await subscribe(lookout.url, `course:${courseId}`, token);
      try {
        assert.equal(snapshot.room, `course:${courseId}`);
        assert.equal((snapshot.widgets.activeNow as ActiveNow).learners, 0);

        const body = plays(courseId, [1, 2, 3]);
        const posted = await postLines(lookout.url, body);
        assert.equal(posted.status, 200);
        assert.deepEqual(posted.body, { accepted: 3, duplicates: 0, rejected: [], rejectedCount: 0 });

        const update = await waitFor(() => updates.find((u) => (u.widgets.activeNow as ActiveNow | undefined)?.learners === 3));
        assert.ok(update.version > snapshot.version);
        const perMinute = update.widgets.eventsPerMinute as EventsPerMinute;
        assert.equal(perMinute.minutes.length, 60);
        assert.equal(perMinute.minutes.at(-1)!.events, 3);

        // The window widgets follow in an update of their own (recomputed in the background).
        await waitFor(() => updates.find((u) => u.version > snapshot.version && 'engagement' in u.widgets));

        // A retried body is acknowledged but changes no count, and sends no update. First let the
        // background recomputes of the first body settle (over Redis they can still be arriving).
        for (let seen = -1, deadline = Date.now() + 15_000; seen !== updates.length && Date.now() < deadline; ) {
          seen = updates.length;
          await new Promise((r) => setTimeout(r, 1000));
        }
        const before = updates.length;
        const retried = await postLines(lookout.url, body);
        assert.deepEqual(retried.body, { accepted: 0, duplicates: 3, rejected: [], rejectedCount: 0 });
        await new Promise((r) => setTimeout(r, 400));
        assert.equal(updates.length, before, JSON.stringify(updates.slice(before - 2).map((u) => [u.version, Object.keys(u.widgets)])));
      } finally {
        socket.close();
      }
    });

    it('serves the same snapshot as JSON', async () => {
      const res = await fetch(`${lookout.url}/api/courses/${encodeURIComponent(courseId)}/live`, { headers: bearer(token) });
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.room, `course:${courseId}`);
      assert.equal(body.widgets.activeNow.learners, 3);
    });

    it('carries the at-risk list alone in the risk room, which takes no window', async () => {
      const { socket, snapshot, updates } = await subscribe(lookout.url, `risk:${courseId}`, token);
      try {
        assert.equal(snapshot.room, `risk:${courseId}`);
        assert.deepEqual(Object.keys(snapshot.widgets), ['atRisk']);
        const posted = await postLines(lookout.url, plays(courseId, [4]));
        assert.equal(posted.body.accepted, 1);
        await waitFor(() => updates.find((u) => u.version >= snapshot.version));
        for (const u of updates) assert.deepEqual(Object.keys(u.widgets).filter((w) => w !== 'atRisk'), [], 'updates carry the list alone');
        const refused = await new Promise<{ error?: string }>((resolve) =>
          socket.emit('subscribe', { room: `risk:${courseId}`, from: '2026-11-09', to: '2026-11-16' }, resolve),
        );
        assert.match(refused.error ?? '', /this room takes no window/);
      } finally {
        socket.close();
      }
    });

    it('reports lake and bus health', async () => {
      const res = await fetch(`${lookout.url}/api/health`);
      const body = await res.json();
      assert.equal(res.status, 200);
      assert.deepEqual([body.lake.ok, body.bus.ok, body.bus.kind], [true, true, bus]);
    });
  });
}
