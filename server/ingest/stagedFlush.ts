import { copyFile, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { forgetScratchDirs, ownScratchDirs, scratchDirFor } from './scratchSpace';
import type { Lake } from '../../lib/lake/client';
import { INGEST_SCRATCH_TABLE } from '../../lib/lake/unwrittenFiles';
import { ENGINE_PARSE_SETTINGS, engineParseQuery, PARALLEL_INSERT_SETTINGS, PARALLEL_VIEWS_SETTINGS } from '../../lib/events/engineParse';
import { parseTrackingLine } from '../../lib/events/parse';
import { EVENT_COLUMNS, eventToTsv } from '../../lib/lake/tsv';
import { queryRows } from '../../lib/lake/query';
import type { PreparedEvents } from './prepared';
import { BodyReader, type SplitBody } from './rawBody';
import { boundedRaw } from '../../lib/events/jsonDepth';
import { REJECTED_KEPT_PER_BODY } from './windowedParse';

/**
 * One flush through the engine (embedded lake): the bodies' bare-object lines go to a
 * scratch file as bytes, one INSERT … SELECT parses them (lib/events/engineParse.ts)
 * into a scratch table beside the rows parse.ts already made, the lines the
 * engine declines come back to parse.ts, and one query finds the duplicates (already
 * in the lake, or repeated in the flush: the first in queue and line order wins) before
 * one INSERT moves the rest into `events`. Nothing reaches `events` before that last
 * statement, so a failure anywhere leaves the lake as it was.
 */

export const ROWS_TABLE = INGEST_SCRATCH_TABLE;

/**
 * The lines wait for the engine in files (not chDB's inline insert data: the engine reads files
 * several times faster), in shared memory when it has room (scratchSpace.ts).
 */

/** One queued request: parsed events, and for a tracking body its lines for the engine. */
export interface StagedPart {
  events: PreparedEvents;
  /**
   * clean: the body goes to the engine as it came (isClean); worked out at the flush when absent.
   * staged: the scratch file it is already written to (stageBody).
   */
  raw?: { split: SplitBody; receivedAt: Date; clean?: boolean; staged?: Promise<string> };
}

export interface StagedPartResult {
  accepted: number;
  duplicates: number;
  /** Lines the engine declined and parse.ts refused: the first REJECTED_KEPT_PER_BODY (raw text bounded), and the count. */
  rejected: { line: number; reason: string; raw: string }[];
  rejectedCount: number;
}

export interface StagedFlushResult {
  parts: StagedPartResult[];
  written: number;
  changedCourses: string[];
}

let prepared: Promise<void> | undefined;
/** The scratch table is known to be empty (just created, or truncated after the last flush). */
let scratchEmpty = false;

/** Wall and process CPU milliseconds per step of the staged flush, summed over flushes (for bench/). */
export const flushProfile: Record<string, { wallMs: number; cpuMs: number; count: number }> = {};
let stepStarted = 0;
let stepCpu = 0;
/** Adds the time since the previous step to `label` ('start' only marks; 'between flushes' counts only after a flush). */
export function step(label: string): void {
  const now = performance.now();
  const { user, system } = process.cpuUsage();
  const cpu = (user + system) / 1000;
  if (label !== 'start' && (label !== 'between flushes' || stepStarted > 0)) {
    const p = (flushProfile[label] ??= { wallMs: 0, cpuMs: 0, count: 0 });
    p.count++;
    p.wallMs += now - stepStarted;
    p.cpuMs += cpu - stepCpu;
  }
  stepStarted = now;
  stepCpu = cpu;
}

/** Scratch tables, replaced at start so that a changed `events` schema is followed. */
function prepareScratch(lake: Lake): Promise<void> {
  prepared ??= (async () => {
    await lake.client.command({ query: `DROP TABLE IF EXISTS ${ROWS_TABLE}` });
    await lake.client.command({
      query: `CREATE TABLE ${ROWS_TABLE} ENGINE = Memory AS SELECT toUInt32(0) AS seq, toUInt8(0) AS ok, ${EVENT_COLUMNS.join(', ')} FROM events LIMIT 0`,
    });
    scratchEmpty = true;
  })().catch((err) => {
    prepared = undefined;
    throw err;
  });
  return prepared;
}

/**
 * The engine lines as LineAsString rows: a fixed-width prefix (seq, 10 digits; received
 * at, 13 digits of epoch ms) and the JSON text, copied from the body without decoding.
 */
const PREFIX = 23;
const STAGED_LINE = `toUInt32(substring(staged, 1, 10)) AS seq,
  fromUnixTimestamp64Milli(toInt64(substring(staged, 11, 13)), 'UTC') AS received_at,
  substring(staged, ${PREFIX + 1}) AS line`;

/**
 * A body whose every line is a bare object with nothing around it (the common case) goes to
 * the engine as it came, one file per body, without a copy: its `_row_number` gives the line
 * number, and its name the body's sequence base and receive time.
 */
const BODY_FILE = /^body-(\d+)-(\d+)\.txt$/;
const BODY_LINE = `toUInt32(toUInt32(splitByChar('-', _file)[2]) + _row_number + 1) AS seq,
  fromUnixTimestamp64Milli(toInt64(splitByChar('.', splitByChar('-', _file)[3])[1]), 'UTC') AS received_at,
  line`;

function isClean(split: SplitBody): boolean {
  const { lineNo, end, jsonEnd, count } = split.engineLines;
  if (count === 0 || split.otherLineNos.length > 0) return false;
  const endsWithNewline = split.source.lastByte === 0x0a;
  if (count !== split.lineCount - (endsWithNewline ? 1 : 0)) return false;
  for (let i = 0; i < count; i++) if (lineNo[i] !== i + 1 || jsonEnd[i] !== end[i]) return false;
  return true;
}

let staging = 0;

/**
 * Starts writing a clean body to the scratch folder when it is queued, while the engine is busy
 * with the flush before it or other bodies are still arriving: its flush then only renames it.
 */
export function stageBody(raw: NonNullable<StagedPart['raw']>): void {
  raw.clean ??= isClean(raw.split);
  if (!raw.clean || raw.staged) return;
  // A body streamed to a scratch file as it arrived (receiveBody.ts) is staged already.
  const { source } = raw.split;
  if (source.file) {
    raw.staged = Promise.resolve(source.file);
    return;
  }
  const file = join(scratchDirFor(source.size), `pending-${staging++}.txt`);
  raw.staged = writeFile(file, source.buffer!).then(
    () => file,
    async (err: unknown) => {
      await rm(file, { force: true }).catch(() => {});
      throw stagingError(file, err);
    },
  );
  raw.staged.catch(() => {}); // the flush awaits it and reports the failure
}

/**
 * The parse writes the scratch table in the blocks it reads: gathering them into one block first
 * (as an INSERT … SELECT does for a part of a table on disk) only copies them; the final INSERT
 * into `events` still gathers the flush's rows into one part.
 */
const UNSQUASHED = { min_insert_block_size_rows: '0', min_insert_block_size_bytes: '0' } as const;

/** Bytes of prefixed lines gathered before they are appended to the lines file. */
const LINES_WRITE_BYTES = 1024 * 1024;

/** Writes the engine lines of the bodies that are not clean to `file`, prefixed, a window at a time; false when there are none. */
async function writeLinesFile(file: string, parts: StagedPart[], bases: number[]): Promise<boolean> {
  if (!parts.some((part) => part.raw && !part.raw.clean && part.raw.split.engineLines.count > 0)) return false;
  const handle = await open(file, 'w');
  try {
    let out = Buffer.allocUnsafe(LINES_WRITE_BYTES);
    let at = 0;
    const drain = async () => {
      for (let done = 0; done < at; ) done += (await handle.write(out, done, at - done)).bytesWritten;
      at = 0;
    };
    for (let p = 0; p < parts.length; p++) {
      const raw = parts[p]!.raw;
      if (!raw || raw.clean) continue;
      const reader = new BodyReader(raw.split.source);
      try {
        const { lineNo, start, jsonEnd, count } = raw.split.engineLines;
        const ms = Buffer.from(String(raw.receivedAt.getTime()).padStart(13, '0'), 'latin1');
        for (let i = 0; i < count; i++) {
          const size = PREFIX + (jsonEnd[i]! - start[i]!) + 1;
          if (at + size > out.length) {
            await drain();
            if (size > out.length) out = Buffer.allocUnsafe(size);
          }
          let seq = bases[p]! + lineNo[i]!;
          for (let d = 9; d >= 0; d--) {
            out[at + d] = 48 + (seq % 10);
            seq = Math.floor(seq / 10);
          }
          at += 10;
          at += ms.copy(out, at);
          at += reader.bytes(start[i]!, jsonEnd[i]!).copy(out, at);
          out[at++] = 0x0a;
        }
      } finally {
        reader.close();
      }
    }
    await drain();
  } finally {
    await handle.close();
  }
  return true;
}

function findPart(bases: number[], seq: number): number {
  let lo = 0;
  let hi = bases.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bases[mid]! <= seq) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function findLine(lineNos: Int32Array, count: number, lineNo: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = lineNos[mid]!;
    if (v === lineNo) return mid;
    if (v < lineNo) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The duplicates among the scratch table's rows (already in the lake, or repeated in the flush:
 * the first in queue and line order wins), the courses of the rows that are not, and in the same
 * statement (each costs the lake a fixed time) the rows read and the lines the engine declined.
 */
function dedupeQuery(): string {
  return `SELECT count() AS n, arraySort(groupArrayIf(seq, ok = 0)) AS declined,
       groupArrayIf(seq, duplicate) AS duplicates, groupUniqArrayIf(course_id, ok = 1 AND NOT duplicate AND course_id != '') AS courses
     FROM (
       SELECT seq, ok, course_id,
         ok = 1 AND ((event_id, seq) NOT IN (SELECT event_id, min(seq) FROM ${ROWS_TABLE} WHERE ok = 1 GROUP BY event_id)
         OR event_id IN (
           SELECT event_id FROM events
           WHERE course_id IN (SELECT DISTINCT course_id FROM ${ROWS_TABLE} WHERE ok = 1)
             AND time BETWEEN (SELECT min(time) FROM ${ROWS_TABLE} WHERE ok = 1) AND (SELECT max(time) FROM ${ROWS_TABLE} WHERE ok = 1))) AS duplicate
       FROM ${ROWS_TABLE})`;
}

interface DedupeRow {
  n: string;
  declined: number[];
  duplicates: number[];
  courses: string[];
}

/** `beforeInsert`: called with the courses written just before the INSERT into `events` (the write journal); a throw stops the flush. */
export async function stagedFlush(lake: Lake, parts: StagedPart[], beforeInsert?: (courses: string[]) => void): Promise<StagedFlushResult> {
  if (lake.kind !== 'chdb') throw new Error('the staged flush needs the embedded lake');
  step('between flushes');
  await prepareScratch(lake);
  if (!scratchEmpty) await lake.client.command({ query: `TRUNCATE TABLE ${ROWS_TABLE}` });
  scratchEmpty = false;
  step('truncate');

  // Sequence numbers: queue order, then line order, so the first of two equal events wins.
  const bases: number[] = [];
  let next = 0;
  for (const part of parts) {
    bases.push(next);
    next += (part.raw ? part.raw.split.lineCount : part.events.ids.length) + 1;
  }
  if (next > 0xffffffff) throw new Error('flush too large');

  const results: StagedPartResult[] = parts.map((part) => ({
    accepted: part.events.ids.length + (part.raw?.split.engineLines.count ?? 0),
    duplicates: 0,
    rejected: [],
    rejectedCount: 0,
  }));

  // The rows parse.ts already made.
  const jsRows: string[] = [];
  parts.forEach((part, p) => {
    for (let i = 0; i < part.events.rows.length; i++) jsRows.push(`${bases[p]! + part.events.lineNos[i]!}\t1\t${part.events.rows[i]}`);
  });
  if (jsRows.length > 0) await lake.insertTsv(ROWS_TABLE, ['seq', 'ok', ...EVENT_COLUMNS], Buffer.from(jsRows.join('\n') + '\n'));
  step('parse.ts rows');

  for (const part of parts) if (part.raw) part.raw.clean ??= isClean(part.raw.split);
  const expected = parts.reduce((n, part) => n + (part.raw?.split.engineLines.count ?? 0), 0);
  if (expected > 0) {
    const sources: string[] = [];
    const writes: Promise<void>[] = [];
    let clean = 0;
    const staged = parts.reduce((n, part) => n + (part.raw?.split.source.size ?? 0), 0);
    const dir = scratchDirFor(staged);
    const file = join(dir, 'lines.txt');
    const lines = writeLinesFile(file, parts, bases).catch((err: unknown) => Promise.reject(stagingError(file, err)));
    writes.push(lines.then(() => {}));
    parts.forEach((part, p) => {
      if (!part.raw?.clean) return;
      const name = join(dir, `body-${bases[p]}-${part.raw.receivedAt.getTime()}.txt`);
      // A body staged in the other scratch place (shared memory was short, or had room again) is copied over.
      const move = (from: string) => (dirname(from) === dir ? rename(from, name) : copyFile(from, name).then(() => rm(from, { force: true })));
      const { source } = part.raw.split;
      const write = part.raw.staged ? part.raw.staged.then(move) : writeFile(name, source.buffer!);
      // Declined lines are read again from where the body now is.
      writes.push(write.then(() => void (source.file &&= name)).catch((err: unknown) => Promise.reject(stagingError(name, err))));
      clean++;
    });
    // All settled before a failure is reported, so that clearScratch finds every file this flush made.
    const failed = (await Promise.allSettled(writes)).find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
    if (await lines) sources.push(`SELECT ${STAGED_LINE} FROM file({file:String}, 'LineAsString', 'staged String')`);
    if (clean > 0) sources.push(`SELECT ${BODY_LINE} FROM file({bodies:String}, 'LineAsString')`);
    step('stage lines');
    await lake.client.command({
      query: `INSERT INTO ${ROWS_TABLE} (seq, ok, ${EVENT_COLUMNS.join(', ')})
              SELECT seq, fast_ok, ${EVENT_COLUMNS.join(', ')}
              FROM (${engineParseQuery(`(${sources.join(' UNION ALL ')})`)})`,
      query_params: { file, bodies: join(dir, 'body-*.txt') },
      clickhouse_settings: { ...ENGINE_PARSE_SETTINGS, ...PARALLEL_INSERT_SETTINGS, ...UNSQUASHED },
    });
    step('engine parse');
  }

  let [dedupe] = await queryRows<DedupeRow>(lake, dedupeQuery());
  if (Number(dedupe!.n) !== expected + jsRows.length) throw new Error(`the engine read ${Number(dedupe!.n) - jsRows.length} of ${expected} lines`);
  step('dedupe');
  // The lines the engine declined: parse.ts decides; then the duplicates again, with the rows it made.
  const declinedRows: string[] = [];
  // Declined lines come in sequence order: each body is read a window at a time.
  const readers = new Map<number, BodyReader>();
  try {
    for (const s of dedupe!.declined) {
      const seq = Number(s);
      const p = findPart(bases, seq);
      const raw = parts[p]!.raw!;
      const { lineNo, start, end, count } = raw.split.engineLines;
      const i = findLine(lineNo, count, seq - bases[p]!);
      let reader = readers.get(p);
      if (!reader) readers.set(p, (reader = new BodyReader(raw.split.source)));
      const line = reader.bytes(start[i]!, end[i]!).toString('utf8');
      const parsed = parseTrackingLine(line, raw.receivedAt);
      if (parsed.ok) {
        declinedRows.push(`${seq}\t1\t${eventToTsv(parsed.event)}`);
      } else {
        const result = results[p]!;
        result.accepted--;
        if (result.rejectedCount++ < REJECTED_KEPT_PER_BODY) result.rejected.push({ line: lineNo[i]!, reason: parsed.reason, raw: boundedRaw(line) });
      }
    }
  } finally {
    for (const reader of readers.values()) reader.close();
  }
  if (declinedRows.length > 0) {
    await lake.insertTsv(ROWS_TABLE, ['seq', 'ok', ...EVENT_COLUMNS], Buffer.from(declinedRows.join('\n') + '\n'));
    [dedupe] = await queryRows<DedupeRow>(lake, dedupeQuery());
  }
  step('declined lines');

  const duplicates = dedupe!.duplicates.map(Number);
  for (const seq of duplicates) {
    const result = results[findPart(bases, seq)]!;
    result.accepted--;
    result.duplicates++;
  }
  const written = results.reduce((n, r) => n + r.accepted, 0);
  if (written === 0) return { parts: results, written, changedCourses: [] };

  const cols = EVENT_COLUMNS.join(', ');
  const fresh = `ok = 1 AND seq NOT IN {duplicates:Array(UInt32)}`;
  beforeInsert?.(dedupe!.courses);
  await lake.client.command({
    query: `INSERT INTO events (${cols}) SELECT ${cols} FROM ${ROWS_TABLE} WHERE ${fresh}`,
    query_params: { duplicates },
    clickhouse_settings: { ...PARALLEL_INSERT_SETTINGS, ...PARALLEL_VIEWS_SETTINGS },
  });
  step('insert events');
  return { parts: results, written, changedCourses: dedupe!.courses };
}

/** Says where a staged body could not be written (shared memory or the data directory). */
function stagingError(file: string, err: unknown): Error {
  return new Error(`staging the body in ${dirname(file)} failed: ${(err as Error).message}`);
}

/** Removes this process's scratch folders (at shutdown, once nothing is queued). */
export async function removeScratchDir(): Promise<void> {
  const dirs = ownScratchDirs();
  forgetScratchDirs();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }).catch(() => {})));
}

/**
 * Frees the scratch table's memory and files after a flush (best effort). After a failed flush the
 * table is made again only when it cannot be emptied: a failure is often a full disk, where a
 * CREATE TABLE can leave an empty definition behind (lib/lake/unwrittenFiles.ts).
 */
export async function clearScratch(lake: Lake, failed = false): Promise<void> {
  scratchEmpty = false;
  await lake.client.command({ query: `TRUNCATE TABLE ${ROWS_TABLE}` }).then(
    () => (scratchEmpty = true),
    () => {
      if (failed) prepared = undefined;
    },
  );
  for (const dir of ownScratchDirs()) {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n === 'lines.txt' || BODY_FILE.test(n)).map((n) => rm(join(dir, n), { force: true }).catch(() => {})));
  }
}
