import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import type { Bus } from '../../lib/bus';
import { COURSES_CHANGED, type CoursesChanged } from '../../lib/bus';
import type { LakeEvent } from '../../lib/events/types';
import { formatLakeTime } from '../../lib/lake/time';
import { EVENT_COLUMNS } from '../../lib/lake/tsv';
import { log } from '../../lib/log';
import { ingestEvents, ingestFlushSeconds, ingestWriteFailures, lakeWritable, unrepairedCourses } from '../../lib/telemetry';
import { prepareEvents, type PreparedEvents } from './prepared';
import { rebuildDerived, WriteJournal } from './derivedRepair';
import type { SplitBody } from './rawBody';
import { clearScratch, flushProfile, removeScratchDir, stageBody, stagedFlush, step, type StagedPart } from './stagedFlush';

export interface RejectedRow {
  source: string;
  reason: string;
  raw: string;
}

export interface WriteResult {
  accepted: number;
  duplicates: number;
}

/** A tracking body's write: its lines the engine declined and parse.ts refused come back here. */
export interface RawWriteResult extends WriteResult {
  /** The first REJECTED_KEPT_PER_BODY lines the engine declined and parse.ts refused. */
  rejected: { line: number; reason: string }[];
  rejectedCount?: number;
}

/**
 * The lake refused the write: nothing of the batch was acknowledged; retry later. `mayBeStored`:
 * the failure came once the INSERT into `events` had begun, so part of the batch may be stored
 * (a retry stores each event once, and the write journal has its derived rows rebuilt).
 */
export class LakeUnavailableError extends Error {
  constructor(
    message: string,
    readonly mayBeStored = false,
  ) {
    super(message);
  }
}
/** What a 503 tells the client about a failed write of its `body` ('body', 'request'). */
export function unavailableAdvice(err: BackpressureError | LakeUnavailableError, what: string): string {
  return err instanceof LakeUnavailableError && err.mayBeStored
    ? `${err.message}; part of this ${what} may have been stored: retry it (a retry stores each event once)`
    : `${err.message}; nothing in this ${what} was stored, retry it`;
}

/** Too much is waiting to be written, or the server is shutting down: retry later. */
export class BackpressureError extends Error {}

interface Pending {
  queuedAt: number;
  events: PreparedEvents;
  raw?: StagedPart['raw'];
  rejected: RejectedRow[];
  resolve: (r: RawWriteResult) => void;
  reject: (e: Error) => void;
}

export interface IngestWriterOptions {
  /** How long the first waiting request may wait for company before a flush. */
  flushMs: number;
  /** Rows per INSERT; a request larger than this still goes in one flush. */
  maxBatchRows?: number;
  /** Rows waiting beyond which new requests are refused with BackpressureError. */
  maxPendingRows?: number;
  /** How long at most a due flush of large bodies waits for others still arriving (see expectBody). */
  holdMs?: number;
  /** Folder of the write journal (derivedRepair.ts); without it, no journal and no repair. */
  journalDir?: string;
  /** How often a failed write's derived rows are tried again while they could not be rebuilt. */
  repairRetryMs?: number;
}

/**
 * Groups the events of concurrent requests into one INSERT, one flush at a time,
 * so that the dedupe check and the write are atomic within this process.
 * A request's promise settles only after its rows are in the lake.
 */
export class IngestWriter {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** No small flush starts before this (epoch ms): see FLUSH_SPACING. */
  private nextFlushAt = 0;
  private closed = false;
  /** Large bodies being received or parsed, not yet queued. */
  private arriving = 0;
  /** Bodies in the last flush when they were all large (see schedule), else 0. */
  private lastFlushBodies = 0;
  private readonly maxBatchRows: number;
  private readonly maxPendingRows: number;
  private readonly holdMs: number;
  readonly stats = { batches: 0, accepted: 0, duplicates: 0, rejected: 0, failures: 0, repairs: 0 };
  /** The last write's outcome (health): when, and the error when it failed. */
  lastWrite: { at: number; ok: boolean; error?: string } | undefined;
  /** The last rebuild of derived rows that failed (health), cleared by one that succeeds. */
  lastRepairError: string | undefined;
  private readonly journal: WriteJournal | undefined;
  private repairTimer: NodeJS.Timeout | undefined;
  private nextRepairAt = 0;

  constructor(
    private lake: Lake,
    private bus: Bus,
    private options: IngestWriterOptions,
  ) {
    this.maxBatchRows = options.maxBatchRows ?? 50_000;
    this.maxPendingRows = options.maxPendingRows ?? 500_000;
    this.holdMs = options.holdMs ?? Math.max(250, 10 * options.flushMs);
    this.journal = options.journalDir ? new WriteJournal(options.journalDir) : undefined;
  }

  /** Courses whose derived tables wait for a rebuild (a write failed or was interrupted). */
  get unrepairedCourses(): string[] {
    return [...(this.journal?.unrepaired ?? [])];
  }

  /**
   * Rebuilds now the derived rows of the courses the journal holds (at start: writes a crash
   * interrupted), in turn with the flushes. False when some could not be rebuilt (tried again later).
   */
  async repair(): Promise<boolean> {
    this.nextRepairAt = 0;
    while (this.flushing) await this.flushing;
    await this.flush();
    return this.unrepairedCourses.length === 0;
  }

  private get repairDue(): boolean {
    return (this.journal?.unrepaired.size ?? 0) > 0 && Date.now() >= this.nextRepairAt;
  }

  private async runRepair(): Promise<void> {
    const courses = this.unrepairedCourses;
    try {
      await rebuildDerived(this.lake, courses);
      this.journal!.repaired(courses);
      unrepairedCourses.set(this.unrepairedCourses.length);
      this.stats.repairs++;
      this.lastRepairError = undefined;
      log.warn({ courses }, 'derived tables rebuilt from events after an interrupted write');
      this.announce(new Set(courses));
    } catch (err) {
      this.lastRepairError = (err as Error).message;
      this.nextRepairAt = Date.now() + (this.options.repairRetryMs ?? 30_000);
      log.error({ err, courses }, 'rebuilding derived tables failed; will try again');
      this.scheduleRepair();
    }
  }

  private scheduleRepair(): void {
    if (this.repairTimer || this.closed) return;
    const wait = Math.max(0, this.nextRepairAt - Date.now());
    this.repairTimer = setTimeout(() => {
      this.repairTimer = undefined;
      void this.repair();
    }, wait);
    this.repairTimer.unref();
  }

  /** Records a write's outcome for health and metrics. */
  wrote(outcome: NonNullable<IngestWriter['lastWrite']>, accepted = 0, duplicates = 0, rejected = 0): void {
    if (outcome.ok && accepted === 0 && rejected === 0 && duplicates > 0) {
      // Only duplicates: nothing reached the disk, so this says nothing of whether the lake takes writes.
      ingestEvents.inc({ outcome: 'duplicate' }, duplicates);
      return;
    }
    // The lake takes writes again (a disk freed): rebuild what the failures left at once, not at the next retry.
    if (outcome.ok && this.lastWrite?.ok === false && this.nextRepairAt > Date.now()) {
      this.nextRepairAt = 0;
      clearTimeout(this.repairTimer);
      this.repairTimer = undefined;
      this.scheduleRepair();
    }
    this.lastWrite = outcome;
    lakeWritable.set(outcome.ok ? 1 : 0);
    if (accepted) ingestEvents.inc({ outcome: 'accepted' }, accepted);
    if (duplicates) ingestEvents.inc({ outcome: 'duplicate' }, duplicates);
    if (rejected) ingestEvents.inc({ outcome: 'rejected' }, rejected);
  }

  /** A body could not be staged as it arrived (receiveBody.ts; nothing of it was stored): a failed write, logged with its cause. */
  stagingFailed(err: Error): void {
    this.stats.failures++;
    ingestWriteFailures.inc();
    this.wrote({ at: Date.now(), ok: false, error: err.message });
    log.error({ err }, 'lake write failed: staging the body');
  }

  /** A write failed: log it with its cause, count it, and when it may have stored rows, rebuild their derived rows. */
  private writeFailed(err: unknown, began: Set<string> | undefined, batch: Pending[]): void {
    this.stats.failures++;
    ingestWriteFailures.inc();
    const message = (err as Error).message;
    this.wrote({ at: Date.now(), ok: false, error: message });
    const mayBeStored = began !== undefined;
    log.error({ err, bodies: batch.length, mayBeStored }, 'lake write failed');
    if (began) {
      this.journal?.failed(began);
      unrepairedCourses.set(this.unrepairedCourses.length);
      this.scheduleRepair();
    }
    const error = new LakeUnavailableError(`lake write failed: ${message}`, mayBeStored);
    for (const p of batch) p.reject(error);
  }

  /**
   * A large body is on its way (being received or parsed): a due flush of large bodies waits for
   * it (at most holdMs after the first queued request), so that concurrent clients' bodies share
   * one engine INSERT — fewer, larger parts: less per-flush work and fewer background merges.
   * Call the returned function when the body is queued or given up; it is safe to call twice.
   */
  expectBody(): () => void {
    this.arriving++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.arriving--;
      if (this.arriving === 0 && !this.flushing) this.schedule();
    };
  }

  /** Events parsed on this thread (xAPI, the demo seed). */
  writeEvents(events: LakeEvent[], rejected: RejectedRow[] = []): Promise<WriteResult> {
    return this.write(prepareEvents(events), rejected);
  }

  write(events: PreparedEvents, rejected: RejectedRow[] = []): Promise<WriteResult> {
    return this.enqueue(events, undefined, rejected);
  }

  /**
   * True when tracking bodies can go to writeRaw: the embedded engine parses their
   * bare-object lines itself (stagedFlush.ts).
   */
  get takesRawBodies(): boolean {
    return this.lake.kind === 'chdb';
  }

  /** A tracking body: its bare-object lines for the engine, the rest already parsed by parse.ts. */
  writeRaw(split: SplitBody, receivedAt: Date, events: PreparedEvents, rejected: RejectedRow[] = []): Promise<RawWriteResult> {
    return this.enqueue(events, { split, receivedAt }, rejected);
  }

  private enqueue(events: PreparedEvents, raw: StagedPart['raw'], rejected: RejectedRow[]): Promise<RawWriteResult> {
    if (this.closed) return Promise.reject(new BackpressureError('shutting down'));
    if (this.queuedRows > this.maxPendingRows) {
      return Promise.reject(new BackpressureError(`ingest queue full (${this.queuedRows} rows waiting)`));
    }
    const rawLines = raw?.split.engineLines.count ?? 0;
    if (events.ids.length === 0 && rawLines === 0 && rejected.length === 0) {
      return Promise.resolve({ accepted: 0, duplicates: 0, rejected: [] });
    }
    if (raw && this.takesRawBodies) stageBody(raw);
    return new Promise((resolve, reject) => {
      this.queue.push({ queuedAt: performance.now(), events, raw, rejected, resolve, reject });
      this.queuedRows += events.ids.length + rawLines + rejected.length;
      this.schedule();
    });
  }

  /** Stops taking writes and waits until everything queued is written. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.flushing) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await (this.flushing ?? this.flush());
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.repairTimer);
    this.repairTimer = undefined;
    if (this.takesRawBodies) await removeScratchDir();
    // For bench/ingest.ts: where the flushes spent their time.
    if (process.env.LOOKOUT_INGEST_PROFILE_FILE) writeFileSync(process.env.LOOKOUT_INGEST_PROFILE_FILE, JSON.stringify(flushProfile));
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush reschedules when done
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const waited = performance.now() - this.queue[0]!.queuedAt;
    // Small flushes are spaced while writes are slow (see FLUSH_SPACING); backlogs are not held.
    const paced = this.queuedRows < PACED_BELOW_ROWS ? this.nextFlushAt - Date.now() : 0;
    const due = Math.max(this.options.flushMs - waited, paced);
    // Only large bodies wait for company: a small (live) one never waits beyond flushMs for them.
    // Company is a large body already arriving, or as many large bodies as the last flush had: clients
    // that each wait for their answer send their next bodies together, a few milliseconds apart.
    const large = this.queue.every((p) => p.raw);
    const company = this.arriving > 0 || this.queue.length < this.lastFlushBodies;
    const hold = company && waited < this.holdMs && large;
    // Large bodies with all the company expected have nothing to wait for.
    const complete = large && !company && this.lastFlushBodies > 0;
    if (this.queuedRows >= this.maxBatchRows || complete || (due <= 0 && !hold)) {
      void this.flush();
      return;
    }
    // Not due yet, or due with large bodies still arriving: their expectBody() callbacks
    // reschedule; the timer bounds the wait.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, due > 0 ? due : this.holdMs - waited);
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const repair = this.repairDue;
    if (this.queue.length === 0 && !repair) return Promise.resolve();
    const batch: Pending[] = [];
    let rows = 0;
    while (this.queue.length > 0 && (batch.length === 0 || rows + size(this.queue[0]!) <= this.maxBatchRows)) {
      const next = this.queue.shift()!;
      rows += size(next);
      batch.push(next);
    }
    this.queuedRows -= rows;
    this.lastFlushBodies = batch.length > 0 && batch.every((p) => p.raw) ? batch.length : 0;
    this.flushing = (async () => {
      // Derived rows of interrupted writes first, so that nothing writes into `events` meanwhile.
      if (repair) await this.runRepair();
      if (batch.length === 0) return;
      const started = Date.now();
      const timer = ingestFlushSeconds.startTimer();
      await this.writeBatch(batch);
      timer();
      const took = Date.now() - started;
      this.nextFlushAt = started + Math.min(FLUSH_SPACING * took, FLUSH_SPACING * this.options.flushMs);
    })().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    // Batches without raw bodies (small bodies, xAPI, files) take the direct path: the staging
    // round trips pay off only on large bodies.
    if (batch.some((p) => p.raw)) return this.writeStaged(batch);
    let began: Set<string> | undefined;
    try {
      const existing = await this.existingIds(batch.map((p) => p.events));
      const seen = new Set<string>();
      const freshRows: string[] = [];
      const changed = new Set<string>();
      let total = 0;
      const results = batch.map(({ events }) => {
        let accepted = 0;
        for (let i = 0; i < events.ids.length; i++) {
          const id = events.ids[i]!;
          if (existing.has(id) || seen.has(id)) continue;
          seen.add(id);
          freshRows.push(events.rows[i]!);
          if (events.courseIds[i]) changed.add(events.courseIds[i]!);
          accepted++;
        }
        total += events.ids.length;
        return { accepted, duplicates: events.ids.length - accepted };
      });
      const rejected = batch.flatMap((p) => p.rejected);
      if (freshRows.length > 0) {
        this.journal?.begin(changed);
        began = changed;
      }
      await Promise.all([
        freshRows.length > 0 && this.lake.insertTsv('events', EVENT_COLUMNS, Buffer.from(freshRows.join('\n') + '\n')),
        rejected.length > 0 && this.insertDeadLetters(rejected),
      ]);
      this.stats.batches++;
      this.stats.accepted += freshRows.length;
      this.stats.duplicates += total - freshRows.length;
      this.stats.rejected += rejected.length;
      if (began) this.journal?.committed();
      this.wrote({ at: Date.now(), ok: true }, freshRows.length, total - freshRows.length, rejected.length);
      batch.forEach((p, i) => p.resolve({ ...results[i]!, rejected: [] }));
      this.announce(changed);
    } catch (err) {
      this.writeFailed(err, began, batch);
    }
  }

  /** The embedded lake's flush: the engine parses, dedupes and writes (stagedFlush.ts). */
  private async writeStaged(batch: Pending[]): Promise<void> {
    let failed = false;
    let began: Set<string> | undefined;
    try {
      const flush = await stagedFlush(this.lake, batch, (courses) => {
        this.journal?.begin(courses);
        began = new Set(courses);
        step('journal');
      });
      const declined: RejectedRow[] = flush.parts.flatMap((r) => r.rejected.map((x) => ({ source: 'tracking', reason: x.reason, raw: x.raw })));
      const rejected = [...batch.flatMap((p) => p.rejected), ...declined];
      if (rejected.length > 0) await this.insertDeadLetters(rejected);
      step('dead letters');
      if (began) this.journal?.committed();
      step('journal');
      const total = flush.parts.reduce((n, r) => n + r.accepted + r.duplicates, 0);
      this.stats.batches++;
      this.stats.accepted += flush.written;
      this.stats.duplicates += total - flush.written;
      this.stats.rejected += rejected.length;
      this.wrote({ at: Date.now(), ok: true }, flush.written, total - flush.written, rejected.length);
      batch.forEach((p, i) => {
        const r = flush.parts[i]!;
        p.resolve({ accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected.map(({ line, reason }) => ({ line, reason })), rejectedCount: r.rejectedCount });
      });
      this.announce(new Set(flush.changedCourses));
    } catch (err) {
      failed = true;
      this.writeFailed(err, began, batch);
      // Staged bodies the flush did not get to (it renames the others, and clearScratch removes those).
      await Promise.all(batch.map((p) => p.raw?.staged?.then((file) => rm(file, { force: true }), () => {})));
    } finally {
      await clearScratch(this.lake, failed);
      step('clear scratch');
    }
  }

  /** Stores dead letters, each (source, reason, raw) once however often it is sent. */
  private async insertDeadLetters(rows: RejectedRow[]): Promise<void> {
    const byKey = new Map<string, RejectedRow>();
    for (const r of rows) byKey.set(deadLetterKey(r), byKey.get(deadLetterKey(r)) ?? r);
    const keys = [...byKey.keys()];
    // In slices: over HTTP the bound keys travel in the URL; in-process, larger slices cost fewer statements.
    const slice = this.lake.kind === 'chdb' ? 20_000 : 1000;
    for (let i = 0; i < keys.length; i += slice) {
      const stored = await queryRows<{ dedupe_key: string }>(
        this.lake,
        'SELECT DISTINCT dedupe_key FROM rejected_events WHERE dedupe_key IN {keys:Array(String)}',
        { keys: keys.slice(i, i + slice) },
      );
      for (const { dedupe_key } of stored) byKey.delete(dedupe_key);
    }
    if (byKey.size === 0) return;
    const now = formatLakeTime(new Date());
    const fresh = [...byKey];
    // In slices too, so that a body of many bad lines is never serialized whole at once.
    for (let i = 0; i < fresh.length; i += DEAD_LETTER_ROWS_PER_INSERT) {
      await this.lake.client.insert({
        table: 'rejected_events',
        values: fresh.slice(i, i + DEAD_LETTER_ROWS_PER_INSERT).map(([dedupe_key, r]) => ({ received_at: now, ...r, dedupe_key })),
        format: 'JSONEachRow',
      });
    }
  }

  private announce(changed: Set<string>): void {
    if (changed.size === 0) return;
    const message: CoursesChanged = { courseIds: [...changed], writtenAt: Date.now() };
    this.bus.publish(COURSES_CHANGED, message).catch(() => {
      // The live engine's slow refresh covers a lost notification.
    });
  }

  /**
   * Ids of these events already in the lake. An event id fixes the event's course
   * and time, so the lookup is bounded by the batch's courses and time span and
   * uses the table's (course_id, time) order.
   */
  private async existingIds(parts: PreparedEvents[]): Promise<Set<string>> {
    const ids: string[] = [];
    const courses = new Set<string>();
    let min = '';
    let max = '';
    for (const p of parts) {
      for (let i = 0; i < p.ids.length; i++) {
        const time = p.times[i]!;
        if (min === '' || time < min) min = time;
        if (time > max) max = time;
        courses.add(p.courseIds[i]!);
        ids.push(p.ids[i]!);
      }
    }
    if (ids.length === 0) return new Set();
    // In-process, the ids are bound as one array; over HTTP they go in the body,
    // not the URL (a server caps URI length).
    const bound = this.lake.kind === 'chdb';
    const result = await this.lake.client.query({
      query: `SELECT event_id FROM events
              WHERE course_id IN ({courses:Array(String)})
                AND time BETWEEN {min:DateTime64(3, 'UTC')} AND {max:DateTime64(3, 'UTC')}
                AND event_id IN ${bound ? '{ids:Array(String)}' : `(${ids.map(sqlString).join(',')})`}`,
      query_params: bound ? { courses: [...courses], min, max, ids } : { courses: [...courses], min, max },
      clickhouse_settings: { max_query_size: '104857600' },
      format: 'JSONEachRow',
    });
    return new Set((await result.json<{ event_id: string }>()).map((r) => r.event_id));
  }
}

/** rejected_events.dedupe_key (migration 031): sha256 of source, reason and raw, 32 hex. */
export function deadLetterKey(r: RejectedRow): string {
  return createHash('sha256').update(`${r.source}\n${r.reason}\n${r.raw}`).digest('hex').slice(0, 32);
}

function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * An INSERT costs the embedded lake a fixed time whatever its size (the materialized views on
 * `events` run once per INSERT), and the lake runs one statement at a time: a trickle of small
 * bodies flushed one by one would spend most of its time there, in front of the live updates.
 * So a small flush starts at most every FLUSH_SPACING × the previous flush's duration (at most
 * FLUSH_SPACING × flushMs): cheap flushes still go every flushMs, slow ones gather more bodies.
 * A backlog of PACED_BELOW_ROWS rows or more is not held back.
 */
const FLUSH_SPACING = 4;
const DEAD_LETTER_ROWS_PER_INSERT = 10_000;
const PACED_BELOW_ROWS = 1_000;

function size(p: Pending): number {
  return p.events.ids.length + (p.raw?.split.engineLines.count ?? 0) + p.rejected.length;
}
