import { existsSync, mkdirSync, mkdtempSync, statfsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where staged bodies wait for the engine (stagedFlush.ts): shared memory (/dev/shm) when it has
 * room for them, else a folder in the data directory (Docker gives containers a 64 MiB /dev/shm).
 * Each process stages in its own folder, named with its pid, so that a later start can tell the
 * folders of crashed processes (removed) from those of live ones (left alone).
 */

const PREFIX = 'lookout-ingest-';
const SHARED = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
/** Room left in shared memory beyond what a flush stages (other processes use it too). */
const MARGIN_BYTES = 64 * 1024 * 1024;

let fallbackBase: string | undefined;
const created = new Map<string, string>();

/** The data directory's scratch folder, used when shared memory is short. */
export function setScratchFallback(dataDir: string): void {
  fallbackBase = join(resolve(dataDir), 'scratch');
}

function ownDir(base: string): string {
  let dir = created.get(base);
  if (!dir) {
    mkdirSync(base, { recursive: true });
    dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
    created.set(base, dir);
  }
  return dir;
}

function freeBytes(path: string): number {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  } catch {
    return 0;
  }
}

/** This process's scratch folder for `bytes` of staged lines: shared memory when they fit with room to spare. */
export function scratchDirFor(bytes: number): string {
  if (!fallbackBase || freeBytes(SHARED) >= bytes + MARGIN_BYTES) return ownDir(SHARED);
  return ownDir(fallbackBase);
}

/** Every scratch folder this process made. */
export function ownScratchDirs(): string[] {
  return [...created.values()];
}

export function forgetScratchDirs(): void {
  created.clear();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the scratch folders crashed processes left behind: those of pids no longer running,
 * and unnamed ones (older releases) not touched for an hour. Returns the folders removed.
 */
export async function removeLeftoverScratch(): Promise<string[]> {
  const removed: string[] = [];
  for (const base of [SHARED, fallbackBase]) {
    if (!base) continue;
    const names = await readdir(base).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(PREFIX)) continue;
      const dir = join(base, name);
      const pid = /^lookout-ingest-(\d+)-/.exec(name)?.[1];
      const stale = pid ? Number(pid) !== process.pid && !alive(Number(pid)) : Date.now() - (await stat(dir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs > 3_600_000;
      if (!stale) continue;
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      removed.push(dir);
    }
  }
  return removed;
}
