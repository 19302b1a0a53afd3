/**
 * Line splitting and streaming file reading for tracking logs.
 *
 * Offsets are byte offsets in the (decompressed) content: `end` of a line is the
 * offset just after its '\n' (or the end of the file for a last line without one),
 * which is what a checkpoint stores. Files are never loaded whole: they are read in
 * chunks, and a line longer than `maxLineBytes` is kept only up to that size (the
 * server then rejects it as too long and dead-letters it, rather than us running out
 * of memory on a runaway line).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface Line {
  /** The line without its '\n' or '\r\n'. */
  text: string;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just after the line's terminator. */
  end: number;
  /** The line was longer than maxLineBytes and `text` is only its beginning. */
  truncated: boolean;
}

/** 4 MiB: always more than the server's 1,000,000-character line limit, so a cut line is still rejected as too long. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const GZIP_READ_BYTES = 64 * 1024;
const NL = 0x0a;
const CR = 0x0d;

/** Splits bytes into lines on '\n', holding an unfinished line until its '\n' arrives (or `flush`). */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private cut = false;
  private offset: number;
  private lineStart: number;

  constructor(
    startOffset = 0,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    this.offset = startOffset;
    this.lineStart = startOffset;
  }

  /** Offset of the next byte to be pushed. */
  get position(): number {
    return this.offset;
  }

  /** Offset where the unfinished line (if any) starts: everything before it has been returned as lines. */
  get completeUpTo(): number {
    return this.lineStart;
  }

  /** Bytes of an unfinished line held. */
  get pendingBytes(): number {
    return this.offset - this.lineStart;
  }

  /** Adds a chunk; appends the lines it completes to `out`. The chunk may be reused by the caller afterwards. */
  push(chunk: Buffer, out: Line[] = []): Line[] {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NL, pos);
      if (nl === -1) {
        this.keep(chunk, pos, chunk.length);
        this.offset += chunk.length - pos;
        break;
      }
      this.offset += nl + 1 - pos;
      if (this.partBytes === 0 && !this.cut && nl - pos <= this.maxLineBytes) {
        // Fast path: the whole line is inside this chunk.
        const stop = nl > pos && chunk[nl - 1] === CR ? nl - 1 : nl;
        out.push({ text: chunk.toString('utf8', pos, stop), start: this.lineStart, end: this.offset, truncated: false });
        this.lineStart = this.offset;
      } else {
        this.keep(chunk, pos, nl);
        out.push(this.take());
      }
      pos = nl + 1;
    }
    return out;
  }

  /** The unfinished last line as a line ending at the current position, or undefined when there is none. */
  flush(): Line | undefined {
    if (this.offset === this.lineStart) return undefined;
    return this.take();
  }

  /** Forgets any unfinished line and restarts at `offset` (after a truncation). */
  reset(offset: number): void {
    this.parts = [];
    this.partBytes = 0;
    this.cut = false;
    this.offset = offset;
    this.lineStart = offset;
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from || this.cut) return; // nothing to keep, or already cut: drop the rest of the line
    const room = this.maxLineBytes - this.partBytes;
    if (to - from > room) {
      to = from + room;
      this.cut = true;
    }
    if (to > from) {
      this.parts.push(Buffer.from(chunk.subarray(from, to))); // copied: the caller may reuse its buffer
      this.partBytes += to - from;
    }
  }

  private take(): Line {
    const buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    let len = buf.length;
    if (!this.cut && len > 0 && buf[len - 1] === CR) len--;
    const line: Line = { text: buf.toString('utf8', 0, len), start: this.lineStart, end: this.offset, truncated: this.cut };
    this.parts = [];
    this.partBytes = 0;
    this.cut = false;
    this.lineStart = this.offset;
    return line;
  }
}

/** True when the file starts with the gzip magic bytes (1f 8b), whatever its name. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

export interface FileLinesOptions {
  /** Decompressed byte offset to start at (a line boundary, as a checkpoint stores). */
  start?: number;
  gzip: boolean;
  maxLineBytes?: number;
}

/**
 * Streams the lines of a plain or gzip file from `start`, a chunk's worth at a time,
 * ending with the last line even when it has no '\n'. `fileBytesRead()` is the bytes
 * of the file itself consumed so far (compressed bytes for gzip), for progress.
 */
export function fileLines(path: string, options: FileLinesOptions) {
  const start = options.start ?? 0;
  // Compressed, the file is read in small chunks: one of CHUNK_BYTES holds ten times as many lines.
  const raw = createReadStream(path, { start: options.gzip ? 0 : start, highWaterMark: options.gzip ? GZIP_READ_BYTES : CHUNK_BYTES });
  let source: Readable = raw;
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  if (options.gzip) {
    gunzip = createGunzip({ chunkSize: 256 * 1024 });
    pipeline(raw, gunzip, () => {
      // errors surface through iterating `gunzip`, which pipeline destroys with them
    });
    source = gunzip;
  }
  // gzip: the compressed bytes the decompressor has taken (not those read ahead of it), so that
  // progress follows the lines handed out.
  const fileBytesRead = () => (gunzip ? gunzip.bytesWritten : start + raw.bytesRead);

  async function* lines(): AsyncGenerator<Line[]> {
    const splitter = new LineSplitter(start, options.maxLineBytes);
    let toSkip = options.gzip ? start : 0; // a gzip stream cannot seek: decompress and drop what was done
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        let data = chunk;
        if (toSkip > 0) {
          if (data.length <= toSkip) {
            toSkip -= data.length;
            continue;
          }
          data = data.subarray(toSkip);
          toSkip = 0;
        }
        const out = splitter.push(data);
        if (out.length > 0) yield out;
      }
      if (toSkip > 0) throw new Error(`the file is shorter than its checkpoint offset ${start}`);
      const last = splitter.flush();
      if (last) yield [last];
    } finally {
      raw.destroy();
      source.destroy();
    }
  }

  return { lines: lines(), fileBytesRead };
}
