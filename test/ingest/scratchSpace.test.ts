import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLeftoverScratch, scratchDirFor, setScratchFallback } from '../../server/ingest/scratchSpace';

const SHARED = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

describe('scratch space of staged bodies', () => {
  it('removes the folders of crashed processes and leaves those of live ones', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const crashed = join(SHARED, `lookout-ingest-${gone.pid}-test01`);
      const running = join(SHARED, `lookout-ingest-${live.pid}-test02`);
      mkdirSync(crashed);
      mkdirSync(running);
      const removed = await removeLeftoverScratch();
      assert.ok(removed.includes(crashed));
      assert.ok(!existsSync(crashed));
      assert.ok(existsSync(running), 'a live process keeps its folder');
    } finally {
      live.kill();
    }
    await removeLeftoverScratch();
  });

  it('stages in the data directory when shared memory is short', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-scratch-'));
    setScratchFallback(dataDir);
    assert.ok(scratchDirFor(1024).startsWith(SHARED), 'a small body goes to shared memory');
    const huge = scratchDirFor(Number.MAX_SAFE_INTEGER);
    assert.ok(huge.startsWith(join(dataDir, 'scratch')), huge);
    assert.match(readdirSync(join(dataDir, 'scratch'))[0]!, new RegExp(`^lookout-ingest-${process.pid}-`));
  });
});
