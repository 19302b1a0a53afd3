import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { MemoryBus, COURSES_CHANGED } from '../../lib/bus';
import type { Widget } from '../../lib/live/widget';
import { LiveEngine } from '../../server/live/engine';
import { testDataDir } from '../helpers';

/** A widget that counts its computations. */
function probe(name: string) {
  const state = { calls: 0 };
  const widget: Widget<unknown> = {
    name,
    async compute() {
      state.calls++;
      return state.calls;
    },
  };
  return { state, widget };
}

describe('live engine: heavy widgets are held back on a busy course', () => {
  let lake: Lake;
  const bus = new MemoryBus();
  let clock = new Date('2026-11-20T12:00:00Z');
  const fast = probe('fast');
  const heavyX = probe('heavy');
  heavyX.widget.minIntervalMs = 5_000;
  let engine: LiveEngine;
  const changed = async (...courseIds: string[]) => {
    await bus.publish(COURSES_CHANGED, { courseIds, writtenAt: Date.now() });
    await new Promise((r) => setImmediate(r));
  };

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_heavy_test' });
    await migrate(lake);
    engine = new LiveEngine(lake, bus, { tickMs: 60_000, refreshMs: 60_000, widgets: [fast.widget, heavyX.widget], broadcast: () => {}, now: () => clock });
    await engine.start();
  });
  after(() => engine.stop());

  it('recomputes the live widget on every change, the heavy one at most every minIntervalMs and one room per tick', async () => {
    engine.watch('course:A');
    engine.watch('course:B');
    await engine.tick(); // first computation of both rooms: everything
    assert.deepEqual([fast.state.calls, heavyX.state.calls], [2, 2]);

    clock = new Date(clock.getTime() + 1_000);
    await changed('A', 'B');
    await engine.tick();
    assert.deepEqual([fast.state.calls, heavyX.state.calls], [4, 2], 'within 5 s: live widget only');

    clock = new Date(clock.getTime() + 5_000);
    await engine.tick();
    assert.deepEqual([fast.state.calls, heavyX.state.calls], [4, 3], 'one room takes its heavy widget this tick');
    await engine.tick();
    assert.deepEqual([fast.state.calls, heavyX.state.calls], [4, 4], 'the other room on the next tick');
    await engine.tick();
    assert.deepEqual([fast.state.calls, heavyX.state.calls], [4, 4], 'nothing left stale');
  });
});
