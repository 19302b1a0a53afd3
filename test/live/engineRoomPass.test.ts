import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { MemoryBus, COURSES_CHANGED } from '../../lib/bus';
import type { Widget, WidgetContext } from '../../lib/live/widget';
import { LiveEngine } from '../../server/live/engine';
import { testDataDir } from '../helpers';

describe('live engine: the widgets of a room pass share one context and run inside aroundRoomPass', () => {
  let lake: Lake;
  const bus = new MemoryBus();
  let clock = new Date('2026-11-20T12:00:00Z');
  const seen: { widget: string; ctx: WidgetContext }[] = [];
  const passes: { courseId: string; names: string[]; inside: string[] }[] = [];
  let current: { inside: string[] } | undefined;
  const widget = (name: string, minIntervalMs?: number): Widget<unknown> => ({
    name,
    ...(minIntervalMs && { minIntervalMs }),
    async compute(ctx) {
      seen.push({ widget: name, ctx });
      current?.inside.push(name);
      return clock.getTime();
    },
  });
  let engine: LiveEngine;

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_room_pass_test' });
    await migrate(lake);
    engine = new LiveEngine(lake, bus, {
      tickMs: 60_000,
      refreshMs: 60_000,
      widgets: [widget('live'), widget('heavy 1', 5_000), widget('heavy 2', 5_000)],
      broadcast: () => {},
      now: () => clock,
      aroundRoomPass: async (ctx, names, work) => {
        const pass = { courseId: ctx.courseId, names, inside: [] as string[] };
        passes.push(pass);
        current = pass;
        await work();
        current = undefined;
      },
    });
    await engine.start();
  });
  after(() => engine.stop());

  it("a room's first computation: one context for all its widgets, inside one aroundRoomPass", async () => {
    engine.watch('course:A');
    await engine.tick();
    assert.deepEqual(passes, [{ courseId: 'A', names: ['live', 'heavy 1', 'heavy 2'], inside: ['live', 'heavy 1', 'heavy 2'] }]);
    assert.equal(new Set(seen.map((s) => s.ctx)).size, 1, 'the same context object');
  });

  it('a window pass goes through aroundRoomPass with its due widgets; a live sweep does not', async () => {
    passes.length = 0;
    seen.length = 0;
    clock = new Date(clock.getTime() + 6_000);
    await bus.publish(COURSES_CHANGED, { courseIds: ['A'], writtenAt: Date.now() });
    await new Promise((r) => setImmediate(r));
    await engine.tick();
    assert.deepEqual(passes, [{ courseId: 'A', names: ['heavy 1', 'heavy 2'], inside: ['heavy 1', 'heavy 2'] }]);
    const heavy = seen.filter((s) => s.widget.startsWith('heavy'));
    assert.equal(heavy.length, 2);
    assert.equal(heavy[0]!.ctx, heavy[1]!.ctx, 'the window widgets of the pass share a context');
    assert.ok(seen.some((s) => s.widget === 'live'), 'the live widget was swept too, outside any room pass');
  });
});
