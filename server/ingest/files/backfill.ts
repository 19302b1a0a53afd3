/**
 * Backfill: sends whole tracking.log files (plain or gzip, detected by magic bytes)
 * to a running server, batch by batch, resuming each file from its checkpoint.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { emptyCounts, FileBatcher, type RejectedLine } from './batcher';
import { fileIdentity, resumePoint, type FileIdentity, type ResumePoint } from './checkpoint';
import {
  batchLimits,
  Checkpoints,
  countsExtra,
  makeLogger,
  makeProgress,
  makeSender,
  type FileIngestOptions,
  type IngestSummary,
} from './common';
import { fileLines } from './lineReader';
import { FatalSendError, SendAbortedError } from './sender';

export interface BackfillOptions extends FileIngestOptions {
  files: string[];
}

export async function backfill(options: BackfillOptions): Promise<IngestSummary> {
  const startedAt = Date.now();
  const limits = batchLimits(options);
  const counts = emptyCounts();
  const rejectedLines: RejectedLine[] = [];
  const fileErrors: IngestSummary['fileErrors'] = [];
  const checkpoints = new Checkpoints(options);

  // Sizes up front, for the progress total.
  const sizes = new Map<string, number>();
  for (const f of options.files) {
    const s = await stat(f).catch(() => undefined);
    sizes.set(resolve(f), s?.size ?? 0);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const progress = makeProgress(options, total, 'backfill');
  const log = makeLogger(options, progress);
  const sender = makeSender(options, log);

  let batchesThisRun = 0;
  let interrupted = false;
  let fatal: string | undefined;
  let bytesBefore = 0;
  const shouldStop = () =>
    Boolean(options.signal?.aborted) || (options.stopAfterBatches !== undefined && batchesThisRun >= options.stopAfterBatches);

  for (const file of options.files) {
    const abs = resolve(file);
    const size = sizes.get(abs) ?? 0;
    if (shouldStop()) {
      interrupted = true;
      break;
    }
    let id: FileIdentity;
    try {
      id = await fileIdentity(abs);
    } catch (err) {
      fileErrors.push({ file, message: (err as Error).message });
      log(`${file}: cannot read: ${(err as Error).message}`);
      bytesBefore += size;
      continue;
    }
    const store = await checkpoints.for(abs);
    const cp = store.get(abs);
    const rp: ResumePoint = options.fromStart ? { offset: 0, lines: 0, complete: false } : resumePoint(cp, id);
    if (rp.restartReason) log(`${file}: checkpoint not used, ${rp.restartReason}; starting from the beginning`);
    if (rp.complete) {
      log(`${file}: already sent completely (per its checkpoint); skipping (--from-start sends it again)`);
      bytesBefore += size;
      continue;
    }
    if (rp.offset > 0) log(`${file}: resuming at byte ${rp.offset} (line ${rp.lines + 1})`);

    const batcher = new FileBatcher(sender, limits, counts, rejectedLines, file, rp);
    const save = (complete: boolean) =>
      store.save({ path: abs, ...id, offset: batcher.acked.offset, lines: batcher.acked.lines, complete });
    const flush = async () => {
      const hadLines = batcher.pendingLines > 0;
      if (await batcher.flush()) await save(false);
      if (hadLines) {
        batchesThisRun++;
        options.onBatch?.({ file, offset: batcher.acked.offset, counts: { ...counts } });
      }
    };
    const reader = fileLines(abs, { start: rp.offset, gzip: id.gzip });
    const report = (force = false) =>
      progress?.update({ bytes: bytesBefore + reader.fileBytesRead(), lines: counts.lines, extra: countsExtra(counts) }, force);
    report();
    let stopped = false;
    try {
      outer: for await (const chunk of reader.lines) {
        for (const line of chunk) {
          if (batcher.add(line)) {
            await flush();
            if (shouldStop()) {
              stopped = true;
              break outer;
            }
          }
        }
        if (options.signal?.aborted) {
          // Stop soon: send what was read of the current batch, then stop.
          await flush();
          stopped = true;
          break;
        }
        report();
      }
      if (!stopped) {
        await flush();
        await save(true);
      }
    } catch (err) {
      if (err instanceof SendAbortedError) {
        interrupted = true;
        log(`${file}: ${err.message}; the unacknowledged batch will be sent again on resume`);
        break;
      }
      if (err instanceof FatalSendError) {
        fatal = err.message;
        break;
      }
      // A read error (e.g. a damaged gzip): keep what was read up to there, go on with the next file.
      try {
        await flush();
      } catch {
        // reported below through the file error; the checkpoint stays at the last acknowledged batch
      }
      const at = `line ${batcher.linesRead + 1}`;
      fileErrors.push({ file, message: `${(err as Error).message} (at ${at})` });
      log(`${file}: read error at ${at}: ${(err as Error).message}`);
    }
    report(true);
    if (stopped) {
      interrupted = true;
      break;
    }
    bytesBefore += size;
  }

  progress?.done();
  const elapsedMs = Date.now() - startedAt;
  return {
    ...counts,
    elapsedMs,
    rate: elapsedMs > 0 ? counts.lines / (elapsedMs / 1000) : 0,
    interrupted,
    rejectedLines,
    fileErrors,
    fatal,
    retries: sender.retries,
  };
}
