/**
 * Dead letters: the reason-normalizing rule (both its TypeScript and SQL forms) and
 * GET /api/admin/dead-letters over a real chDB lake fed by the tracking and xAPI endpoints.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { normalizedReasonSql, normalizeReason, NO_REASON, REASON_MAX_CHARS } from '../../lib/deadLetters';
import type { DeadLettersResponse } from '../../server/http/deadLetters';
import { bearer, postLines, startTestLookout, tokenFor } from '../helpers';
import { fixtureJson } from '../events/fixtures';

const KEY = 'dl-key';
const SECRET = 'dl-secret-0123456789';

const SAMPLES: [string, string][] = [
  ['time not parseable: "yesterday"', 'time not parseable'],
  ['time not parseable: "2024-13-01T00:00:00Z"', 'time not parseable'],
  ['line too long: 70213 chars (max 65536)', 'line too long'],
  ['statement id is not a UUID: "abc"', 'statement id is not a UUID'],
  ['no actor', 'no actor'],
  ['line 12 has 3 fields', 'line N has N fields'],
  ['  padded reason  : detail', 'padded reason'],
  ['', NO_REASON],
  [': only detail', NO_REASON],
  ['42', 'N'],
  ['état non valide: é', 'état non valide'],
  ['x'.repeat(300), 'x'.repeat(REASON_MAX_CHARS)],
  [`${'é'.repeat(200)}`, 'é'.repeat(REASON_MAX_CHARS)],
  ['tabs\tand\nnewlines\t\n', 'tabs\tand\nnewlines'],
];

let lookout: Awaited<ReturnType<typeof startTestLookout>>;

let token: string;

before(async () => {
  lookout = await startTestLookout({ LOOKOUT_XAPI_KEY: KEY, LOOKOUT_XAPI_SECRET: SECRET });
  token = await tokenFor(lookout);
});
after(() => lookout.close());

async function getDeadLetters(query = '') {
  const res = await fetch(`${lookout.url}/api/admin/dead-letters${query}`, { headers: bearer(token) });
  return { status: res.status, body: (await res.json()) as DeadLettersResponse & { error?: string } };
}

describe('normalizeReason', () => {
  for (const [reason, expected] of SAMPLES) {
    it(`${JSON.stringify(reason.slice(0, 40))} → ${JSON.stringify(expected.slice(0, 40))}`, () => {
      assert.equal(normalizeReason(reason), expected);
      assert.equal(normalizeReason(normalizeReason(reason)), expected, 'idempotent');
    });
  }

  it('gives the same result in the lake (normalizedReasonSql)', async () => {
    const result = await lookout.lake.client.query({
      query: `SELECT r, ${normalizedReasonSql('r')} AS n FROM (SELECT arrayJoin({reasons:Array(String)}) AS r)`,
      query_params: { reasons: SAMPLES.map(([r]) => r) },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ r: string; n: string }>();
    assert.equal(rows.length, SAMPLES.length);
    for (const row of rows) assert.equal(row.n, normalizeReason(row.r), JSON.stringify(row.r));
  });
});

describe('GET /api/admin/dead-letters', () => {
  it('is empty before anything is refused', async () => {
    const { status, body } = await getDeadLetters();
    assert.equal(status, 200);
    assert.deepEqual(body, { counts: [], recent: [], xapiWaiting: { statements: 0, actors: 0, oldest: null }, xapiOverlap: { statements: 0, courses: 0 } });
  });

  it('counts by source and normalized reason, with the latest rows', async () => {
    const good = JSON.stringify({ event_type: 'x', time: '2024-01-01T00:00:00Z', context: {} });
    const long = `{"event_type":"x","time":"${'9'.repeat(3000)}"}`;
    const posted = await postLines(lookout.url, [
      '{"event_type":"x","time":"yesterday"}',
      good,
      '{"event_type":"x","time":"2024-13-01T00:00:00Z"}',
      long,
      'not json',
      '{"time":"2024-01-01T00:00:00Z"}',
    ]);
    assert.equal(posted.status, 200);
    assert.equal((posted.body.rejected as unknown[]).length, 5);

    const badStatement = { id: randomUUID(), verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'x' } };
    const xapi = await fetch(`${lookout.url}/xapi/statements`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
        'x-experience-api-version': '1.0.3',
        'content-type': 'application/json',
      },
      body: JSON.stringify(badStatement),
    });
    assert.equal(xapi.status, 400);

    const { status, body } = await getDeadLetters();
    assert.equal(status, 200);
    const counts = Object.fromEntries(body.counts.map((c) => [`${c.source} | ${c.reason}`, c.count]));
    assert.deepEqual(counts, {
      'tracking | time not parseable': 3,
      'tracking | not JSON': 1,
      'tracking | no event name (name / event_type)': 1,
      'xapi | no actor': 1,
    });
    assert.equal(body.counts[0]!.reason, 'time not parseable', 'most frequent first');
    for (const c of body.counts) {
      assert.ok(Math.abs(Date.parse(c.lastSeen) - Date.now()) < 60_000, c.lastSeen);
    }

    assert.equal(body.recent.length, 6);
    const cut = body.recent.find((d) => d.raw.startsWith('{"event_type":"x","time":"999'));
    assert.ok(cut);
    assert.equal(cut.raw.length, 2_000);
    assert.equal(cut.truncated, true);
    assert.match(cut.reason, /^time not parseable: /);
    const statementRow = body.recent.find((d) => d.source === 'xapi');
    assert.deepEqual(JSON.parse(statementRow!.raw), badStatement);
    assert.equal(statementRow!.truncated, false);
  });

  it('counts the stored statements whose actor is not a known learner yet (issue 17 item 4)', async () => {
    assert.equal((await getDeadLetters()).body.xapiWaiting.statements, 0);
    // ERB's play_video statement, from an anonymised actor the LMS sync has not brought
    const stmt = { ...(fixtureJson('xapi/play_video.json') as Record<string, unknown>), id: randomUUID(), actor: { objectType: 'Agent', account: { homePage: 'http://lms', name: randomUUID() } } };
    const res = await fetch(`${lookout.url}/xapi/statements`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
      body: JSON.stringify(stmt),
    });
    assert.equal(res.status, 200);
    const { xapiWaiting } = (await getDeadLetters()).body;
    assert.deepEqual([xapiWaiting.statements, xapiWaiting.actors], [1, 1]);
    assert.ok(xapiWaiting.oldest && Math.abs(Date.parse(xapiWaiting.oldest) - Date.now()) < 60_000, xapiWaiting.oldest ?? '');
  });

  it('filters the latest rows by source, reason and limit, and leaves counts whole', async () => {
    const xapiOnly = await getDeadLetters('?source=xapi');
    assert.deepEqual(
      xapiOnly.body.recent.map((d) => [d.source, d.reason]),
      [['xapi', 'no actor']],
    );
    assert.equal(xapiOnly.body.counts.length, 4);

    const byReason = await getDeadLetters(`?reason=${encodeURIComponent('time not parseable')}&limit=2`);
    assert.equal(byReason.status, 200);
    assert.equal(byReason.body.recent.length, 2);
    assert.ok(byReason.body.recent.every((d) => d.reason.startsWith('time not parseable: ')));

    // A recorded (not normalized) reason selects its whole group.
    const byRawReason = await getDeadLetters(`?source=tracking&reason=${encodeURIComponent('time not parseable: "whatever"')}`);
    assert.equal(byRawReason.body.recent.length, 3);

    const none = await getDeadLetters('?source=nowhere');
    assert.deepEqual(none.body.recent, []);
  });

  it('refuses a bad limit and other methods', async () => {
    for (const limit of ['0', '501', 'ten', '-1']) {
      const res = await getDeadLetters(`?limit=${limit}`);
      assert.equal(res.status, 400, limit);
      assert.match(res.body.error!, /limit/);
    }
    const post = await fetch(`${lookout.url}/api/admin/dead-letters`, { method: 'POST', headers: bearer(token) });
    assert.equal(post.status, 405);
  });
});
