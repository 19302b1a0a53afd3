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

  it('refuses a second chDB data directory or database in the same process', async () => {
    await assert.rejects(openLake({ dataDir: testDataDir() + '-other', database: 'x' }), /chDB already holds/);
    await assert.rejects(openLake({ dataDir: testDataDir(), database: 'other' }), /already uses database lookout_migrate_test/);
  });
});
