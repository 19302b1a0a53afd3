import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { refillFromView, viewDefinitions, type ViewDefinition } from '../../lib/lake/views';

/**
 * Derived tables (the targets of the materialized views on `events`) are written by the same
 * INSERT as `events`, but not atomically with it: a crash or a full disk between the events part
 * and a view's part leaves events that some derived table never counted, and a retry finds them
 * already stored. So every INSERT into `events` is announced first in a write-ahead journal (a
 * file in the data folder: the courses it writes), and cleared once it returned. A course left in
 * the journal (a crash, a failed write) has its derived rows rebuilt from `events`: deleted from
 * every derived table, then re-derived by running each view's own SELECT over its source. The
 * rebuild reads the views' definitions from the engine, so it follows whatever views the
 * migrations define, and it is idempotent: interrupted, it runs again from the start.
 */

const JOURNAL_FILE = 'ingest-writes-pending.json';
/** Free space the lake's disk needs before a rebuild issues its ALTERs. */
export const REBUILD_MIN_FREE_BYTES = 16 * 2 ** 20;

/** The courses whose derived rows may disagree with `events`, kept in a file that survives a crash. */
export class WriteJournal {
  private readonly file: string;
  /** Courses of failed or interrupted writes, not yet rebuilt. */
  readonly unrepaired = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, JOURNAL_FILE);
    if (existsSync(this.file)) {
      for (const course of (JSON.parse(readFileSync(this.file, 'utf8')) as { courses: string[] }).courses) this.unrepaired.add(course);
    }
  }

  /** Before an INSERT into `events`: throws (and so nothing is written) when the journal cannot be written. */
  begin(courses: Iterable<string>): void {
    this.save(new Set([...this.unrepaired, ...courses]));
  }

  /** The INSERT returned: only the unrepaired courses stay. Best effort: a stale superset only costs a rebuild. */
  committed(): void {
    try {
      this.save(this.unrepaired);
    } catch {
      // kept as it was
    }
  }

  /** The INSERT failed after it began: its courses wait for a rebuild. */
  failed(courses: Iterable<string>): void {
    for (const c of courses) this.unrepaired.add(c);
  }

  repaired(courses: Iterable<string>): void {
    for (const c of courses) this.unrepaired.delete(c);
    this.committed();
  }

  /**
   * One small file write and rename before an INSERT, one unlink after (bench:ingest's 'journal'
   * step: about 0.3 ms each, under 0.1 µs an event at 25,000-event flushes). Not fsynced: it has
   * to outlive a crash of the process (the page cache does), and the engine does not fsync its
   * inserts either, so after a power loss the journal could not vouch for them anyway.
   */
  private save(courses: Set<string>): void {
    if (courses.size === 0) {
      if (existsSync(this.file)) unlinkSync(this.file);
      return;
    }
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ courses: [...courses] }));
    renameSync(tmp, this.file);
  }
}

export interface DerivedGraph {
  /** Every table a view on `events` writes into, directly or through other views. */
  tables: string[];
  /** The views that read a table outside `tables` (events, LMS copies) and write into one of `tables`. */
  roots: ViewDefinition[];
  /** False when a derived table has no course_id column: then a rebuild covers every course. */
  byCourse: boolean;
}

/** The views and their tables, from the engine's catalog. */
export async function derivedGraph(lake: Lake): Promise<DerivedGraph> {
  const views = await viewDefinitions(lake);
  // A detached (or missing) events table would make every rebuild an empty one.
  if (!views.some((v) => v.sources.includes('events'))) throw new Error('no view reads events (is the table attached?)');
  const tables = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of views) {
      if (tables.has(v.target)) continue;
      if (v.sources.some((s) => s === 'events' || tables.has(s))) {
        tables.add(v.target);
        grew = true;
      }
    }
  }
  const roots = views.filter((v) => tables.has(v.target) && !v.sources.some((s) => tables.has(s)));
  const columns = await queryRows<{ table: string }>(
    lake,
    `SELECT table FROM system.columns WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND name = 'course_id'`,
    { tables: [...tables] },
  );
  const byCourse = columns.length === tables.size;
  return { tables: [...tables], roots, byCourse };
}

/**
 * Rebuilds the derived rows of these courses from their sources. Runs while nothing else
 * writes into `events` (the writer calls it between flushes). Cascading views (a view on a
 * derived table) are filled by the inserts into their sources, as in a normal write.
 */
export async function rebuildDerived(lake: Lake, courses: string[]): Promise<DerivedGraph> {
  // Not on a full disk: an ALTER there can leave an empty mutation file that stops the table from
  // loading at the next start (lib/lake/unwrittenMutations.ts). The rebuild waits for space.
  const [disk] = await queryRows<{ free: string }>(lake, 'SELECT min(free_space) AS free FROM system.disks');
  const free = Number(disk?.free ?? Infinity);
  if (free < REBUILD_MIN_FREE_BYTES) throw new Error(`the lake's disk has ${Math.round(free / 2 ** 20)} MiB free: the rebuild waits for space`);
  const graph = await derivedGraph(lake);
  const where = graph.byCourse ? 'course_id IN {courses:Array(String)}' : '1';
  for (const table of graph.tables) {
    await deleteAndWait(lake, table, {
      query: `ALTER TABLE ${table} DELETE WHERE ${where}`,
      query_params: { courses },
      clickhouse_settings: { mutations_sync: '0' },
    });
  }
  for (const root of graph.roots) await refillFromView(lake, root, where, { courses });
  return graph;
}

/** How long a rebuild waits for its deletes before it gives up (and is tried again later). */
export const MUTATION_WAIT_MS = 30_000;

/**
 * Runs a table's ALTER … DELETE, then waits until the table has no mutation left to do. Not with
 * mutations_sync: a mutation the disk cannot take (it filled after the free-space check) is
 * retried by the engine until space is back, and a synchronous ALTER would hold the lake's one
 * statement lane — every flush, health check and page — as long. Here each check is a short
 * statement.
 */
async function deleteAndWait(lake: Lake, table: string, alter: Parameters<Lake['client']['command']>[0]): Promise<void> {
  await lake.client.command(alter);
  const tables = [table];
  const deadline = Date.now() + MUTATION_WAIT_MS;
  for (;;) {
    const pending = await queryRows<{ table: string; reason: string }>(
      lake,
      `SELECT table, latest_fail_reason AS reason FROM system.mutations WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND NOT is_done`,
      { tables },
    );
    if (pending.length === 0) return;
    const failed = pending.find((p) => p.reason);
    if (failed) throw new Error(`deleting the derived rows of ${failed.table} failed: ${failed.reason}`);
    if (Date.now() > deadline) throw new Error(`deleting the derived rows did not finish in ${MUTATION_WAIT_MS / 1000} s (${pending.map((p) => p.table).join(', ')})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
