import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { queryRows } from '../../lib/lake/query';
import { bearer, startTestLookout, TEST_TOKEN, tokenFor } from '../helpers';
import { INGEST_BODY_LIMIT } from '../../server/http/ingestTracking';
import { receiveStats, SPILL_BYTES } from '../../server/ingest/receiveBody';
import { REJECTED_KEPT_PER_BODY } from '../../server/ingest/windowedParse';
import { DEAD_LETTER_RAW_CHARS } from '../../lib/events/jsonDepth';
import { ownScratchDirs } from '../../server/ingest/scratchSpace';
import { activityLines } from '../support/derivedAgreement';

/** The most bytes one read of a request (or of its inflation) hands over at a time. */
const CHUNK_BYTES = 64 * 1024;

async function post(url: string, body: Uint8Array<ArrayBuffer> | string) {
  const res = await fetch(`${url}/api/ingest/tracking`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}` }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const stagedFiles = () => ownScratchDirs().flatMap((dir) => readdirSync(dir).filter((n) => n.startsWith('incoming-')));

async function stored(lookout: { lake: Parameters<typeof queryRows>[0] }, courseId: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(lookout.lake, 'SELECT count() AS n FROM events WHERE course_id = {c:String}', { c: courseId });
  return Number(row!.n);
}

describe('a tracking body is streamed, never gathered whole', { timeout: 180_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  before(async () => {
    lookout = await startTestLookout();
  });
  after(() => lookout.close());

  it('stages a body many windows long while holding at most one window of it', async () => {
    const courseId = 'course-v1:Test+Streamed+1';
    const lines = activityLines(courseId, 0, 15_000, new Date(Date.now() - 10 * 60_000));
    const body = lines.join('\n');
    assert.ok(body.length > 16 * SPILL_BYTES, `${body.length} bytes`);
    receiveStats.peakHeldBytes = 0;
    const { status, body: answer } = await post(lookout.url, body);
    assert.equal(status, 200, JSON.stringify(answer));
    assert.equal(answer.accepted, lines.length);
    assert.ok(receiveStats.peakHeldBytes > 0 && receiveStats.peakHeldBytes <= SPILL_BYTES + CHUNK_BYTES, `held ${receiveStats.peakHeldBytes} bytes`);
    assert.equal(await stored(lookout, courseId), lines.length);
    assert.deepEqual(stagedFiles(), [], 'no staged body left behind');
  });

  it('reads prefixed, declined and refused lines of a streamed body back with their line numbers', async () => {
    const courseId = 'course-v1:Test+Streamed+2';
    const lines = activityLines(courseId, 0, 2500, new Date(Date.now() - 10 * 60_000));
    // Logger prefixes (parse.ts), bare objects (the engine), a bare object the engine declines, a line that is not JSON.
    for (let i = 0; i < lines.length; i += 3) lines[i] = `Dec  7 02:00:00 lms tracking: ${lines[i]}`;
    lines[4001] = '{}';
    lines[4500] = 'not json';
    const expected = lines.length - 2;
    receiveStats.peakHeldBytes = 0;
    const { status, body: answer } = await post(lookout.url, lines.join('\n'));
    assert.equal(status, 200, JSON.stringify(answer));
    assert.ok(receiveStats.peakHeldBytes <= SPILL_BYTES + CHUNK_BYTES);
    assert.deepEqual((answer.rejected as { line: number }[]).map((r) => r.line), [4002, 4501]);
    assert.equal(answer.rejectedCount, 2);
    assert.equal(answer.accepted, expected);
    assert.equal(await stored(lookout, courseId), expected);
    assert.deepEqual(stagedFiles(), []);
  });

  it('parses a streamed body of few long lines with parse.ts alone', async () => {
    const courseId = 'course-v1:Test+Streamed+3';
    const pad = 'p'.repeat(3000);
    const lines = activityLines(courseId, 0, 300, new Date(Date.now() - 10 * 60_000)).map((l) => l.replace('{', `{"pad":"${pad}",`));
    const body = lines.join('\n');
    assert.ok(body.length > SPILL_BYTES && lines.length < 1000);
    const { status, body: answer } = await post(lookout.url, body);
    assert.equal(status, 200, JSON.stringify(answer));
    assert.equal(answer.accepted, lines.length);
    assert.equal(await stored(lookout, courseId), lines.length);
    assert.deepEqual(stagedFiles(), []);
  });

  it('keeps a bounded number of dead letters per body, each with bounded raw text, and counts every rejected line', async () => {
    const lines = Array.from({ length: REJECTED_KEPT_PER_BODY + 500 }, (_, i) => `junk-line ${i}`);
    lines.push(`junk-long ${'z'.repeat(3 * DEAD_LETTER_RAW_CHARS)}`);
    const { status, body: answer } = await post(lookout.url, lines.join('\n'));
    assert.equal(status, 200, JSON.stringify(answer).slice(0, 300));
    assert.equal(answer.rejectedCount, lines.length);
    const [kept] = await queryRows<{ n: string }>(lookout.lake, `SELECT count() AS n FROM rejected_events WHERE source = 'tracking' AND startsWith(raw, 'junk-')`);
    assert.equal(Number(kept!.n), REJECTED_KEPT_PER_BODY);

    const { status: longStatus } = await post(lookout.url, `junk-long ${'z'.repeat(3 * DEAD_LETTER_RAW_CHARS)}`);
    assert.equal(longStatus, 200);
    const [long] = await queryRows<{ len: string }>(lookout.lake, `SELECT length(raw) AS len FROM rejected_events WHERE startsWith(raw, 'junk-long ')`);
    assert.ok(Number(long!.len) > DEAD_LETTER_RAW_CHARS && Number(long!.len) < DEAD_LETTER_RAW_CHARS + 100, long!.len);
  });

  it('answers 503 naming the folder when a body cannot be staged as it arrives, and health counts the failed write', async () => {
    const token = await tokenFor(lookout);
    const failures = async () => ((await (await fetch(`${lookout.url}/api/health`, { headers: bearer(token) })).json()) as { ingest: { failures: number } }).ingest.failures;
    const before = await failures();
    const dirs = ownScratchDirs();
    assert.ok(dirs.length > 0);
    // The scratch folders replaced by files: the body's file cannot be made.
    for (const dir of dirs) {
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(dir, '');
    }
    try {
      const lines = activityLines('course-v1:Test+Streamed+4', 0, 2000, new Date(Date.now() - 10 * 60_000));
      const { status, body: answer } = await post(lookout.url, lines.join('\n'));
      assert.equal(status, 503);
      assert.match(answer.error as string, /^staging the body in .*lookout-ingest-.* failed: .*nothing in this body was stored, retry it$/);
      assert.equal(await failures(), before + 1);
    } finally {
      for (const dir of dirs) {
        rmSync(dir, { force: true });
        mkdirSync(dir);
      }
    }
  });

  // Last: the client may see its connection reset after an early answer to a body it is still sending.
  it('answers 413 once a streamed body passes the cap, and leaves no file behind', async () => {
    const line = 'x'.repeat(1023);
    const body = new Uint8Array(Buffer.from(Array.from({ length: Math.ceil(INGEST_BODY_LIMIT / 1024) + 1024 }, () => line).join("\n")));
    receiveStats.peakHeldBytes = 0;
    const { status, body: answer } = await post(lookout.url, body);
    assert.equal(status, 413);
    assert.match(answer.error as string, /body larger than/);
    assert.ok(receiveStats.peakHeldBytes <= SPILL_BYTES + CHUNK_BYTES, `held ${receiveStats.peakHeldBytes} bytes`);
    assert.deepEqual(stagedFiles(), []);
  });
});
