import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { queryRows } from '../../lib/lake/query';
import { postLines, startTestLookout, TEST_TOKEN } from '../helpers';
import { INGEST_MAX_LINES, REJECTED_LISTED } from '../../server/http/ingestTracking';
import { DEAD_LETTER_RAW_CHARS } from '../../lib/events/jsonDepth';

const KEY = 'xapi-key';
const SECRET = 'xapi-secret-0123456789';

describe('one request cannot take the server down', { timeout: 120_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  before(async () => {
    lookout = await startTestLookout({ LOOKOUT_XAPI_KEY: KEY, LOOKOUT_XAPI_SECRET: SECRET });
  });
  after(() => lookout.close());

  it('answers 413 early for a small gzip body inflating to millions of one-byte lines', async () => {
    const inflated = Buffer.alloc(63 * 1024 * 1024, 'x\n');
    const body = gzipSync(inflated, { level: 9 });
    assert.ok(body.length < 256 * 1024);
    const res = await fetch(`${lookout.url}/api/ingest/tracking`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-encoding': 'gzip' },
      body,
    });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { error: `body of more than ${INGEST_MAX_LINES} lines: send smaller batches` });
  });

  it('lists the first rejected lines and counts them all', async () => {
    const lines = Array.from({ length: REJECTED_LISTED + 50 }, (_, i) => `not json ${i}`);
    const { status, body } = await postLines(lookout.url, lines);
    assert.equal(status, 200);
    const rejected = body.rejected as { line: number; reason: string }[];
    assert.equal(rejected.length, REJECTED_LISTED);
    assert.equal(body.rejectedCount, REJECTED_LISTED + 50);
    assert.deepEqual(rejected[0], { line: 1, reason: rejected[0]!.reason });
    const [kept] = await queryRows<{ n: string }>(lookout.lake, `SELECT count() AS n FROM rejected_events WHERE source = 'tracking' AND startsWith(raw, 'not json ')`);
    assert.equal(Number(kept!.n), REJECTED_LISTED + 50, 'every rejected line is a dead letter');
  });

  it('answers 400 for an xAPI body nested 100k levels deep and keeps it (bounded) as a dead letter', async () => {
    const body = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await fetch(`${lookout.url}/xapi/statements`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
      body,
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /nests deeper than 256 levels/);
    const [kept] = await queryRows<{ reason: string; len: string }>(lookout.lake, `SELECT reason, length(raw) AS len FROM rejected_events WHERE source = 'xapi' AND startsWith(raw, '[[[[')`);
    assert.equal(kept!.reason, 'body nests deeper than 256 levels');
    assert.ok(Number(kept!.len) > DEAD_LETTER_RAW_CHARS && Number(kept!.len) < DEAD_LETTER_RAW_CHARS + 100);
  });

  it('a deep tracking line is a rejected line with its reason, not a failed request', async () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const { status, body } = await postLines(lookout.url, [deep]);
    assert.equal(status, 200);
    assert.equal(body.rejectedCount, 1);
  });
});
