import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { MemoryBus, COURSES_CHANGED } from '../../lib/bus';
import type { Widget } from '../../lib/live/widget';
import type { Update } from '../../lib/live/protocol';
import { LiveEngine } from '../../server/live/engine';
import { testDataDir, waitFor } from '../helpers';

/** A widget that counts its computations and returns what the test sets. */
function probe(name: string) {
  const state = { calls: 0, value: 0 as unknown };
  const widget: Widget<unknown> = {
    name,
    async compute() {
      state.calls++;
      return state.value;
    },
  };
  return { state, widget };
}

describe('live engine', () => {
  let lake: Lake;
  const bus = new MemoryBus();
  let clock = new Date('2026-11-20T12:00:00Z');
  const a = probe('a');
  const b = probe('b');
  const sent: Update[] = [];
  let engine: LiveEngine;

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_test' });
    await migrate(lake);
    engine = new LiveEngine(lake, bus, {
      tickMs: 60_000, // ticks are driven by the test
      refreshMs: 10_000,
      widgets: [a.widget, b.widget],
      broadcast: (_room, u) => sent.push(u),
      now: () => clock,
    });
    await engine.start();
  });
  after(() => engine.stop());

  it('computes a watched room once per tick whatever the number of viewers', async () => {
    for (let i = 0; i < 1000; i++) engine.watch('course:X');
    const snap = await engine.snapshot('course:X');
    assert.equal(a.state.calls, 1);
    assert.equal(snap.version, 1);
    await engine.tick();
    assert.equal(a.state.calls, 1, 'a clean room is not recomputed');

    await bus.publish(COURSES_CHANGED, { courseIds: ['X', 'Unwatched'], writtenAt: Date.now() });
    await new Promise((r) => setImmediate(r));
    await engine.tick();
    assert.equal(a.state.calls, 2);
    assert.deepEqual(engine.watchedRooms(), ['course:X']);
  });

  it('sends only the widgets that changed, with a higher version', async () => {
    sent.length = 0;
    b.state.value = 42;
    engine.markDirty(['X']);
    await engine.tick();
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.widgets, { b: 42 });
    assert.equal(sent[0]!.version, 2);
  });

  it('refreshes watched rooms on the slow timer so sliding windows move', async () => {
    sent.length = 0;
    const before = a.state.calls;
    clock = new Date(clock.getTime() + 11_000);
    await engine.tick();
    assert.equal(a.state.calls, before + 1);
    // nothing changed: an update with no widgets still refreshes the data's age
    assert.deepEqual(sent.map((u) => [u.version, Object.keys(u.widgets).length]), [[2, 0]]);
    assert.equal(sent[0]!.asOf, clock.toISOString());
  });

  it('forgets a room when its last viewer leaves', async () => {
    for (let i = 0; i < 1000; i++) engine.unwatch('course:X');
    assert.deepEqual(engine.watchedRooms(), []);
    const before = a.state.calls;
    engine.markDirty(['X']);
    await engine.tick();
    assert.equal(a.state.calls, before);
  });

  it('keeps a room dirty when a widget fails, and retries next tick', async () => {
    engine.watch('course:Y');
    await engine.snapshot('course:Y');
    const failing = a.widget.compute;
    a.widget.compute = async () => {
      throw new Error('lake down');
    };
    engine.markDirty(['Y']);
    await engine.tick();
    assert.equal(engine.stats.errors, 1);
    a.widget.compute = failing;
    a.state.value = 'back';
    sent.length = 0;
    await engine.tick();
    await waitFor(() => sent.find((u) => (u.widgets as Record<string, unknown>).a === 'back'));
  });
});

describe('live engine: a room that carries some widgets', () => {
  it('computes and sends only the widgets of a risk room', async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_test' });
    const other = probe('engagement');
    const list = probe('atRisk');
    const sent: Update[] = [];
    const engine = new LiveEngine(lake, new MemoryBus(), {
      tickMs: 60_000,
      refreshMs: 10_000,
      widgets: [other.widget, list.widget],
      broadcast: (_room, u) => sent.push(u),
    });
    list.state.value = 'learners';
    engine.watch('risk:Z');
    const snap = await engine.snapshot('risk:Z');
    assert.equal(snap.room, 'risk:Z');
    assert.deepEqual(snap.widgets, { atRisk: 'learners' });
    sent.length = 0;
    list.state.value = 'more learners';
    engine.markDirty(['Z']);
    await engine.tick();
    assert.deepEqual(sent.map((u) => u.widgets), [{ atRisk: 'more learners' }]);
    assert.deepEqual([other.state.calls, list.state.calls], [0, 2]);
    // The course room of the same course still carries both.
    engine.watch('course:Z');
    assert.deepEqual(Object.keys((await engine.snapshot('course:Z')).widgets), ['engagement', 'atRisk']);
    await engine.stop();
  });

  it('lets a subscription adopt the room a page computed for its first view, unwatched', async () => {
    let now = new Date('2026-11-20T12:00:00Z');
    const live = probe('live');
    const heavy = probe('heavy');
    heavy.widget.minIntervalMs = 15_000;
    heavy.state.value = 'figures';
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_test' });
    const own = new LiveEngine(lake, new MemoryBus(), { tickMs: 60_000, refreshMs: 60_000, widgets: [live.widget, heavy.widget], broadcast: () => undefined, now: () => now });
    await own.start();
    try {
      const page = await own.snapshot('course:FirstView');
      assert.deepEqual([live.state.calls, heavy.state.calls], [1, 1]);
      assert.deepEqual(own.watchedRooms(), [], 'the page does not watch the room');
      now = new Date(now.getTime() + 2_000);
      own.watch('course:FirstView');
      const socket = await own.snapshot('course:FirstView');
      // The live widgets are recomputed (the room missed changes while unwatched), the heavy one is not.
      assert.deepEqual([live.state.calls, heavy.state.calls], [2, 1]);
      assert.equal(socket.widgets.heavy, 'figures');
      assert.ok(socket.version >= page.version);
      // …and follows once due, as any room that changed.
      now = new Date(now.getTime() + 16_000);
      await own.tick();
      assert.equal(heavy.state.calls, 2);
    } finally {
      own.stop();
    }
  });
});
