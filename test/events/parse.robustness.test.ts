/** Malformed samples are rejected with a reason; nothing, however broken, makes the parser throw. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LINE_CHARS, normalizeTrackingObject, parseTrackingLine } from '../../lib/events/parse';
import type { ParseResult } from '../../lib/events/types';
import { listFixtures, readFixture } from './fixtures';

function assertRejected(res: ParseResult, startsWith?: string): void {
  assert.equal(res.ok, false);
  if (res.ok) return;
  assert.equal(typeof res.reason, 'string');
  assert.ok(res.reason.length > 0, 'reason must not be empty');
  assert.ok(res.reason.length <= 200, `reason too long: ${res.reason.length}`);
  if (startsWith) assert.ok(res.reason.startsWith(startsWith), `reason "${res.reason}" should start with "${startsWith}"`);
}

describe('malformed fixtures', () => {
  const files = listFixtures('malformed');
  it('has the 8 samples', () => assert.equal(files.length, 8));
  for (const file of files) {
    it(file, () => assertRejected(parseTrackingLine(readFixture(file)), 'not JSON: '));
  }
});

describe('garbage never throws', () => {
  const T = '"time": "2020-01-01T00:00:00Z"';
  const rejects: [string, string][] = [
    ['', 'empty line'],
    ['   \n\t ', 'empty line'],
    ['null', 'not an object'],
    ['42', 'not an object'],
    ['"a string"', 'not an object'],
    ['true', 'not an object'],
    ['[]', 'not an object'],
    ['[1, 2, {"name": "x", "time": "2020-01-01T00:00:00Z"}]', 'not an object'],
    ['hello world', 'not JSON'],
    ['{', 'not JSON'],
    ['}{', 'not JSON'],
    ['{"a": 1}}', 'not JSON'],
    ['prefix { not json }', 'not JSON'],
    ['{"name": "x"}', 'no timestamp'],
    [`{${T}}`, 'no event name'],
    [`{"name": 5, "event_type": [], ${T}}`, 'no event name'],
    ['{"name": "x", "time": "not a time"}', 'time not parseable'],
    ['{"name": "x", "time": 1589000000}', 'time not parseable'],
    ['{"name": "x", "time": {"$date": 1}}', 'time not parseable'],
    ['{"name": "x", "time": "1800-01-01T00:00:00Z"}', 'time not parseable'],
  ];
  for (const [input, reason] of rejects) {
    it(`rejects ${JSON.stringify(input).slice(0, 60)}`, () => assertRejected(parseTrackingLine(input), reason));
  }

  it('odd member types are tolerated', () => {
    const res = parseTrackingLine(
      `{"name": "play_video", ${T}, "context": "nope", "event": 17, "username": ["x"], "session": null, "page": 3, "event_source": {}}`,
    );
    assert.ok(res.ok);
    assert.equal(res.event.user_id, 0);
    assert.equal(res.event.course_id, '');
    assert.equal(res.event.event_source, 'server');
  });

  it('BOM and CRLF', () => {
    const res = parseTrackingLine(`\uFEFF{"name": "x", ${T}}\r\n`);
    assert.ok(res.ok);
  });

  it('huge inputs', () => {
    assertRejected(parseTrackingLine('x'.repeat(MAX_LINE_CHARS + 1)), 'line too long');
    assertRejected(parseTrackingLine(`{"a": "${'x'.repeat(500_000)}`), 'not JSON');
    const big = parseTrackingLine(`{"name": "x", ${T}, "event": "${'y'.repeat(200_000)}"}`);
    assert.ok(big.ok);
  });

  it('deep nesting', () => {
    const deep = `{"name": "x", ${T}, "event": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const res = parseTrackingLine(deep);
    assert.equal(typeof res.ok, 'boolean');
    if (!res.ok) assert.ok(res.reason.length > 0);
    assertRejected(parseTrackingLine('['.repeat(200_000)), 'not JSON');
  });

  it('non-string and non-object arguments', () => {
    for (const v of [null, undefined, 42, {}, [], () => 1, Symbol('s')]) {
      assertRejected(parseTrackingLine(v as unknown as string));
      assertRejected(normalizeTrackingObject(v, ''));
    }
    assertRejected(normalizeTrackingObject('{"name":"x"}', ''), 'not an object');
    const noRaw = normalizeTrackingObject({ name: 'x', time: '2020-01-01T00:00:00Z' }, null as unknown as string);
    assert.ok(noRaw.ok);
    assert.equal(noRaw.event.raw, '');
  });

  it('a getter that throws is caught', () => {
    const evil = { name: 'x', time: '2020-01-01T00:00:00Z' };
    Object.defineProperty(evil, 'context', { enumerable: true, get: () => { throw new Error('boom'); } });
    assertRejected(normalizeTrackingObject(evil, ''), 'could not process');
  });

  it('random mutations of real lines', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const samples = listFixtures('tracking').slice(0, 60).map(readFixture);
    const junk = ['{', '}', '"', '\\', ',', ':', '[', ']', '\u0000', '\uD800', 'é', ' ', '1', 'null'];
    for (let i = 0; i < 3000; i++) {
      let s = samples[rand(samples.length)] ?? '';
      switch (rand(4)) {
        case 0: s = s.slice(0, rand(s.length + 1)); break;
        case 1: s = s.slice(rand(s.length + 1)); break;
        case 2: { const at = rand(s.length + 1); s = s.slice(0, at) + junk[rand(junk.length)] + s.slice(at + 1); break; }
        default: { const at = rand(s.length + 1); s = s.slice(0, at) + junk[rand(junk.length)] + s.slice(at); }
      }
      const res = parseTrackingLine(s);
      assert.equal(typeof res.ok, 'boolean');
      if (!res.ok) assert.ok(res.reason.length > 0);
    }
  });
});
