import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureJson, listFixtures, readFixture } from '../events/fixtures';
import { parseTrackingLine } from '../../lib/events/parse';
import { postLines, startTestLookout } from '../helpers';

/**
 * Every real tracking-log sample, posted as one NDJSON body through the HTTP
 * endpoint, lands in the lake with the learner, course, name and time the parser
 * gives it — or is refused with a reason and kept as a dead letter.
 */
describe('real Open edX samples through HTTP ingest', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  const files = listFixtures('tracking');
  const lines = files.map((f) => JSON.stringify(fixtureJson(f)));
  const malformed = listFixtures('malformed');

  before(async () => {
    lookout = await startTestLookout();
  });
  after(() => lookout.close());

  it('stores each parsable sample with its key fields and refuses the rest with a reason', async () => {
    assert.ok(files.length > 200);
    const expected = lines.map((l) => parseTrackingLine(l));
    const res = await postLines(lookout.url, lines);
    assert.equal(res.status, 200);
    const refused = expected.flatMap((r, i) => (r.ok ? [] : [i + 1]));
    assert.deepEqual((res.body.rejected as { line: number }[]).map((r) => r.line), refused);
    const good = expected.filter((r) => r.ok).map((r) => r.event);
    const distinct = new Set(good.map((e) => e.event_id)).size;
    assert.equal(res.body.accepted, distinct);
    assert.equal(res.body.duplicates, good.length - distinct);

    const stored = await lookout.lake.client.query({
      query: `SELECT event_id, name, user_id, course_id, toString(time) AS time, event_source, is_learner FROM events`,
      format: 'JSONEachRow',
    });
    const byId = new Map((await stored.json<Record<string, string | number>>()).map((r) => [r.event_id, r]));
    for (const e of good) {
      const row = byId.get(e.event_id);
      assert.ok(row, `missing ${e.name} ${e.event_id}`);
      assert.deepEqual(
        [row.name, Number(row.user_id), row.course_id, row.time, row.event_source, Number(row.is_learner)],
        [e.name, e.user_id, e.course_id, e.time, e.event_source, e.is_learner],
        e.name,
      );
    }
  });

  it('refuses every malformed sample with a reason and keeps it as a dead letter', async () => {
    // Each malformed sample joined onto one line, as it would arrive in a log.
    const raw = malformed.map((f) => readFixture(f).replace(/\s*\n\s*/g, ' '));
    const res = await postLines(lookout.url, raw);
    assert.equal(res.body.accepted, 0);
    const rejected = res.body.rejected as { line: number; reason: string }[];
    assert.equal(rejected.length, malformed.length);
    for (const r of rejected) assert.ok(r.reason.length > 0);
    const dead = await lookout.lake.client.query({ query: `SELECT count() AS n FROM rejected_events WHERE source = 'tracking'`, format: 'JSONEachRow' });
    assert.ok(Number((await dead.json<{ n: string }>())[0]!.n) >= malformed.length);
  });
});
