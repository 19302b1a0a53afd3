import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INGEST_SCRATCH_TABLE } from '../../lib/lake/unwrittenFiles';

/** Opens (and migrates) the lake in its own process, as a start does, and runs the statements. */
function openInChild(dataDir: string, ...statements: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/support/lakeSqlMain.ts', dataDir, 'SELECT count() FROM events', ...statements], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
}

// As bench/faults found them after a full disk and a restart: the engine then refused to open the lake.
describe('files a full disk left empty', { timeout: 120_000 }, () => {
  it('an empty mutation file is removed at start, and the lake opens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-unwritten-'));
    assert.equal(openInChild(dataDir).status, 0);
    const store = join(dataDir, 'store');
    const folders = readdirSync(store).flatMap((p) => readdirSync(join(store, p)).map((t) => join(store, p, t)));
    const table = folders.find((dir) => existsSync(join(dir, 'format_version.txt')));
    assert.ok(table, 'a MergeTree table folder');
    const empty = join(table, 'mutation_999.txt');
    writeFileSync(empty, '');
    const run = openInChild(dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!existsSync(empty));
    assert.match(run.stdout + run.stderr, /removed empty files/);
  });

  it('an empty definition of the ingest scratch table is removed at start, and the lake opens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-unwritten-'));
    assert.equal(openInChild(dataDir, `CREATE TABLE ${INGEST_SCRATCH_TABLE} (a UInt8) ENGINE = Memory`).status, 0);
    const store = join(dataDir, 'store');
    const definitions = readdirSync(store).flatMap((p) => readdirSync(join(store, p)).map((t) => join(store, p, t, `${INGEST_SCRATCH_TABLE}.sql`)));
    const definition = definitions.find((f) => existsSync(f));
    assert.ok(definition, 'the scratch table has a definition file');
    writeFileSync(definition, '');
    const run = openInChild(dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!existsSync(definition));
  });
});
