import { closeSync, openSync, readSync } from 'node:fs';
import { MAX_LINE_CHARS } from '../../lib/events/parse';

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Where a body's bytes are: in memory (small bodies, and bench/), or in a scratch file it was
 * streamed to as it arrived (receiveBody.ts), so that a large body is never held whole.
 */
export interface BodySource {
  size: number;
  /** The body's last byte (-1 when empty). */
  lastByte: number;
  buffer?: Buffer;
  file?: string;
}

/**
 * An NDJSON body split into lines without decoding it. Lines that look like a bare JSON
 * object (first byte `{`, last `}` before any trailing spaces, tabs or CRs) are left as
 * byte ranges for the engine to parse (lib/events/engineParse.ts); the others — logger
 * prefixes, odd whitespace, anything else — as byte ranges for parse.ts. Blank
 * lines are dropped here when they are blank in ASCII, else by parse.ts's rule.
 */
export interface SplitBody {
  source: BodySource;
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

/**
 * Splits a body fed chunk by chunk, keeping only the lines' offsets (never their bytes), so that
 * the bytes can go to a file as they arrive.
 */
export class LineSplitter {
  private capacity = 1024;
  private lineNo = new Int32Array(this.capacity);
  private start = new Int32Array(this.capacity);
  private end = new Int32Array(this.capacity);
  private jsonEnd = new Int32Array(this.capacity);
  private count = 0;
  private readonly otherLineNos: number[] = [];
  private readonly otherStart: number[] = [];
  private readonly otherEnd: number[] = [];
  /** Lines ended so far. */
  lines = 0;
  size = 0;
  private lineStart = 0;
  private firstByte = -1;
  private lastPos = -1;
  private lastByte = -1;
  private bodyLastByte = -1;

  push(chunk: Buffer): void {
    const base = this.size;
    let pos = 0;
    while (pos < chunk.length) {
      if (base + pos === this.lineStart) this.firstByte = chunk[pos]!;
      const newline = chunk.indexOf(NEWLINE, pos);
      const stop = newline === -1 ? chunk.length : newline;
      let last = stop - 1;
      while (last >= pos && isAsciiBlank(chunk[last]!)) last--;
      if (last >= pos) {
        this.lastPos = base + last;
        this.lastByte = chunk[last]!;
      }
      if (newline === -1) break;
      this.endLine(base + newline);
      pos = newline + 1;
    }
    this.size += chunk.length;
    if (chunk.length > 0) this.bodyLastByte = chunk[chunk.length - 1]!;
  }

  private endLine(stop: number): void {
    const n = ++this.lines;
    if (this.lastPos >= this.lineStart) {
      if (this.firstByte === OPEN_BRACE && this.lastByte === CLOSE_BRACE && stop - this.lineStart <= MAX_LINE_CHARS) {
        if (this.count === this.capacity) {
          this.capacity *= 2;
          this.lineNo = grow(this.lineNo, this.capacity);
          this.start = grow(this.start, this.capacity);
          this.end = grow(this.end, this.capacity);
          this.jsonEnd = grow(this.jsonEnd, this.capacity);
        }
        this.lineNo[this.count] = n;
        this.start[this.count] = this.lineStart;
        this.end[this.count] = stop;
        this.jsonEnd[this.count] = this.lastPos + 1;
        this.count++;
      } else {
        this.otherLineNos.push(n);
        this.otherStart.push(this.lineStart);
        this.otherEnd.push(stop);
      }
    }
    this.lineStart = stop + 1;
    this.firstByte = -1;
    this.lastPos = -1;
  }

  /** The split body, once every chunk is in (the text after the last newline is a line, even empty). */
  finish(source: Omit<BodySource, 'size' | 'lastByte'>): SplitBody {
    this.endLine(this.size);
    const { lineNo, start, end, jsonEnd, count } = this;
    return {
      source: { ...source, size: this.size, lastByte: this.bodyLastByte },
      engineLines: { lineNo, start, end, jsonEnd, count },
      otherLineNos: this.otherLineNos,
      otherStart: this.otherStart,
      otherEnd: this.otherEnd,
      lineCount: this.lines,
    };
  }
}

/** `engine` false: every non-blank line is left to parse.ts (bodies the engine does not parse). */
export function splitBody(body: Buffer, engine = true): SplitBody {
  const splitter = new LineSplitter();
  splitter.push(body);
  const split = splitter.finish({ buffer: body });
  return engine ? split : withoutEngine(split);
}

/** The same body with every non-blank line left to parse.ts (bodies the engine does not parse), in line order. */
export function withoutEngine(split: SplitBody): SplitBody {
  const { lineNo, start, end, count } = split.engineLines;
  const otherLineNos: number[] = [];
  const otherStart: number[] = [];
  const otherEnd: number[] = [];
  let e = 0;
  let o = 0;
  while (e < count || o < split.otherLineNos.length) {
    if (o >= split.otherLineNos.length || (e < count && lineNo[e]! < split.otherLineNos[o]!)) {
      otherLineNos.push(lineNo[e]!);
      otherStart.push(start[e]!);
      otherEnd.push(end[e]!);
      e++;
    } else {
      otherLineNos.push(split.otherLineNos[o]!);
      otherStart.push(split.otherStart[o]!);
      otherEnd.push(split.otherEnd[o]!);
      o++;
    }
  }
  const empty = new Int32Array(0);
  return { ...split, engineLines: { lineNo: empty, start: empty, end: empty, jsonEnd: empty, count: 0 }, otherLineNos, otherStart, otherEnd };
}

/** Bytes read from a body file at a time: lines are read in order, a window at a time. */
export const READ_WINDOW_BYTES = 1024 * 1024;

/** Reads ranges of a body, from memory or from its file a window at a time (call close when done). */
export class BodyReader {
  private fd: number | undefined;
  private window: Buffer | undefined;
  private windowStart = 0;

  constructor(private readonly source: BodySource) {}

  bytes(start: number, end: number): Buffer {
    if (this.source.buffer) return this.source.buffer.subarray(start, end);
    if (!this.window || start < this.windowStart || end > this.windowStart + this.window.length) {
      const length = Math.min(Math.max(end - start, READ_WINDOW_BYTES), this.source.size - start);
      this.fd ??= openSync(this.source.file!, 'r');
      const window = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(this.fd, window, got, length - got, start + got);
        if (n === 0) throw new Error(`staged body ${this.source.file} ends before byte ${end}`);
        got += n;
      }
      this.window = window;
      this.windowStart = start;
    }
    return this.window.subarray(start - this.windowStart, end - this.windowStart);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.window = undefined;
  }
}

function grow(a: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
