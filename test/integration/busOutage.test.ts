import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { bearer, postLines, startTestLookout, tokenFor, waitForAsync } from '../helpers';
import { activityLines } from '../support/derivedAgreement';

const courseId = 'course-v1:Test+BusOutage+1';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('health during a Redis outage', { timeout: 90_000 }, () => {
  // A Redis of this test's own (the machine's real server binary), so that stopping it hurts no one else.
  let redis: ChildProcess | undefined;
  let lookout: Awaited<ReturnType<typeof startTestLookout>> | undefined;
  after(async () => {
    // The test's own Redis first: a live child process would keep this file's process running.
    redis?.kill('SIGKILL');
    await lookout?.close();
  });

  it('stays ready while ingest works, and reports the bus apart', async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    lookout = await startTestLookout({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const token = await tokenFor(lookout);
    const url = lookout.url;
    const health = async () => {
      const res = await fetch(`${url}/api/health`, { headers: bearer(token) });
      return { status: res.status, body: (await res.json()) as { bus: { ok: boolean; kind: string }; lake: { writable: boolean } } };
    };
    await waitForAsync(async () => (await health()).body.bus.ok, 20_000, "the bus up");
    const at = new Date(Date.now() - 60_000);
    assert.equal((await postLines(url, activityLines(courseId, 0, 3, at))).status, 200);

    const stopped = new Promise((r) => redis!.once('exit', r));
    redis.kill('SIGKILL');
    await stopped;
    await waitForAsync(async () => !(await health()).body.bus.ok, 20_000, "health to see the bus down");
    const h = await health();
    assert.equal(h.status, 200, 'the instance still takes ingest');
    assert.deepEqual([h.body.bus.kind, h.body.bus.ok, h.body.lake.writable], ['redis', false, true]);
    const res = await postLines(url, activityLines(courseId, 1, 3, at));
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 6);
  });
});
