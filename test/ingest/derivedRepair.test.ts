import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, postLines, startTestLookout, tokenFor } from '../helpers';
import { activityLines, derivedAgreement } from '../support/derivedAgreement';
import type { DashboardSnapshot } from '../../lib/metrics/dashboardTypes';

const courseId = 'course-v1:Test+Repair+1';
const day = (offset: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A write that fails once `events` has its rows but before the views wrote theirs (a view that
 * throws on one event: the engine keeps the events part and none of the derived parts, as after
 * a crash or a full disk in the middle of the INSERT).
 */
describe('derived tables agree with events after a write failed half way', { timeout: 120_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let token = '';
  before(async () => {
    lookout = await startTestLookout({ LOOKOUT_INGEST_FLUSH_MS: '5' });
    token = await tokenFor(lookout);
  });
  after(() => lookout.close());

  const breakViews = () =>
    Promise.all([
      lookout.lake.client.command({ query: `CREATE TABLE IF NOT EXISTS zz_fault (course_id String, n UInt8) ENGINE = MergeTree ORDER BY course_id` }),
    ]).then(() =>
      lookout.lake.client.command({ query: `CREATE MATERIALIZED VIEW IF NOT EXISTS zz_fault_mv TO zz_fault AS SELECT course_id, throwIf(username = 'fault') AS n FROM events` }),
    );
  const fixViews = async () => {
    await lookout.lake.client.command({ query: 'DROP TABLE IF EXISTS zz_fault_mv' });
    await lookout.lake.client.command({ query: 'DROP TABLE IF EXISTS zz_fault' });
  };

  it('answers a 503 that does not claim nothing was stored, rebuilds the derived rows, and the retry counts once', async () => {
    const at = new Date(Date.now() - 10 * 60_000);
    const first = activityLines(courseId, 0, 20, at);
    assert.equal((await postLines(lookout.url, first)).status, 200);

    await breakViews();
    const faulty = (lines: string[]) => [...lines, lines[0]!.replace('"username":"u1"', '"username":"fault"').replace(/"time":"[^"]+"/, `"time":"${new Date(at.getTime() + 99_000).toISOString()}"`)];
    // A small body (written directly) and a large one (the engine's staged parse).
    const small = faulty(activityLines(courseId, 1, 20, at));
    const large = faulty(activityLines(courseId, 2, 600, at));
    for (const body of [small, large]) {
      const res = await postLines(lookout.url, body);
      assert.equal(res.status, 503);
      assert.match(String(res.body.error), /may have been stored: retry it/);
      assert.doesNotMatch(String(res.body.error), /nothing/);
    }
    let agreement = await derivedAgreement(lookout.lake, courseId);
    assert.ok(agreement.learner_activity![0] < agreement.learner_activity![1], 'the failed writes left events the views did not count');
    assert.deepEqual(lookout.writer.unrepairedCourses, [courseId]);
    // The rebuild runs the views too: it fails while the faulty one is there, and is tried again.
    assert.equal(await lookout.writer.repair(), false);
    assert.ok(lookout.writer.lastRepairError);

    await fixViews();
    assert.equal(await lookout.writer.repair(), true);
    assert.deepEqual(lookout.writer.unrepairedCourses, []);
    for (const body of [small, large]) {
      const retry = await postLines(lookout.url, body);
      assert.equal(retry.status, 200);
      assert.deepEqual([retry.body.accepted, retry.body.duplicates], [0, body.length]);
    }
    agreement = await derivedAgreement(lookout.lake, courseId);
    const events = first.length + small.length + large.length;
    assert.deepEqual(agreement.events, [events, events]);
    for (const [table, [derived, fromEvents]] of Object.entries(agreement)) assert.equal(derived, fromEvents, `${table}: ${derived} vs ${fromEvents} in events`);
    const checks = 20 + 20 + 600;
    assert.equal(agreement.problem_activity![0], checks);

    const res = await fetch(`${lookout.url}/api/courses/${encodeURIComponent(courseId)}/dashboard?from=${day(-1)}&to=${day(2)}`, { headers: bearer(token) });
    const snap = (await res.json()) as DashboardSnapshot;
    const attempts = snap.widgets.problems.problems.reduce((n, p) => n + p.attempts, 0);
    assert.equal(attempts, checks, 'the dashboard counts every check once');
    assert.equal(snap.widgets.engagement.active, 600);
  });
});
