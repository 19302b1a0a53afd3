import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake } from '../../lib/lake/client';
import { loadMigrations, migrate } from '../../lib/lake/migrate';
import { testDataDir } from '../helpers';

describe('lake migrations', () => {
  it('applies every numbered migration once; a second run changes nothing', async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_migrate_test' });
    const all = loadMigrations().map((m) => m.name);
    assert.ok(all.length >= 3);
    assert.deepEqual(all, [...all].sort());
    assert.deepEqual(await migrate(lake), all);
    assert.deepEqual(await migrate(lake), []);

    const tables = await lake.client.query({
      query: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      format: 'JSONEachRow',
    });
    const names = (await tables.json<{ name: string }>()).map((t) => t.name);
    for (const t of ['events', 'rejected_events', 'course_minute_activity', 'course_minute_activity_mv', 'courses', 'schema_migrations']) {
      assert.ok(names.includes(t), `missing table ${t}`);
    }
    const recorded = await lake.client.query({ query: 'SELECT count() AS n FROM schema_migrations', format: 'JSONEachRow' });
    assert.equal(Number((await recorded.json<{ n: string }>())[0]!.n), all.length);
  });

  it('fills a view’s table with its own SELECT (BACKFILL), and names a view that does not exist', async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_migrate_test' });
    await lake.client.insert({ table: 'events', values: [{ course_id: 'course-v1:T+B+1', time: '2026-11-16 09:00:00.000', event_id: 'e1', name: 'x', is_learner: 0, raw: '{}' }], format: 'JSONEachRow' });
    await lake.client.command({ query: 'TRUNCATE TABLE course_minute_activity' });
    await migrate(lake, [{ version: 1000, name: '1000_backfill', statements: ['BACKFILL course_minute_activity_mv'] }]);
    const rows = await lake.client.query({ query: `SELECT sum(events) AS n FROM course_minute_activity WHERE course_id = 'course-v1:T+B+1'`, format: 'JSONEachRow' });
    assert.equal(Number((await rows.json<{ n: string }>())[0]!.n), 1);
    await assert.rejects(migrate(lake, [{ version: 1001, name: '1001_backfill', statements: ['BACKFILL no_such_mv'] }]), /BACKFILL no_such_mv: no materialized view/);
  });

  it('refuses a second chDB data directory or database in the same process', async () => {
    await assert.rejects(openLake({ dataDir: testDataDir() + '-other', database: 'x' }), /chDB already holds/);
    await assert.rejects(openLake({ dataDir: testDataDir(), database: 'other' }), /already uses database lookout_migrate_test/);
  });
});
