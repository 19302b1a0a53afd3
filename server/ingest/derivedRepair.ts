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
  const graph = await derivedGraph(lake);
  const where = graph.byCourse ? 'course_id IN {courses:Array(String)}' : '1';
  for (const table of graph.tables) {
    await lake.client.command({
      query: `ALTER TABLE ${table} DELETE WHERE ${where}`,
      query_params: { courses },
      clickhouse_settings: { mutations_sync: '2' },
    });
  }
  for (const root of graph.roots) await refillFromView(lake, root, where, { courses });
  return graph;
}
