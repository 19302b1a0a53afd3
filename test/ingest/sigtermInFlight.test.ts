import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, TEST_TOKEN } from '../helpers';
import { startChildLookout } from '../support/childServer';
import { activityLines } from '../support/derivedAgreement';

describe('SIGTERM with requests in flight', { timeout: 120_000 }, () => {
  it('ends every request (200, 503 "retry", or closed unread) and the process exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-sigterm-'));
    const logFile = join(dataDir, 'server.log');
    const server = await startChildLookout({ LOOKOUT_DATA_DIR: dataDir, LOOKOUT_INGEST_TOKEN: TEST_TOKEN }, logFile);
    // Listened to from the start: a server that ended before the SIGTERM must fail the test with its log, not hang it.
    const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
    const at = new Date(Date.now() - 10 * 60_000);
    // Bodies of 200 lines (~140 KB): parsed on the worker threads, written directly.
    const sending = Array.from({ length: 12 }, (_, n) =>
      fetch(`${server.url}/api/ingest/tracking`, { method: 'POST', headers: bearer(TEST_TOKEN), body: activityLines('course-v1:Test+Sigterm+1', n, 100, at).join('\n') }).then(
        async (res) => ({ status: res.status, text: await res.text() }),
        (err: Error) => ({ status: 0, text: `${err.message}: ${String((err.cause as { code?: string })?.code ?? err.cause)}` }),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.child.exitCode, null, `the server ended before the SIGTERM:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    server.child.kill('SIGTERM');
    const answers = await Promise.all(sending);
    // Every request ends: answered (200, or 503 saying to retry), or its connection closed before the
    // server read it (the stop closes connections without a request yet; the client retries those).
    for (const a of answers) {
      const closedUnread = a.status === 0 && /ECONNRESET|ECONNREFUSED|UND_ERR_SOCKET/.test(a.text);
      assert.ok(a.status === 200 || (a.status === 503 && /retry/.test(a.text)) || closedUnread, `${a.status} ${a.text}`);
    }
    assert.equal(await exited, 0, readFileSync(logFile, 'utf8').slice(-4000));
  });
});
