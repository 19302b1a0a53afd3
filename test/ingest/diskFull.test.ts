import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake } from '../../lib/lake/client';
import type { DashboardSnapshot } from '../../lib/metrics/dashboardTypes';
import { bearer, TEST_TOKEN } from '../helpers';
import { childAdminToken, startChildLookout, type ChildLookout } from '../support/childServer';
import { activityLines, derivedAgreement } from '../support/derivedAgreement';

const courseId = 'course-v1:Test+DiskFull+1';
const day = (offset: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** A real full disk needs a filesystem of its own: a small tmpfs, which only root can mount. */
function mountTmpfs(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const base = mkdtempSync(join(tmpdir(), 'lookout-diskfull-'));
const mounted = mountTmpfs(base);
if (!mounted) rmSync(base, { recursive: true, force: true });

async function post(url: string, lines: string[]) {
  // Every request ends with an answer: a hung one fails the test instead of waiting for ever.
  const res = await fetch(`${url}/api/ingest/tracking`, { method: 'POST', headers: bearer(TEST_TOKEN), body: lines.join('\n'), signal: AbortSignal.timeout(60_000) });
  return { status: res.status, body: (await res.json()) as { accepted: number; duplicates: number; error?: string } };
}

describe('a full disk during ingest', { timeout: 240_000, skip: mounted ? false : 'needs root to mount a tmpfs' }, () => {
  let server: ChildLookout | undefined;
  after(async () => {
    await server?.stop();
    // This process opened the lake (chDB keeps it open until exit): unmount lazily.
    if (mounted) execFileSync('umount', ['-l', base]);
    rmSync(base, { recursive: true, force: true });
  });

  it('answers 503 "retry" while full, takes ingest again once space is back without a restart, and counts every acknowledged event once', async () => {
    const dataDir = join(base, 'data');
    const token = childAdminToken(dataDir);
    const env = { LOOKOUT_DATA_DIR: dataDir, LOOKOUT_INGEST_TOKEN: TEST_TOKEN, LOOKOUT_INGEST_FLUSH_MS: '5' };
    server = await startChildLookout(env);
    const url = server.url;
    const health = async () => {
      const res = await fetch(`${url}/api/health`, { headers: bearer(token), signal: AbortSignal.timeout(60_000) });
      return { status: res.status, body: (await res.json()) as { lake: { writable: boolean; derivedRepairPending: number } } };
    };
    const at = new Date(Date.now() - 10 * 60_000);
    const bodies = [activityLines(courseId, 0, 20, at), activityLines(courseId, 1, 600, at), activityLines(courseId, 2, 30, at)];
    assert.equal((await post(url, bodies[0]!)).status, 200);

    // Fill the disk but for a few pages: the write journal still fits, the engine's parts do not.
    const filler = join(base, 'filler');
    const { bavail, bsize } = statfsSync(base);
    writeFileSync(filler, Buffer.alloc(bavail * bsize - 64 * 1024));
    const during = await Promise.all([post(url, bodies[1]!), post(url, bodies[2]!)]);
    for (const r of during) {
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.match(r.body.error!, /retry/);
    }
    let h = await health();
    assert.equal(h.status, 503, 'health says the instance cannot take ingest');
    assert.equal(h.body.lake.writable, false);
    // A body of events already stored is answered (nothing to write), and proves nothing about the disk.
    const again = await post(url, bodies[0]!);
    assert.deepEqual([again.status, again.body.duplicates], [200, bodies[0]!.length]);
    h = await health();
    assert.equal(h.status, 503, 'still: only duplicates were written');

    rmSync(filler);
    // Space is back: the next write succeeds without a restart.
    h = await health();
    assert.equal(h.status, 200);
    assert.equal(h.body.lake.writable, true);
    for (const lines of bodies.slice(1)) {
      const retry = await post(url, lines);
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.body.accepted + retry.body.duplicates, lines.length);
    }
    // The derived rows of the write the full disk interrupted are rebuilt without a restart.
    const deadline = Date.now() + 60_000;
    while ((h = await health()).body.lake.derivedRepairPending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(h.body.lake.derivedRepairPending, 0);

    const res = await fetch(`${url}/api/courses/${encodeURIComponent(courseId)}/dashboard?from=${day(-1)}&to=${day(2)}`, { headers: bearer(token) });
    const snap = (await res.json()) as DashboardSnapshot;
    assert.equal(snap.widgets.problems.problems.reduce((n, p) => n + p.attempts, 0), 650, 'the dashboard counts every check once');
    assert.equal(snap.widgets.engagement.active, 600);

    // The lake the full disk hit opens again.
    await server.stop();
    server = await startChildLookout(env);
    await server.stop();
    server = undefined;
    const lake = await openLake({ dataDir, database: 'lookout' });
    const agreement = await derivedAgreement(lake, courseId);
    await lake.close();
    assert.deepEqual(agreement.events, [1300, 1300]);
    for (const [table, [derived, fromEvents]] of Object.entries(agreement)) assert.equal(derived, fromEvents, `${table}: ${derived} vs ${fromEvents} in events`);
  });
});
