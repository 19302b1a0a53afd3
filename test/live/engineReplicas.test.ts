/**
 * Replicas sharing a Redis compute each watched room once (DESIGN §9): two live engines on one
 * lake, each with its own connection to the machine's real Redis, as two processes would be.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { RedisBus } from '../../lib/bus';
import type { Widget } from '../../lib/live/widget';
import type { Update } from '../../lib/live/protocol';
import { LiveEngine } from '../../server/live/engine';
import { testDataDir, waitFor } from '../helpers';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function replica(lake: Lake, clock: () => Date) {
  const counts = { computed: 0 };
  let value = 0;
  const widget: Widget<unknown> = {
    name: 'count',
    async compute() {
      counts.computed++;
      return value;
    },
  };
  const sent: Update[] = [];
  const bus = new RedisBus(REDIS);
  const engine = new LiveEngine(lake, bus, { tickMs: 60_000, refreshMs: 60_000, widgets: [widget], broadcast: (_room, u) => sent.push(u), now: clock, roomRetryMs: 1_000 });
  return { engine, bus, sent, counts, set: (v: number) => (value = v) };
}

describe('live rooms across replicas (Redis)', { timeout: 60_000 }, () => {
  let lake: Lake;
  let clock = new Date('2026-12-01T12:00:00Z');
  const now = () => clock;
  let a: ReturnType<typeof replica>;
  let b: ReturnType<typeof replica>;
  const courseId = `Replicas${randomUUID().slice(0, 8)}`;
  const room = `course:${courseId}`;

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_replicas_test' });
    await migrate(lake);
    [a, b] = [replica(lake, now), replica(lake, now)];
    await Promise.all([a.engine.start(), b.engine.start()]);
  });
  after(async () => {
    for (const r of [a, b]) {
      await r.engine.stop();
      await r.bus.close();
    }
  });

  it("computes a room watched on both once, and each replica's viewers get the owner's updates", async () => {
    a.engine.watch(room);
    await a.engine.snapshot(room);
    await a.engine.tick(); // a claims the room
    b.engine.watch(room);
    const joined = await b.engine.snapshot(room);
    await b.engine.tick(); // b finds it owned
    assert.equal(joined.widgets.count, 0);

    const before = { a: a.counts.computed, b: b.counts.computed };
    a.set(7);
    b.set(7);
    a.engine.markDirty([courseId]);
    b.engine.markDirty([courseId]);
    await Promise.all([a.engine.tick(), b.engine.tick()]);
    assert.equal(a.counts.computed - before.a + (b.counts.computed - before.b), 1, 'one replica computed the change');
    assert.equal(b.counts.computed, before.b, 'the first to watch owns it');
    await waitFor(() => b.sent.some((u) => u.widgets.count === 7), 5_000, "the owner's update relayed");
    const ownerUpdate = a.sent.at(-1)!;
    assert.deepEqual(b.sent.at(-1), ownerUpdate, 'the same update, version and all');
    assert.equal((await b.engine.snapshot(room)).version, ownerUpdate.version, 'a viewer joining b gets the relayed state');
  });

  it("takes the room over when the owner's viewers leave, from where it stood", async () => {
    const last = a.sent.at(-1)!.version;
    a.engine.unwatch(room);
    await new Promise((r) => setTimeout(r, 200)); // the release reaches Redis
    clock = new Date(clock.getTime() + 1_000); // b's next claim is due
    await b.engine.tick();
    b.set(9);
    b.engine.markDirty([courseId]);
    const before = b.counts.computed;
    await b.engine.tick();
    assert.equal(b.counts.computed, before + 1, 'b computes now');
    const update = b.sent.at(-1)!;
    assert.equal(update.widgets.count, 9);
    assert.ok(update.version > last, `version ${update.version} follows the owner's ${last}`);
  });

  it('keeps no lease for a room whose last viewer left while it was being claimed', async () => {
    const other = `${courseId}-2`;
    const room2 = `course:${other}`;
    a.engine.watch(room2);
    await a.engine.snapshot(room2);
    const claiming = a.engine.tick(); // a's claim of room2 is on its way to Redis
    a.engine.unwatch(room2);
    await claiming;
    b.engine.watch(room2);
    await b.engine.snapshot(room2);
    await b.engine.tick();
    const before = b.counts.computed;
    b.engine.markDirty([other]);
    await b.engine.tick();
    assert.equal(b.counts.computed, before + 1, 'b owns the room a left');
  });
});
