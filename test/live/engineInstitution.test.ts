import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { MemoryBus } from '../../lib/bus';
import type { Widget, WidgetContext } from '../../lib/live/widget';
import type { Update } from '../../lib/live/protocol';
import { LiveEngine } from '../../server/live/engine';
import { testDataDir } from '../helpers';

/** Widgets that record the contexts they were computed for. */
function probe(name: string, scope?: 'course' | 'institution') {
  const contexts: WidgetContext[] = [];
  const widget: Widget<unknown> = { name, ...(scope && { scope }), compute: async (ctx) => (contexts.push(ctx), contexts.length) };
  return { contexts, widget };
}

describe('live engine: institutional rooms (issue 21)', () => {
  let lake: Lake;
  const bus = new MemoryBus();
  const course = probe('courseOnly');
  const institution = probe('institutionOnly', 'institution');
  const sent: { room: string; update: Update }[] = [];
  let engine: LiveEngine;

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_engine_institution_test' });
    await migrate(lake);
    engine = new LiveEngine(lake, bus, {
      tickMs: 60_000,
      refreshMs: 600_000,
      widgets: [course.widget, institution.widget],
      broadcast: (room, update) => sent.push({ room, update }),
    });
    await engine.start();
  });
  after(() => engine.stop());

  it('gives each kind of room its own widgets, and an org room its org', async () => {
    const platform = await engine.snapshot('platform');
    assert.deepEqual(Object.keys(platform.widgets), ['institutionOnly']);
    const org = await engine.snapshot('org:OrgA?from=2026-11-16&to=2026-11-23');
    assert.deepEqual([org.room, org.from, org.to, Object.keys(org.widgets)], ['org:OrgA', '2026-11-16', '2026-11-23', ['institutionOnly']]);
    const ctx = institution.contexts.at(-1)!;
    assert.deepEqual([ctx.courseId, ctx.org, ctx.from?.toISOString()], ['', 'OrgA', '2026-11-16T00:00:00.000Z']);
    assert.deepEqual(Object.keys((await engine.snapshot('course:course-v1:OrgA+C+1')).widgets), ['courseOnly']);
  });

  it('recomputes platform on any course change and an org room on its own courses only, once whatever the viewers', async () => {
    for (let i = 0; i < 50; i++) engine.watch('platform');
    for (let i = 0; i < 50; i++) engine.watch('org:orga');
    engine.watch('org:OrgB');
    await engine.tick();
    sent.length = 0;
    const before = institution.contexts.length;

    engine.markDirty(['course-v1:OrgA+C1+2026']);
    await engine.tick();
    assert.deepEqual(sent.map((s) => s.room).sort(), ['org:orga', 'platform'], 'the org compares without case; OrgB does not move');
    assert.equal(institution.contexts.length - before, 2, 'one computation per room, not per viewer');

    sent.length = 0;
    engine.markDirty(['course-v1:OrgB+X+1', 'course-v1:OrgB+Y+1']);
    await engine.tick();
    assert.deepEqual(sent.map((s) => s.room).sort(), ['org:OrgB', 'platform']);
  });

  it('recomputes a live widget with liveIntervalMs at most that often while its room keeps changing', async () => {
    let clock = Date.parse('2026-11-25T12:00:00Z');
    const throttled = probe('throttledNow', 'institution');
    const own = new LiveEngine(lake, new MemoryBus(), {
      tickMs: 60_000,
      refreshMs: 600_000,
      widgets: [{ ...throttled.widget, liveIntervalMs: 1_000 }],
      broadcast: () => {},
      now: () => new Date(clock),
    });
    own.watch('platform');
    await own.tick();
    assert.equal(throttled.contexts.length, 1);
    own.markDirty(['course-v1:OrgA+C1+2026']);
    clock += 400;
    await own.tick();
    assert.equal(throttled.contexts.length, 1, 'changed 400 ms after its last computation: held back');
    clock += 600;
    await own.tick();
    assert.equal(throttled.contexts.length, 2, 'a second after: recomputed, the change was not lost');
    await own.tick();
    assert.equal(throttled.contexts.length, 2, 'nothing changed since: not recomputed');
    await own.stop();
  });
});
