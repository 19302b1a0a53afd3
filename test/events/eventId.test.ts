/** event_id: the same JSON text replayed, re-prefixed or re-padded keeps its id; another text gets another. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../lib/events/eventId';
import { normalizeTrackingObject, parseTrackingLine } from '../../lib/events/parse';
import { fixtureJson, readFixture } from './fixtures';

const FILE = 'tracking/pipeline/problem_check__server__problem_response_tracking-L195.json';

function idOf(line: string): string {
  const res = parseTrackingLine(line);
  assert.ok(res.ok, res.ok ? '' : res.reason);
  return res.event.event_id;
}

/** The same object with its keys in reverse order, recursively. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse().map(([k, x]) => [k, reversed(x)]));
  }
  return v;
}

describe('event_id', () => {
  const obj = fixtureJson(FILE);
  const line = JSON.stringify(obj);
  const id = idOf(line);

  it('is 32 hex chars', () => assert.match(id, /^[0-9a-f]{32}$/));

  it('is the sha256 of the JSON text, so the engine can compute it too', () => {
    assert.equal(id, createHash('sha256').update(line).digest('hex').slice(0, 32));
  });

  it('is the same replayed or padded with blanks, and differs re-indented (the text is the identity)', () => {
    assert.equal(idOf(line), id);
    assert.equal(idOf(`  ${line}\r\n`), id);
    assert.notEqual(idOf(JSON.stringify(obj, null, 4)), id);
  });

  it('takes key order as part of the identity (the LMS writes an event one way)', () => {
    assert.notEqual(idOf(JSON.stringify(reversed(obj))), id);
  });

  it('is the same behind a logger prefix', () => {
    assert.equal(idOf(`2016-09-06 04:57:09,509 INFO 1234 [tracking] logger.py:41 - ${line}`), id);
    assert.equal(idOf(`Sep  6 04:57:09 precise64 [service_variant=lms][tracking] ${line}`), id);
  });

  it('is the same from normalizeTrackingObject (the object as JSON.stringify writes it)', () => {
    const res = normalizeTrackingObject(obj, 'whatever the raw text');
    assert.ok(res.ok);
    assert.equal(res.event.event_id, id);
  });

  it('differs for a different event', () => {
    const other = structuredClone(obj) as Record<string, unknown>;
    other.time = '2016-09-06T04:57:09.509002+00:00';
    assert.notEqual(idOf(JSON.stringify(other)), id);
    assert.notEqual(idOf(readFixture('tracking/pipeline/problem_check__server__problem_response_tracking-L529.json')), id);
    assert.notEqual(idOf(readFixture(FILE)), idOf(readFixture('tracking/pipeline/problem_check__server__problem_response_tracking-L529.json')));
  });

  it('canonical JSON sorts keys at every level', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
