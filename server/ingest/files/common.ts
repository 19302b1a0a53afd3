/** Options and results shared by backfill and tail. */
import type { IngestCounts, RejectedLine } from './batcher';
import { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_LINES } from './batcher';
import { CheckpointStore, defaultCheckpointPath } from './checkpoint';
import { Progress, type ProgressOptions } from './progress';
import { IngestSender, type SenderOptions } from './sender';

export interface FileIngestOptions {
  /** Server base URL, e.g. http://localhost:3000. */
  url: string;
  token: string;
  /** Lines per request (default 5000). */
  batchLines?: number;
  /** Uncompressed bytes per request (default 32 MiB; the server takes at most 64 MiB). */
  batchBytes?: number;
  /** One checkpoint file for every file given; default one per file under `${dataDir}/checkpoints/`. */
  checkpoint?: string;
  /** Where default checkpoints go (default LOOKOUT_DATA_DIR or ./data). */
  dataDir?: string;
  /** Ignore existing checkpoints (they are still written). */
  fromStart?: boolean;
  /** Stop request: the in-flight batch finishes, the checkpoint is saved, then the function returns. */
  signal?: AbortSignal;
  /** Stop (as if interrupted) after this many batches were acknowledged in this run. */
  stopAfterBatches?: number;
  /** Progress display on stderr; false for none. */
  progress?: ProgressOptions | false;
  /** Where notices go (resume points, retries, rotations); default the progress stream / stderr. */
  log?: (message: string) => void;
  /** Called after each batch the server acknowledged (and the checkpoint was saved). */
  onBatch?: (info: { file: string; offset: number; counts: IngestCounts }) => void;
  /** Retry tuning and hooks of the sender. */
  sender?: Partial<Omit<SenderOptions, 'url' | 'token' | 'signal'>>;
}

export interface IngestSummary extends IngestCounts {
  elapsedMs: number;
  /** Lines read per second. */
  rate: number;
  /** Stopped by the signal or stopAfterBatches before the end. */
  interrupted: boolean;
  /** The first rejected lines, with their reasons (all are dead-lettered by the server). */
  rejectedLines: RejectedLine[];
  /** Files that could not be read (the others were still processed). */
  fileErrors: { file: string; message: string }[];
  /** Why the run stopped early on a server refusal (wrong token, batch too large...). */
  fatal?: string;
  /** Retries of requests (503, connection errors...). */
  retries: number;
}

export function batchLimits(o: FileIngestOptions) {
  const batchLines = o.batchLines ?? DEFAULT_BATCH_LINES;
  if (!Number.isInteger(batchLines) || batchLines < 1) throw new Error(`batch lines must be a whole number ≥ 1 (got ${batchLines})`);
  return { batchLines, batchBytes: o.batchBytes ?? DEFAULT_BATCH_BYTES };
}

/** Checkpoint stores, one per checkpoint file, shared by the files that use it. */
export class Checkpoints {
  private stores = new Map<string, CheckpointStore>();
  constructor(private readonly o: FileIngestOptions) {}

  async for(file: string): Promise<CheckpointStore> {
    const path = this.o.checkpoint ?? defaultCheckpointPath(file, this.o.dataDir);
    let store = this.stores.get(path);
    if (!store) {
      store = await new CheckpointStore(path).load();
      this.stores.set(path, store);
    }
    return store;
  }
}

export function makeProgress(o: FileIngestOptions, total: number | undefined, label: string): Progress | undefined {
  return o.progress === false ? undefined : new Progress(total, { label, ...(o.progress ?? {}) });
}

export function makeLogger(o: FileIngestOptions, progress: Progress | undefined): (message: string) => void {
  if (o.log) return o.log;
  if (progress) return (m) => progress.log(m);
  return (m) => process.stderr.write(m + '\n');
}

export function makeSender(o: FileIngestOptions, log: (m: string) => void): IngestSender {
  return new IngestSender({
    url: o.url,
    token: o.token,
    signal: o.signal,
    ...o.sender,
    onRetry: (info) => {
      log(`${info.reason}; retrying in ${(info.delayMs / 1000).toFixed(1)}s (attempt ${info.attempt + 1})`);
      o.sender?.onRetry?.(info);
    },
  });
}

export function countsExtra(c: IngestCounts): string {
  return `accepted ${c.accepted.toLocaleString('en-US')}  dup ${c.duplicates.toLocaleString('en-US')}  rejected ${c.rejected.toLocaleString('en-US')}`;
}
