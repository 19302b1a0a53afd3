/**
 * Groups the lines of one file into batches, sends them, and keeps the counts.
 * The acknowledged position only moves after the server's 200 for a batch.
 */
import type { Line } from './lineReader';
import type { IngestSender } from './sender';

export interface IngestCounts {
  /** Lines read (blank ones included). */
  lines: number;
  /** Blank lines, skipped (never sent). */
  blank: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  batches: number;
}

export interface RejectedLine {
  file: string;
  /** 1-based line number in the file (counted from the start of the file, across resumes). */
  line: number;
  /** Byte offset of the line in the (decompressed) file. */
  offset: number;
  reason: string;
}

export function emptyCounts(): IngestCounts {
  return { lines: 0, blank: 0, accepted: 0, duplicates: 0, rejected: 0, batches: 0 };
}

/** Lines and bytes a batch may hold; the server takes at most 64 MiB (decompressed) per request. */
export interface BatchLimits {
  batchLines: number;
  batchBytes: number;
}

export const DEFAULT_BATCH_LINES = 5000;
export const DEFAULT_BATCH_BYTES = 32 * 1024 * 1024;
const MAX_REJECTED_KEPT = 20;

export class FileBatcher {
  private texts: string[] = [];
  private lineNos: number[] = [];
  private starts: number[] = [];
  private bytes = 0;
  /** Position after the last line added (sent or blank). */
  private readEnd: number;
  private readLines: number;

  /** Position (and lines before it) that the server has acknowledged. */
  acked: { offset: number; lines: number };

  constructor(
    private readonly sender: IngestSender,
    private readonly limits: BatchLimits,
    readonly counts: IngestCounts,
    readonly rejectedLines: RejectedLine[],
    private file: string,
    start: { offset: number; lines: number },
  ) {
    this.readEnd = start.offset;
    this.readLines = start.lines;
    this.acked = { ...start };
  }

  /** Restarts at a new position (a truncated or rotated file), dropping nothing: call after `flush`. */
  restart(file: string, start: { offset: number; lines: number }): void {
    if (this.texts.length > 0) throw new Error('restart with lines not sent');
    this.file = file;
    this.readEnd = start.offset;
    this.readLines = start.lines;
    this.acked = { ...start };
  }

  get pendingLines(): number {
    return this.texts.length;
  }

  /** Lines read so far in this file, counted from its start. */
  get linesRead(): number {
    return this.readLines;
  }

  /** Adds a line; true when the batch is full and should be flushed. */
  add(line: Line): boolean {
    this.readLines++;
    this.readEnd = line.end;
    this.counts.lines++;
    if (line.text.trim() === '') {
      this.counts.blank++;
    } else {
      this.texts.push(line.text);
      this.lineNos.push(this.readLines);
      this.starts.push(line.start);
      this.bytes += line.text.length + 1;
    }
    return this.texts.length >= this.limits.batchLines || this.bytes >= this.limits.batchBytes;
  }

  /** Whether something read is not yet acknowledged (lines to send, or blank lines to record). */
  get dirty(): boolean {
    return this.readEnd !== this.acked.offset;
  }

  /** Sends the batch (if any) and moves the acknowledged position to the end of what was read. */
  async flush(): Promise<boolean> {
    if (this.texts.length > 0) {
      const result = await this.sender.send(this.texts);
      this.counts.accepted += result.accepted;
      this.counts.duplicates += result.duplicates;
      this.counts.rejected += result.rejectedCount;
      this.counts.batches++;
      for (const r of result.rejected) {
        if (this.rejectedLines.length >= MAX_REJECTED_KEPT) break;
        const i = r.line - 1;
        this.rejectedLines.push({ file: this.file, line: this.lineNos[i] ?? -1, offset: this.starts[i] ?? -1, reason: r.reason });
      }
    }
    const moved = this.readEnd !== this.acked.offset;
    this.acked = { offset: this.readEnd, lines: this.readLines };
    this.texts = [];
    this.lineNos = [];
    this.starts = [];
    this.bytes = 0;
    return moved;
  }
}
