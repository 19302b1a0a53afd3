import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake } from '../../lib/lake/client';
import type { DashboardSnapshot } from '../../lib/metrics/dashboardTypes';
import { bearer, TEST_TOKEN } from '../helpers';
import { childAdminToken, startChildLookout, type ChildLookout } from '../support/childServer';
import { activityLines, derivedAgreement } from '../support/derivedAgreement';

const courseId = 'course-v1:Test+KillInWrite+1';
const JOURNAL = 'ingest-writes-pending.json';
const day = (offset: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + offset * 86_400_000).toISOString().slice(0, 10);

async function post(url: string, lines: string[]) {
  const res = await fetch(`${url}/api/ingest/tracking`, { method: 'POST', headers: bearer(TEST_TOKEN), body: lines.join('\n') });
  return { status: res.status, body: (await res.json()) as { accepted: number; duplicates: number; error?: string } };
}

describe('kill -9 inside the write, restart, retry', { timeout: 180_000 }, () => {
  it('counts every acknowledged event once in every derived table and on the dashboard', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-killwrite-'));
    // A view that takes its time (2 ms an event) keeps the INSERT into events open long enough to kill it inside.
    const setup = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/support/lakeSqlMain.ts',
        dataDir,
        'CREATE TABLE zz_slow (course_id String, n UInt8) ENGINE = MergeTree ORDER BY course_id',
        'CREATE MATERIALIZED VIEW zz_slow_mv TO zz_slow AS SELECT course_id, sleepEachRow(0.002) AS n FROM events',
      ],
      { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    assert.equal(setup.status, 0, setup.stderr);
    const token = childAdminToken(dataDir);
    const env = { LOOKOUT_DATA_DIR: dataDir, LOOKOUT_INGEST_TOKEN: TEST_TOKEN, LOOKOUT_INGEST_FLUSH_MS: '5' };
    let server: ChildLookout = await startChildLookout(env);

    const at = new Date(Date.now() - 10 * 60_000);
    const first = activityLines(courseId, 0, 20, at);
    assert.equal((await post(server.url, first)).status, 200);
    const second = activityLines(courseId, 1, 300, at); // 600 lines: 1.2 s in the slow view
    const sending = post(server.url, second).then(
      () => 'answered',
      () => 'lost',
    );
    const journal = join(dataDir, JOURNAL);
    const deadline = Date.now() + 20_000;
    while (!existsSync(journal) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.ok(existsSync(journal), 'the write journal names the course before the INSERT');
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    assert.equal(await sending, 'lost', 'the client never got an answer');
    assert.ok(existsSync(journal), 'the interrupted write is still in the journal');

    server = await startChildLookout(env);
    assert.ok(!existsSync(journal), 'the start rebuilt the derived rows of the interrupted write');
    const retry = await post(server.url, second);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.accepted + retry.body.duplicates, second.length);

    const res = await fetch(`${server.url}/api/courses/${encodeURIComponent(courseId)}/dashboard?from=${day(-1)}&to=${day(2)}`, { headers: bearer(token) });
    const snap = (await res.json()) as DashboardSnapshot;
    assert.equal(snap.widgets.problems.problems.reduce((n, p) => n + p.attempts, 0), 320, 'the dashboard counts every check once');
    assert.equal(snap.widgets.engagement.active, 300);
    await server.stop();

    const lake = await openLake({ dataDir, database: 'lookout' });
    const agreement = await derivedAgreement(lake, courseId);
    await lake.close();
    assert.deepEqual(agreement.events, [640, 640]);
    for (const [table, [derived, fromEvents]] of Object.entries(agreement)) assert.equal(derived, fromEvents, `${table}: ${derived} vs ${fromEvents} in events`);
  });
});
