import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { MemoryBus } from '../../lib/bus';
import type { Widget, WidgetContext } from '../../lib/live/widget';
import type { Update } from '../../lib/live/protocol';
import { LiveEngine } from '../../server/live/engine';
import { testDataDir, waitFor } from '../helpers';

describe('live engine: the live widgets of every busy room together, the window widgets in the background', () => {
  let lake: Lake;
  const bus = new MemoryBus();
  let clock = new Date('2026-11-20T12:00:00Z');
  const sent: { room: string; update: Update }[] = [];
  const batches: string[][] = [];
  let generation = 0;
  /** A live widget that reads several courses at once: the course and a generation number. */
  const fast: Widget<string> = {
    name: 'fast',
    async compute(ctx) {
      return `${ctx.courseId}@${generation}`;
    },
    async computeMany(ctxs: WidgetContext[]) {
      batches.push(ctxs.map((c) => c.courseId));
      return ctxs.map((c) => `${c.courseId}@${generation}`);
    },
  };
  let releaseHeavy: (() => void) | undefined;
  const heavy: Widget<number> = {
    name: 'heavy',
    minIntervalMs: 5_000,
    async compute() {
      if (releaseHeavy === undefined) return generation;
      await new Promise<void>((r) => (releaseHeavy = r));
      return generation;
    },
  };
  let engine: LiveEngine;

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_sweep_test' });
    await migrate(lake);
    engine = new LiveEngine(lake, bus, {
      tickMs: 60_000,
      refreshMs: 60_000,
      widgets: [fast, heavy],
      broadcast: (room, update) => sent.push({ room, update }),
      now: () => clock,
    });
    await engine.start();
  });
  after(() => engine.stop());

  it('recomputes the live widgets of all changed rooms in one computeMany call, each room getting its own values', async () => {
    for (const id of ['A', 'B', 'C']) engine.watch(`course:${id}`);
    await engine.tick(); // first computation, room by room
    batches.length = 0;
    sent.length = 0;
    generation = 1;
    engine.markDirty(['A', 'C']);
    await engine.tick();
    assert.deepEqual(batches, [['A', 'C']]);
    assert.deepEqual(
      sent.map((s) => [s.room, s.update.widgets]),
      [
        ['course:A', { fast: 'A@1' }],
        ['course:C', { fast: 'C@1' }],
      ],
    );
  });

  it('a slow window widget does not hold back the live widgets', async () => {
    clock = new Date(clock.getTime() + 6_000);
    generation = 2;
    releaseHeavy = () => {};
    engine.markDirty(['A']);
    sent.length = 0;
    const first = engine.tick(); // the live sweep of A, and A's window widgets, which hang
    await waitFor(() => sent.find((s) => s.room === 'course:A' && (s.update.widgets as Record<string, unknown>).fast === 'A@2'));
    generation = 3;
    engine.markDirty(['B']);
    const second = engine.tick(); // the window pass still runs: the live sweep goes on
    await waitFor(() => sent.find((s) => s.room === 'course:B' && (s.update.widgets as Record<string, unknown>).fast === 'B@3'));
    assert.ok(!sent.some((s) => 'heavy' in s.update.widgets), 'the window widget is still being computed');
    const release = releaseHeavy;
    releaseHeavy = undefined;
    release();
    await Promise.all([first, second]);
    assert.ok(sent.some((s) => s.room === 'course:A' && (s.update.widgets as Record<string, unknown>).heavy === 3));
  });
});
