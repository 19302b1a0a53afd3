/**
 * Checkpoints of file ingestion: per file, the byte offset just after the last line
 * the server acknowledged, plus the file's identity (inode, size, hash of its first
 * line) so that a replaced or truncated file is not resumed at a wrong offset.
 *
 * A checkpoint file holds the entries of one or more files (keyed by absolute path)
 * and is always written atomically: temp file, fsync, rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { isGzipFile } from './lineReader';

export interface FileIdentity {
  inode: number;
  /** Size of the file on disk (compressed size for gzip). */
  size: number;
  gzip: boolean;
  /** sha256 (32 hex) of the first line including its '\n'; null while the file has no complete first line in its first 64 KiB. */
  firstLineHash: string | null;
}

export interface FileCheckpoint extends FileIdentity {
  path: string;
  /** Decompressed byte offset after the last acknowledged line. */
  offset: number;
  /** Lines (blank ones included) before `offset`, for line numbers in messages. */
  lines: number;
  /** The whole file was read and acknowledged. */
  complete: boolean;
  updatedAt: string;
}

interface CheckpointFile {
  version: 1;
  files: Record<string, FileCheckpoint>;
}

const HEAD_BYTES = 64 * 1024;

/** Hash of the first line of some bytes (from offset 0), or null if they hold no complete first line. */
export function firstLineHashOf(head: Buffer): string | null {
  const nl = head.indexOf(0x0a);
  if (nl === -1) return null;
  return createHash('sha256').update(head.subarray(0, nl + 1)).digest('hex').slice(0, 32);
}

/** The first up-to-64 KiB of the file's content (decompressed for gzip). */
export async function readHead(path: string, gzip: boolean): Promise<Buffer> {
  if (!gzip) {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const gunzip = createGunzip();
  raw.pipe(gunzip);
  raw.on('error', (err) => gunzip.destroy(err));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= HEAD_BYTES || chunk.includes(0x0a)) break;
    }
  } catch {
    // a damaged or unfinished gzip: identify it by what could be read
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

export async function fileIdentity(path: string): Promise<FileIdentity> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`${path} is not a regular file`);
  const gzip = st.size >= 2 && (await isGzipFile(path));
  return { inode: st.ino, size: st.size, gzip, firstLineHash: firstLineHashOf(await readHead(path, gzip)) };
}

/** Two first-line hashes disagree (an unknown hash, null, is only a mismatch when the other was known before). */
export function firstLineChanged(before: string | null, now: string | null): boolean {
  return before !== null && before !== now;
}

export interface ResumePoint {
  offset: number;
  lines: number;
  /** Why the checkpoint was not used, when one existed. */
  restartReason?: string;
  /** The checkpoint says the same file was already fully sent. */
  complete: boolean;
}

/** Where to resume a file given its checkpoint (if any) and what the file is now. */
export function resumePoint(cp: FileCheckpoint | undefined, now: FileIdentity): ResumePoint {
  const restart = (restartReason: string): ResumePoint => ({ offset: 0, lines: 0, restartReason, complete: false });
  if (!cp) return { offset: 0, lines: 0, complete: false };
  if (cp.inode !== now.inode) return restart('the file was replaced (inode changed)');
  if (cp.gzip !== now.gzip) return restart('the file was replaced (compression changed)');
  if (firstLineChanged(cp.firstLineHash, now.firstLineHash)) return restart('the file was replaced (first line changed)');
  if (now.gzip) {
    if (now.size !== cp.size) return restart('the compressed file changed size');
  } else if (now.size < cp.offset) {
    return restart(`the file shrank below the checkpoint (${now.size} < ${cp.offset} bytes): truncated`);
  }
  const complete = cp.complete && now.size === cp.size;
  return { offset: cp.offset, lines: cp.lines, complete };
}

/** `${dataDir}/checkpoints/<sha256 of the absolute path>.json`. */
export function defaultCheckpointPath(file: string, dataDir = process.env.LOOKOUT_DATA_DIR || './data'): string {
  const abs = resolve(file);
  return resolve(dataDir, 'checkpoints', `${createHash('sha256').update(abs).digest('hex')}.json`);
}

/** One checkpoint file; entries keyed by absolute file path. */
export class CheckpointStore {
  private data: CheckpointFile = { version: 1, files: {} };
  private loaded = false;

  constructor(readonly file: string) {}

  async load(): Promise<this> {
    if (this.loaded) return this;
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new Error(`checkpoint ${this.file} is not valid JSON (${(err as Error).message}): delete it or pass --from-start`);
      }
      const p = parsed as Partial<CheckpointFile> | null;
      if (!p || p.version !== 1 || typeof p.files !== 'object' || p.files === null) {
        throw new Error(`checkpoint ${this.file} has an unknown format: delete it or pass --from-start`);
      }
      this.data = { version: 1, files: p.files };
    }
    this.loaded = true;
    return this;
  }

  get(path: string): FileCheckpoint | undefined {
    const entry = this.data.files[resolve(path)];
    return entry && typeof entry.offset === 'number' && typeof entry.inode === 'number' ? entry : undefined;
  }

  async save(entry: Omit<FileCheckpoint, 'updatedAt' | 'path'> & { path: string }): Promise<void> {
    const abs = resolve(entry.path);
    this.data.files[abs] = { ...entry, path: abs, updatedAt: new Date().toISOString() };
    await writeAtomic(this.file, JSON.stringify(this.data, null, 2) + '\n');
  }
}

/** Writes a file so that readers see the old or the new content, never a mix: temp file, fsync, rename. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.${process.pid}.tmp`);
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
