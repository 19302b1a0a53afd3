import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Opens (and migrates) the lake in its own process, as a start does; its exit status and output. */
function openInChild(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/support/lakeSqlMain.ts', dataDir, 'SELECT count() FROM events'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
}

describe('a mutation file a full disk left empty', { timeout: 120_000 }, () => {
  it('is removed at start, so that the lake opens (the engine refuses to load its table)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-mutation-'));
    assert.equal(openInChild(dataDir).status, 0);
    // As bench/faults found it: the ALTER … DELETE of a rebuild on a full disk, then a restart.
    const store = join(dataDir, 'store');
    const tables = readdirSync(store).flatMap((p) => readdirSync(join(store, p)).map((t) => join(store, p, t)));
    const table = tables.find((dir) => existsSync(join(dir, 'format_version.txt')));
    assert.ok(table, 'a MergeTree table folder');
    const empty = join(table, 'mutation_999.txt');
    writeFileSync(empty, '');
    const run = openInChild(dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!existsSync(empty));
    assert.match(run.stdout + run.stderr, /removed empty mutation files/);
  });
});
