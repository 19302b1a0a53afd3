import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { queryRows } from '../../lib/lake/query';
import { postLines, startTestLookout, TEST_TOKEN } from '../helpers';
import { INGEST_MAX_LINES, REJECTED_LISTED } from '../../server/http/ingestTracking';
import { DEAD_LETTER_RAW_CHARS } from '../../lib/events/jsonDepth';
import { PARSE_WINDOW_BYTES } from '../../server/ingest/windowedParse';
import { activityLines } from '../support/derivedAgreement';

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

  it('parses the lines parse.ts reads window by window, with the line numbers of the body', async () => {
    // Logger-prefixed lines go to parse.ts (not the engine): 3,000 of ~800 bytes span three parse windows.
    const at = new Date(Date.now() - 5 * 60_000);
    const lines = activityLines('course-v1:Test+Windows+1', 0, 1500, at).map((l) => `Dec  7 02:00:00 lms tracking: ${l}`);
    assert.ok(lines.join('\n').length > 2 * PARSE_WINDOW_BYTES);
    const bad = [1, 1400, 2999]; // 0-based: lines 2, 1401 (second window), 3000
    for (const i of bad) lines[i] = `Dec  7 02:00:00 lms tracking: not json ${i}`;
    lines.splice(2000, 0, '', '   '); // blank lines count as lines
    for (const large of [true, false]) {
      // Large: the staged path (bare-object lines to the engine, none here); small slices: parse.ts alone.
      const body = large ? lines : lines.slice(0, 900);
      const { status, body: answer } = await postLines(lookout.url, body);
      assert.equal(status, 200, JSON.stringify(answer));
      const expectedBad = large ? [2, 1401, 3002] : [2];
      assert.deepEqual((answer.rejected as { line: number }[]).map((r) => r.line), expectedBad);
      assert.equal((answer.accepted as number) + (answer.duplicates as number), body.filter((l) => l.includes('{')).length);
    }
    const [stored] = await queryRows<{ n: string }>(lookout.lake, `SELECT count() AS n FROM events WHERE course_id = 'course-v1:Test+Windows+1'`);
    assert.equal(Number(stored!.n), 3000 - bad.length);
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
