/**
 * Tail: follows a live tracking.log and sends its lines as they are written.
 *
 * - A last line without its '\n' is held until the '\n' arrives.
 * - Rotation (the path now names another inode: renamed + recreated): the old file
 *   is read to its end first (its unfinished last line sent as is), then the new
 *   file is read from 0.
 * - Truncation (the file is shorter than what was read, or its first line changed):
 *   start again from 0.
 * - Resume from the checkpoint; if the checkpointed file was rotated away while we
 *   were stopped, it is looked up by inode next to the path (tracking.log.1, ...)
 *   and its rest is sent before the current file.
 */
import type { FileHandle } from 'node:fs/promises';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { emptyCounts, FileBatcher, type RejectedLine } from './batcher';
import { firstLineChanged, firstLineHashOf, resumePoint, type CheckpointStore } from './checkpoint';
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
import { LineSplitter } from './lineReader';
import { FatalSendError, SendAbortedError, sleep } from './sender';

export interface TailOptions extends FileIngestOptions {
  file: string;
  /** How often to look for new data, rotation and truncation when idle (default 250 ms). */
  pollMs?: number;
}

const READ_BYTES = 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

interface Open {
  fh: FileHandle;
  path: string;
  inode: number;
  /** Next byte to read. */
  pos: number;
  /** Size as last seen (for the checkpoint). */
  size: number;
  /** Size when truncation was last checked. */
  checkedSize: number;
  firstLineHash: string | null;
  splitter: LineSplitter;
}

class StopTail extends Error {}

export async function tail(options: TailOptions): Promise<IngestSummary> {
  const startedAt = Date.now();
  const abs = resolve(options.file);
  const limits = batchLimits(options);
  const counts = emptyCounts();
  const rejectedLines: RejectedLine[] = [];
  const progress = makeProgress(
    { ...options, progress: options.progress === false ? false : { plainIntervalMs: 60_000, ...(options.progress ?? {}) } },
    undefined,
    'tail',
  );
  const log = makeLogger(options, progress);
  const sender = makeSender(options, log);
  const store: CheckpointStore = await new Checkpoints(options).for(abs);
  const pollMs = options.pollMs ?? 250;
  const buf = Buffer.allocUnsafe(READ_BYTES);

  let batchesThisRun = 0;
  let bytesThisRun = 0;
  let interrupted = false;
  let fatal: string | undefined;
  const stopRequested = () =>
    Boolean(options.signal?.aborted) || (options.stopAfterBatches !== undefined && batchesThisRun >= options.stopAfterBatches);

  let cur: Open | undefined;
  let batcher: FileBatcher | undefined;

  const save = async (f: Open) => {
    await store.save({
      path: abs,
      inode: f.inode,
      size: f.size,
      gzip: false,
      firstLineHash: f.firstLineHash,
      offset: batcher!.acked.offset,
      lines: batcher!.acked.lines,
      complete: false,
    });
  };
  const flush = async (f: Open) => {
    const hadLines = batcher!.pendingLines > 0;
    if (await batcher!.flush()) await save(f);
    if (hadLines) {
      batchesThisRun++;
      options.onBatch?.({ file: f.path, offset: batcher!.acked.offset, counts: { ...counts } });
    }
  };
  const report = (force = false) =>
    progress?.update({ bytes: bytesThisRun, lines: counts.lines, extra: `${countsExtra(counts)}  ${cur ? `@${cur.pos}` : ''}` }, force);

  /** Truncated: forget the read position and read again from 0 (what was read before is sent first). */
  const startOver = async (f: Open, size: number, hash: string | null) => {
    log(`${options.file}: truncated (now ${size} bytes, had read ${f.pos}); reading again from the start`);
    await flush(f);
    f.pos = 0;
    f.splitter.reset(0);
    batcher!.restart(options.file, { offset: 0, lines: 0 });
    f.firstLineHash = hash;
    await save(f);
  };

  /** Reads what the file holds now, sending full batches; returns the bytes read. */
  const readAvailable = async (f: Open): Promise<number> => {
    let total = 0;
    for (;;) {
      const { bytesRead } = await f.fh.read(buf, 0, READ_BYTES, f.pos);
      if (bytesRead === 0) return total;
      if (f.pos > 0) {
        // Truncated and refilled past our position between the size check and this read
        // (copytruncate): these bytes do not follow what was read, so they are not used.
        const hash = await headHash(f.fh);
        if (firstLineChanged(f.firstLineHash, hash)) {
          await startOver(f, (await f.fh.stat()).size, hash);
          continue;
        }
      }
      f.pos += bytesRead;
      total += bytesRead;
      bytesThisRun += bytesRead;
      if (f.pos > f.size) f.size = f.pos;
      for (const line of f.splitter.push(buf.subarray(0, bytesRead))) {
        if (batcher!.add(line)) {
          await flush(f);
          if (stopRequested()) throw new StopTail();
        }
      }
      report();
      if (options.signal?.aborted) throw new StopTail();
    }
  };

  try {
    cur = await openWhenPresent(abs, pollMs, options.signal, log);
    if (!cur) {
      interrupted = true;
    } else {
      // Where to start.
      const cp = store.get(abs);
      let start = { offset: 0, lines: 0 };
      if (cp && !options.fromStart) {
        if (cp.inode === cur.inode) {
          const rp = resumePoint(cp, { inode: cur.inode, size: cur.size, gzip: false, firstLineHash: cur.firstLineHash });
          if (rp.restartReason) log(`${options.file}: checkpoint not used, ${rp.restartReason}; starting from the beginning`);
          else start = { offset: rp.offset, lines: rp.lines };
          if (start.offset > 0) log(`${options.file}: resuming at byte ${start.offset} (line ${start.lines + 1})`);
        } else {
          const old = await findRotated(abs, cp.inode, cp.offset, cp.firstLineHash);
          if (old) {
            log(`${options.file}: was rotated while stopped; finishing ${old.path} from byte ${cp.offset} first`);
            old.pos = cp.offset;
            old.splitter.reset(cp.offset);
            batcher = new FileBatcher(sender, limits, counts, rejectedLines, old.path, { offset: cp.offset, lines: cp.lines });
            try {
              await readAvailable(old);
              const last = old.splitter.flush();
              if (last) batcher.add(last);
              await flush(old);
            } finally {
              await old.fh.close();
            }
          } else {
            log(`${options.file}: the checkpointed file was replaced and not found nearby; starting the current file from the beginning`);
          }
        }
      }
      cur.pos = start.offset;
      cur.splitter.reset(start.offset);
      if (batcher) batcher.restart(options.file, start);
      else batcher = new FileBatcher(sender, limits, counts, rejectedLines, options.file, start);
      if (cp?.inode !== cur.inode || options.fromStart) await save(cur);
      report(true);

      for (;;) {
        // Truncated? Checked right before reading, so that new content is never read at an old offset:
        // shorter than what was read, or (refilled past it) a different first line.
        const st = await cur.fh.stat();
        if (st.size !== cur.checkedSize) {
          const hash = await headHash(cur.fh);
          const truncated = st.size < cur.pos || firstLineChanged(cur.firstLineHash, hash);
          cur.checkedSize = st.size;
          cur.size = st.size;
          if (truncated) await startOver(cur, st.size, hash);
          else cur.firstLineHash = hash ?? cur.firstLineHash;
        }

        const got = await readAvailable(cur);
        await flush(cur); // send what is there now: tail is about latency
        if (stopRequested()) throw new StopTail();

        const now = await stat(abs).catch(() => undefined);
        if (now && now.ino !== cur.inode) {
          // Rotated: finish the old file (its last line even without '\n'), then switch.
          await readAvailable(cur);
          const last = cur.splitter.flush();
          if (last) batcher.add(last);
          await flush(cur);
          const next = await openFile(abs).catch(() => undefined);
          if (next) {
            log(`${options.file}: rotated; finished the old file (${cur.pos} bytes), now reading the new one`);
            await cur.fh.close();
            cur = next;
            batcher.restart(options.file, { offset: 0, lines: 0 });
            await save(cur);
            continue;
          }
        }
        if (got === 0 && !(await sleep(pollMs, options.signal))) throw new StopTail();
      }
    }
  } catch (err) {
    if (err instanceof StopTail) {
      interrupted = true;
      // Lines read after the last full batch: send them before stopping (a partial line waits).
      if (cur && batcher && batcher.pendingLines > 0) {
        try {
          await flush(cur);
        } catch (e) {
          if (e instanceof FatalSendError) fatal = e.message;
          else if (!(e instanceof SendAbortedError)) throw e;
        }
      }
    } else if (err instanceof SendAbortedError) {
      interrupted = true;
      log(`${options.file}: ${err.message}; the unacknowledged batch will be sent again on resume`);
    } else if (err instanceof FatalSendError) {
      fatal = err.message;
    } else {
      throw err;
    }
  } finally {
    await cur?.fh.close().catch(() => undefined);
  }

  report(true);
  progress?.done();
  const elapsedMs = Date.now() - startedAt;
  return {
    ...counts,
    elapsedMs,
    rate: elapsedMs > 0 ? counts.lines / (elapsedMs / 1000) : 0,
    interrupted,
    rejectedLines,
    fileErrors: [],
    fatal,
    retries: sender.retries,
  };
}

async function headHash(fh: FileHandle): Promise<string | null> {
  const head = Buffer.alloc(HEAD_BYTES);
  const { bytesRead } = await fh.read(head, 0, HEAD_BYTES, 0);
  return firstLineHashOf(head.subarray(0, bytesRead));
}

async function openFile(path: string): Promise<Open> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    if (bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b) {
      throw new Error(`${path} is gzip-compressed: a live log is plain text (use \`lookout ingest backfill\` for .gz files)`);
    }
    return { fh, path, inode: st.ino, pos: 0, size: st.size, checkedSize: -1, firstLineHash: await headHash(fh), splitter: new LineSplitter(0) };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Opens the file, waiting (polling) while it does not exist yet; undefined if stopped meanwhile. */
async function openWhenPresent(path: string, pollMs: number, signal: AbortSignal | undefined, log: (m: string) => void) {
  let told = false;
  for (;;) {
    try {
      return await openFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (!told) log(`${path} does not exist yet; waiting for it`);
    told = true;
    if (!(await sleep(Math.max(pollMs, 100), signal))) return undefined;
  }
}

/** The rotated-away file with this inode next to `path` (tracking.log.1, tracking.log-2024...), if still there and plain. */
async function findRotated(path: string, inode: number, offset: number, firstLineHash: string | null): Promise<Open | undefined> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (name === base || !name.startsWith(base)) continue;
    const candidate = join(dir, name);
    const st = await stat(candidate).catch(() => undefined);
    if (!st || st.ino !== inode || st.size < offset) continue;
    const f = await openFile(candidate).catch(() => undefined);
    if (!f) continue;
    if (f.inode === inode && !firstLineChanged(firstLineHash, f.firstLineHash)) return f;
    await f.fh.close();
  }
  return undefined;
}
