import { MAX_LINE_CHARS } from '../../lib/events/parse';

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * An NDJSON body split into lines without decoding it. Lines that look like a bare JSON
 * object (first byte `{`, last `}` before any trailing spaces, tabs or CRs) are left as
 * byte ranges for the engine to parse (lib/events/engineParse.ts); the others — logger
 * prefixes, odd whitespace, anything else — are gathered as text for parse.ts. Blank
 * lines are dropped here when they are blank in ASCII, else by parse.ts's rule.
 */
export interface SplitBody {
  body: Buffer;
  /** Line number (1-based), segment start and end, and end of the JSON text (after trimming) of each engine line. */
  engineLines: { lineNo: Int32Array; start: Int32Array; end: Int32Array; jsonEnd: Int32Array; count: number };
  /** The other non-blank lines: line numbers in the body, segment starts and ends (parsed by parse.ts in windows: windowedParse.ts). */
  otherLineNos: number[];
  otherStart: number[];
  otherEnd: number[];
  /** Lines in the body (blank ones included): the span of line numbers. */
  lineCount: number;
}

function isAsciiBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0b || b === 0x0c;
}

/** `engine` false: every non-blank line is left to parse.ts (bodies the engine does not parse). */
export function splitBody(body: Buffer, engine = true): SplitBody {
  let capacity = 1024;
  let lineNo = new Int32Array(capacity);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let jsonEnd = new Int32Array(capacity);
  let count = 0;
  const otherLineNos: number[] = [];
  const otherStart: number[] = [];
  const otherEnd: number[] = [];
  let n = 0;
  let pos = 0;
  const length = body.length;
  while (pos <= length) {
    let stop = body.indexOf(NEWLINE, pos);
    if (stop === -1) stop = length;
    n++;
    let last = stop - 1;
    while (last >= pos && isAsciiBlank(body[last]!)) last--;
    if (last >= pos) {
      if (engine && body[pos] === OPEN_BRACE && body[last] === CLOSE_BRACE && stop - pos <= MAX_LINE_CHARS) {
        if (count === capacity) {
          capacity *= 2;
          lineNo = grow(lineNo, capacity);
          start = grow(start, capacity);
          end = grow(end, capacity);
          jsonEnd = grow(jsonEnd, capacity);
        }
        lineNo[count] = n;
        start[count] = pos;
        end[count] = stop;
        jsonEnd[count] = last + 1;
        count++;
      } else {
        otherLineNos.push(n);
        otherStart.push(pos);
        otherEnd.push(stop);
      }
    }
    pos = stop + 1;
  }
  return { body, engineLines: { lineNo, start, end, jsonEnd, count }, otherLineNos, otherStart, otherEnd, lineCount: n };
}

function grow(a: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
