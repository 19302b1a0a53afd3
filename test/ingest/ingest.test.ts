import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { postLines, startTestLookout, TEST_TOKEN } from '../helpers';
import { problemCheck, videoEvent } from '../../lib/demo/tracking';

const courseId = 'course-v1:Test+Ingest+1';
const actor = { userId: 7, username: 'seven', session: 's7' };
const at = new Date('2026-11-01T10:00:00Z');
const good = (i: number) => videoEvent({ actor, courseId, time: new Date(at.getTime() + i * 1000), action: 'play_video', videoId: 'v', position: i, duration: 100 });

describe('POST /api/ingest/tracking', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  const count = async (table = 'events', where = `course_id = '${courseId}'`) => {
    const r = await lookout.lake.client.query({ query: `SELECT count() AS n FROM ${table} WHERE ${where}`, format: 'JSONEachRow' });
    return Number((await r.json<{ n: string }>())[0]!.n);
  };

  before(async () => {
    lookout = await startTestLookout();
  });
  after(() => lookout.close());

  it('keeps the good lines of a body and rejects each bad one with its line number and reason', async () => {
    const body = [good(1), '', 'garbage', good(2), '{"event_type": "x", "time": "not a time"}', good(3)];
    const res = await postLines(lookout.url, body);
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 3);
    assert.equal(res.body.duplicates, 0);
    const rejected = res.body.rejected as { line: number; reason: string }[];
    assert.deepEqual(rejected.map((r) => r.line), [3, 5]);
    for (const r of rejected) assert.ok(r.reason.length > 0);
    assert.equal(await count(), 3);
    // refused lines are kept as dead letters with their raw text
    assert.equal(await count('rejected_events', `raw = 'garbage'`), 1);
  });

  it('stores a dead letter once however often its line is sent, and still reports it each time', async () => {
    const body = ['', 'resent garbage', '{"event_type": "x", "time": "resent bad time"}'];
    const first = await postLines(lookout.url, body);
    const again = await postLines(lookout.url, body);
    assert.deepEqual((again.body.rejected as { line: number }[]).map((r) => r.line), [2, 3]);
    assert.deepEqual(again.body.rejected, first.body.rejected);
    assert.equal(await count('rejected_events', `raw = 'resent garbage'`), 1);
    assert.equal(await count('rejected_events', `raw LIKE '%resent bad time%'`), 1);
  });

  it('parses a large body on the worker threads with the same answers', async () => {
    const bigCourse = 'course-v1:Test+IngestBig+1';
    const lines = Array.from({ length: 3000 }, (_, i) => good(i).replace(courseId, bigCourse).replaceAll(courseId.slice(10), bigCourse.slice(10)));
    lines[1234] = 'not an event';
    const res = await postLines(lookout.url, lines);
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 2999);
    assert.deepEqual((res.body.rejected as { line: number }[]).map((r) => r.line), [1235]);
    assert.deepEqual(await postLines(lookout.url, lines).then((r) => [r.body.accepted, r.body.duplicates]), [0, 2999]);
    assert.equal(await count('events', `course_id = '${bigCourse}'`), 2999);
  });

  it('counts an event once whether it came in a small body (parsed in JS) or a large one (parsed by the engine)', async () => {
    const mixedCourse = 'course-v1:Test+IngestMixed+1';
    const lines = Array.from({ length: 1500 }, (_, i) => good(i).replace(courseId, mixedCourse).replaceAll(courseId.slice(10), mixedCourse.slice(10)));
    assert.deepEqual(await postLines(lookout.url, lines.slice(0, 10)).then((r) => [r.body.accepted, r.body.duplicates]), [10, 0]);
    assert.deepEqual(await postLines(lookout.url, lines).then((r) => [r.body.accepted, r.body.duplicates]), [1490, 10]);
    assert.deepEqual(await postLines(lookout.url, lines.slice(1490)).then((r) => [r.body.accepted, r.body.duplicates]), [0, 10]);
    assert.equal(await count('events', `course_id = '${mixedCourse}'`), 1500);
  });

  it('answers large bodies the same whether they go to the engine as they came or line by line, in one flush', async () => {
    const course = 'course-v1:Test+IngestClean+1';
    const lines = Array.from({ length: 2400 }, (_, i) => good(i).replace(courseId, course).replaceAll(courseId.slice(10), course.slice(10)));
    // As it came: bare objects only; one the engine declines and parse.ts refuses (line 700).
    const clean = lines.slice(0, 1200);
    clean[699] = '{"not":"an event"}';
    // Line by line: CRLF endings, a blank line, and lines shared with the clean body.
    const other = [...lines.slice(1100, 2000), '', ...lines.slice(2000)];
    const post = (body: string) =>
      fetch(`${lookout.url}/api/ingest/tracking`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}` }, body }).then(
        (r) => r.json() as Promise<{ accepted: number; duplicates: number; rejected: { line: number }[] }>,
      );
    const [a, b] = await Promise.all([post(clean.join('\n') + '\n'), post(other.join('\r\n'))]);
    assert.deepEqual(a.rejected.map((r) => r.line), [700]);
    assert.deepEqual(b.rejected, []);
    assert.equal(a.accepted + b.accepted, 2399);
    assert.equal(a.duplicates + b.duplicates, 100);
    assert.equal(await count('events', `course_id = '${course}'`), 2399);
    const raws = await lookout.lake.client.query({
      query: `SELECT count() AS n FROM events WHERE course_id = '${course}' AND startsWith(raw, '{') AND endsWith(raw, '}') AND received_at > now64(3) - INTERVAL 1 HOUR AND video_position IS NOT NULL`,
      format: 'JSONEachRow',
    });
    assert.equal(Number((await raws.json<{ n: string }>())[0]!.n), 2399);
    const again = await post(clean.join('\n'));
    assert.deepEqual([again.accepted, again.duplicates, again.rejected.map((r) => r.line)], [0, 1199, [700]]);
  });

  it('counts the lines the engine declines (parsed by parse.ts) once, against the lake and within a large body', async () => {
    const course = 'course-v1:Test+IngestDeclined+1';
    const lines = Array.from({ length: 1200 }, (_, i) => good(i).replace(courseId, course).replaceAll(courseId.slice(10), course.slice(10)));
    // A time with an offset: the engine declines it, parse.ts takes it.
    const offset = (line: string) => line.replace(/("time": ?"[^"]*)\+00:00"/, '$1+01:00"');
    const declined = [offset(lines[0]!), offset(lines[1]!)];
    assert.deepEqual(await postLines(lookout.url, [declined[0]!]).then((r) => [r.body.accepted, r.body.duplicates]), [1, 0]);
    const body = [...lines.slice(2), declined[0]!, declined[1]!, declined[1]!, 'garbage'];
    const res = await postLines(lookout.url, body);
    assert.deepEqual([res.body.accepted, res.body.duplicates], [1198 + 1, 2]);
    assert.deepEqual((res.body.rejected as { line: number }[]).map((r) => r.line), [body.length]);
    assert.equal(await count('events', `course_id = '${course}'`), 1200);
  });

  it('counts duplicates within one body and across bodies', async () => {
    const res = await postLines(lookout.url, [good(10), good(10), good(1)]);
    assert.deepEqual(res.body, { accepted: 1, duplicates: 2, rejected: [], rejectedCount: 0 });
    assert.equal(await count(), 4);
  });

  it('accepts a gzip body', async () => {
    const res = await fetch(`${lookout.url}/api/ingest/tracking`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-encoding': 'gzip' },
      body: gzipSync([good(20), good(21)].join('\n')),
    });
    assert.deepEqual(await res.json(), { accepted: 2, duplicates: 0, rejected: [], rejectedCount: 0 });
  });

  it('concurrent bodies carrying the same events count them once', async () => {
    const lines = Array.from({ length: 200 }, (_, i) =>
      problemCheck({ actor, courseId, time: new Date(at.getTime() + 100_000 + i), problem: `block-v1:Test+Ingest+1+type@problem+block@p${i % 7}`, problemName: 'p', attempts: 1, correct: i % 2 === 0 }),
    );
    const results = await Promise.all([1, 2, 3, 4].map(() => postLines(lookout.url, lines)));
    const accepted = results.reduce((s, r) => s + (r.body.accepted as number), 0);
    const duplicates = results.reduce((s, r) => s + (r.body.duplicates as number), 0);
    assert.equal(accepted, 200);
    assert.equal(duplicates, 600);
    assert.equal(await count('events', `course_id = '${courseId}' AND name = 'problem_check'`), 200);
  });

  it('refuses a missing or wrong token with 401 and stores nothing', async () => {
    const before = await count();
    assert.equal((await postLines(lookout.url, [good(30)], 'wrong-token-xxxxxxxxxxxx')).status, 401);
    const res = await fetch(`${lookout.url}/api/ingest/tracking`, { method: 'POST', body: good(30) });
    assert.equal(res.status, 401);
    assert.match((await res.json()).error, /Authorization: Bearer/);
    assert.equal(await count(), before);
  });

  it('answers 405 to other methods', async () => {
    const res = await fetch(`${lookout.url}/api/ingest/tracking`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    assert.equal(res.status, 405);
  });

  it('answers 503 with Retry-After and acknowledges nothing when the lake cannot write', async () => {
    await lookout.lake.client.command({ query: 'DETACH TABLE events' });
    try {
      const res = await fetch(`${lookout.url}/api/ingest/tracking`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
        body: good(40),
      });
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      assert.match((await res.json()).error, /retry/);
    } finally {
      await lookout.lake.client.command({ query: 'ATTACH TABLE events' });
    }
    // the client's retry then lands exactly once
    const retry = await postLines(lookout.url, [good(40)]);
    assert.deepEqual(retry.body, { accepted: 1, duplicates: 0, rejected: [], rejectedCount: 0 });
  });

  it('answers 503 to a large body (parsed by the engine) when the lake cannot write, and its retry lands exactly once', async () => {
    const course = 'course-v1:Test+Ingest503+1';
    const lines = Array.from({ length: 1500 }, (_, i) => good(i).replace(courseId, course).replaceAll(courseId.slice(10), course.slice(10)));
    await lookout.lake.client.command({ query: 'DETACH TABLE events' });
    try {
      const res = await postLines(lookout.url, lines);
      assert.equal(res.status, 503);
    } finally {
      await lookout.lake.client.command({ query: 'ATTACH TABLE events' });
    }
    const retry = await postLines(lookout.url, lines);
    assert.deepEqual(retry.body, { accepted: 1500, duplicates: 0, rejected: [], rejectedCount: 0 });
    assert.equal(await count('events', `course_id = '${course}'`), 1500);
  });
});
