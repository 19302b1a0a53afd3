import type { IncomingMessage } from 'node:http';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readBodyChunks } from '../http/respond';
import { LineSplitter, type SplitBody } from './rawBody';
import { scratchDirFor } from './scratchSpace';
import { LakeUnavailableError } from './writer';

/**
 * Bytes of a body held in memory before it goes to a scratch file: small (live) bodies stay in
 * memory; a larger one is written to the file as its chunks arrive, never gathered whole.
 */
export const SPILL_BYTES = 1024 * 1024;

/** The most body bytes one request held in memory while being received (for tests). */
export const receiveStats = { peakHeldBytes: 0 };

let receiving = 0;

/**
 * Reads a tracking body, split into lines as it arrives (LineSplitter), into memory or, past
 * SPILL_BYTES, into a scratch file (removeBody when done with it). A body past the caps is
 * refused (413) as soon as the reading gets there, and leaves no file behind.
 */
export async function receiveBody(req: IncomingMessage, limit: number, maxLines: number): Promise<SplitBody> {
  const splitter = new LineSplitter();
  let held: Buffer[] = [];
  let heldBytes = 0;
  let file: string | undefined;
  let handle: FileHandle | undefined;
  try {
    await readBodyChunks(req, limit, maxLines, async (chunk) => {
      splitter.push(chunk);
      if (handle) {
        receiveStats.peakHeldBytes = Math.max(receiveStats.peakHeldBytes, chunk.length);
        await writeAll(handle, chunk, file!);
        return;
      }
      held.push(chunk);
      heldBytes += chunk.length;
      receiveStats.peakHeldBytes = Math.max(receiveStats.peakHeldBytes, heldBytes);
      if (heldBytes <= SPILL_BYTES) return;
      // A body that does not say its inflated size may reach the cap: room for that is asked.
      const declared = req.headers['content-encoding'] ? limit : Number(req.headers['content-length'] ?? limit);
      file = join(scratchDirFor(declared), `incoming-${process.pid}-${receiving++}.txt`);
      const opened = await open(file, 'w').catch((err: unknown) => Promise.reject(stagingError(file!, err)));
      handle = opened;
      const first = Buffer.concat(held);
      held = [];
      heldBytes = 0;
      await writeAll(opened, first, file);
    });
    if (handle) {
      await handle.close();
      handle = undefined;
      return splitter.finish({ file });
    }
    return splitter.finish({ buffer: held.length === 1 ? held[0]! : Buffer.concat(held) });
  } catch (err) {
    await handle?.close().catch(() => {});
    if (file) await rm(file, { force: true }).catch(() => {});
    throw err;
  }
}

async function writeAll(handle: FileHandle, chunk: Buffer, file: string): Promise<void> {
  try {
    let at = 0;
    while (at < chunk.length) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
  } catch (err) {
    throw stagingError(file, err);
  }
}

/** Nothing of the body is stored yet: a 503 that says where staging failed (shared memory or the data directory). */
function stagingError(file: string, err: unknown): LakeUnavailableError {
  return new LakeUnavailableError(`staging the body in ${dirname(file)} failed: ${(err as Error).message}`);
}

/** Removes the scratch file a received body was streamed to, if any (the flush may have moved it already). */
export async function removeBody(file: string | undefined): Promise<void> {
  if (file) await rm(file, { force: true }).catch(() => {});
}
