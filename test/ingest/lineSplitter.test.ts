import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, splitBody } from '../../server/ingest/rawBody';

/** Lines of every kind the splitter tells apart: bare objects, prefixed, blank, CR-ended, padded, empty. */
const BODY = Buffer.from(
  ['{"a":1}', 'Dec  7 lms: {"b":2}', '', '   ', '{"c":3}\r', ' {"d":4}', '{"e":5}  \t', 'not json', '{', '}', '{"f":"\u00e9\u20ac"}', ''].join('\n'),
);

describe('LineSplitter', () => {
  it('splits a body fed in chunks of any size exactly as the body whole', () => {
    const whole = splitBody(BODY);
    for (const size of [1, 2, 3, 5, 7, 13, BODY.length]) {
      const splitter = new LineSplitter();
      for (let at = 0; at < BODY.length; at += size) splitter.push(BODY.subarray(at, at + size));
      const chunked = splitter.finish({ buffer: BODY });
      assert.deepEqual(chunked, whole, `chunks of ${size} bytes`);
    }
    assert.deepEqual([...whole.engineLines.lineNo.subarray(0, whole.engineLines.count)], [1, 5, 7, 11]);
    assert.deepEqual(whole.otherLineNos, [2, 6, 8, 9, 10]);
    assert.equal(whole.lineCount, 12);
    assert.equal(whole.source.lastByte, 0x0a);
  });
});
