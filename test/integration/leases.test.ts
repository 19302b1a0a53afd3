/**
 * Work one replica at a time may do, through the machine's real Redis (Bus.lease): alert runs,
 * which two replicas would otherwise both send, and LMS syncs, which would race in one lake.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { lakeLeaseName, RedisBus } from '../../lib/bus';
import { AlertEngine } from '../../server/alerts/engine';
import { LmsSync } from '../../server/lms/sync';
import { startTestLookout, waitFor } from '../helpers';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet = { info() {}, warn() {}, error() {} };

describe('leases across replicas (Redis)', { timeout: 120_000 }, () => {
  const buses: RedisBus[] = [];
  const replica = () => {
    const bus = new RedisBus(REDIS);
    buses.push(bus);
    return bus;
  };
  let lookout: Awaited<ReturnType<typeof startTestLookout>> | undefined;
  after(async () => {
    await lookout?.close();
    await Promise.all(buses.map((b) => b.close()));
  });

  it('goes to one replica at a time, and to another once released', async () => {
    const name = `test-${randomUUID()}`;
    const [a, b] = [replica(), replica()];
    const held = await a.lease(name, 5_000);
    assert.ok(held);
    assert.equal(await b.lease(name, 5_000), undefined);
    await held.release();
    const next = await b.lease(name, 5_000);
    assert.ok(next, 'released, it is free');
    assert.equal(await a.lease(name, 5_000), undefined);
    await next.release();
  });

  it('is renewed while its holder lives, and lapses after a holder that died', async () => {
    const name = `test-${randomUUID()}`;
    const [a, b] = [replica(), replica()];
    const held = await a.lease(name, 300);
    assert.ok(held);
    await sleep(1_000);
    assert.equal(await b.lease(name, 300), undefined, 'held for three times its ttl: renewed');
    await a.close(); // dies without releasing
    await sleep(600);
    const taken = await b.lease(name, 300);
    assert.ok(taken, 'its holder gone, the lease lapsed');
    await held.release(); // a late release from the dead holder does not free the new holder's lease
    assert.equal(await replica().lease(name, 300), undefined);
    await taken.release();
  });

  it('lets one replica run the alerts at a time: the other does nothing that round', async () => {
    lookout = await startTestLookout({ REDIS_URL: REDIS });
    const other = replica();
    const secondReplica = new AlertEngine(lookout.lake, {
      webhookSecret: 'webhook-secret-for-tests-0123',
      baseUrl: () => lookout!.url,
      intervalMs: 0,
      lease: (ttlMs) => other.lease(lakeLeaseName(lookout!.lake, 'alerts'), ttlMs),
      log: quiet,
    });
    const at = new Date();
    const together = await Promise.all([lookout.alerts.run(at), secondReplica.run(at)]);
    assert.equal(together.filter((r) => r.skipped).length, 1, JSON.stringify(together));
    const oneAfterTheOther = [await lookout.alerts.run(at), await secondReplica.run(at)];
    assert.equal(oneAfterTheOther.filter((r) => r.skipped).length, 0, 'each run releases the lease');
    await secondReplica.stop();
  });

  it('runs the timed LMS sync on the replica holding its lease only', async () => {
    const name = `test-lms-${randomUUID()}`;
    const [other, mine] = [replica(), replica()];
    const held = await other.lease(name, 5_000);
    assert.ok(held);
    // No such LMS database: a run that happens ends with its error in the report.
    const sync = new LmsSync(lookout!.lake, `mysql://root@127.0.0.1:3306/lookout_no_lms_${randomUUID().slice(0, 8)}`, { lease: (ttlMs) => mine.lease(name, ttlMs) });
    sync.start(50);
    await waitFor(() => sync.leaseHeldElsewhereAt, 10_000, 'a turn left to the holder');
    await sleep(300);
    assert.equal(sync.lastReport, undefined, 'no run while another replica holds the lease');
    await held.release();
    await waitFor(() => sync.lastReport, 30_000, 'a run once the lease is free');
    await sync.stop();
  });
});
