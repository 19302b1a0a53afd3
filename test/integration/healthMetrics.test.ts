import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, postLines, startTestLookout, tokenFor } from '../helpers';
import { activityLines } from '../support/derivedAgreement';

const courseId = 'course-v1:Test+Health+1';

describe('health and metrics tell a failing write the moment it fails', { timeout: 60_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let token = '';
  before(async () => {
    lookout = await startTestLookout();
    token = await tokenFor(lookout);
  });
  after(() => lookout.close());

  // As an admin: the write's cause is a detail anonymous callers do not get.
  const health = async () => {
    const res = await fetch(`${lookout.url}/api/health`, { headers: bearer(token) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const metrics = async () => (await fetch(`${lookout.url}/api/metrics`, { headers: bearer(token) })).text();
  const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1]);

  it('reports writability, then a failed write with its cause, then recovery', async () => {
    assert.equal((await postLines(lookout.url, activityLines(courseId, 0, 3, new Date(Date.now() - 60_000)))).status, 200);
    let h = await health();
    assert.equal(h.status, 200);
    assert.deepEqual([h.body.lake.writable, h.body.lake.lastWrite.ok, h.body.bus.ok], [true, true, true]);
    let m = await metrics();
    assert.equal(value(m, 'lookout_ingest_events_total{outcome="accepted"}'), 6);
    assert.equal(value(m, 'lookout_lake_writable'), 1);
    assert.ok(value(m, 'lookout_ingest_flush_duration_seconds_count') >= 1);
    assert.ok(value(m, 'lookout_lake_statement_duration_seconds_count{priority="interactive"}') > 0);
    assert.match(m, /^lookout_sockets 0$/m);
    assert.match(m, /^lookout_rooms 0$/m);

    // The lake refuses writes (events detached): the write fails, health says so at once.
    await lookout.lake.client.command({ query: 'DETACH TABLE meta' });
    await lookout.lake.client.command({ query: 'DETACH TABLE events' });
    try {
      assert.equal((await postLines(lookout.url, activityLines(courseId, 1, 3, new Date(Date.now() - 60_000)))).status, 503);
      h = await health();
      assert.equal(h.status, 503);
      assert.equal(h.body.lake.ok, true, 'the lake still answers reads');
      assert.equal(h.body.lake.writable, false);
      assert.match(h.body.lake.lastWrite.error, /does not exist/); // the probe write's cause
      assert.equal(h.body.ingest.failures, 1);
      m = await metrics();
      assert.equal(value(m, 'lookout_lake_writable'), 0);
      assert.equal(value(m, 'lookout_ingest_write_failures_total'), 1);
    } finally {
      await lookout.lake.client.command({ query: 'ATTACH TABLE events' });
      await lookout.lake.client.command({ query: 'ATTACH TABLE meta' });
    }
    // Writable again: the health probe write succeeds.
    h = await health();
    assert.equal(h.status, 200);
    assert.equal(h.body.lake.writable, true);
  });

  it('keeps /api/metrics for admins', async () => {
    assert.equal((await fetch(`${lookout.url}/api/metrics`)).status, 401);
  });
});
