import type { Lake } from '../lake/client';
import { withLanePriority } from '../lake/lane';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';

const DAY_MS = 86_400_000;
/** Windows shorter than this never read the totals. */
export const TOTALS_MIN_WINDOW_DAYS = 28;

/**
 * Per-learner totals of a course's closed days, for windows that hold the whole course: a
 * widget reads them plus what came since instead of every closed day's rollup. Each computation
 * is a `version` of the kind's tables; the kind's status table (course_id, version, through,
 * events) names the current one, the days it holds (before `through`) and how many events those
 * days had, so a late event makes it unusable until it is computed again.
 */
export interface TotalsKind {
  /** Table of (course_id, version, through, events), ReplacingMergeTree(version) by course. */
  status: string;
  /** The tables holding the versions, cleared of the old ones. */
  tables: string[];
  /** Scalar: when the course's first event that the totals count happened, ms since 1970 (NULL when none). Params: {courseId}. */
  firstEventSql: string;
  /** Writes version {version} of the totals of the days before {through:Date}. Params: {courseId}, {version}, {through}. */
  sumSql: string[];
}

/**
 * TotalsKind's firstEventSql for a table of timed rows (`firstTime` the time of its first
 * event, `rangeColumn` the column its key orders by) whose per-day counts are `dayTotals`: looked
 * for only in the first days that have any, not in all of the course's rows.
 */
export function firstEventSql(table: string, firstTime: string, rangeColumn: string, dayTotals: string): string {
  return `
  SELECT if(count() > 0, toUnixTimestamp64Milli(min(${firstTime})), NULL) FROM ${table}
  WHERE course_id = {courseId:String}
    AND ${rangeColumn} < toDateTime((SELECT min(day) FROM ${dayTotals} WHERE course_id = {courseId:String} AND events > 0), 'UTC') + INTERVAL 2 DAY`;
}

/** The closed days of a window, as the day rollups see them. */
export interface ClosedDays {
  /** Closed days whose rollup is missing or stale. */
  stale: string[];
  /** Events per closed day with any, as the rollup's freshness check counts them. */
  seen: Map<string, number>;
  /** Days from here on are not closed (or not in the window). */
  openFrom: Date;
}

export interface TotalsUse {
  version: string;
  /** The totals hold the days before this one. */
  through: Date;
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * The course's totals when they answer a window from `from`: it holds every event they count
 * (the day of the first is a whole day of it), their days are closed, rolled up, and have the
 * events they had when summed (`closedDays`, or how to read them: only read when the window holds
 * the whole course). When the window holds the whole course and its closed days are all rolled up but
 * the totals are missing, stale or behind, computes them in the background for next time.
 */
export async function totalsFor(
  lake: Lake,
  kind: TotalsKind,
  q: { courseId: string; from: Date; to: Date },
  closedDays: ClosedDays | (() => Promise<ClosedDays>),
): Promise<TotalsUse | undefined> {
  // Shorter windows read a few days' rollups anyway: the totals would not pay for their reads.
  // Their reading statements need materialized CTEs (the learners touched since, used twice).
  if (q.to.getTime() - q.from.getTime() < TOTALS_MIN_WINDOW_DAYS * DAY_MS || !lake.materializedCte) return undefined;
  const [row] = await queryRows<{ first: string | number | null; version: string; through: string; events: string | number }>(
    lake,
    `SELECT (${kind.firstEventSql}) AS first, version, through, events
     FROM (SELECT toString(version) AS version, toString(through) AS through, events FROM ${kind.status} FINAL WHERE course_id = {courseId:String}
           UNION ALL SELECT '', '', 0)
     ORDER BY version DESC LIMIT 1`,
    { courseId: q.courseId },
  );
  // The day of the first event must be a whole day of the window: the day rollups (and the
  // totals' events) count whole days only.
  if (row?.first == null) return undefined;
  const firstDay = Math.floor(Number(row.first) / DAY_MS) * DAY_MS;
  if (firstDay < Math.ceil(q.from.getTime() / DAY_MS) * DAY_MS) return undefined;
  const days = typeof closedDays === 'function' ? await closedDays() : closedDays;
  const eventsBefore = (through: number) => [...days.seen].reduce((sum, [day, n]) => (dayStart(day) < through ? sum + n : sum), 0);
  let usable: TotalsUse | undefined;
  if (row.version !== '') {
    const through = dayStart(row.through);
    const staleBefore = days.stale.some((day) => dayStart(day) < through);
    if (through <= days.openFrom.getTime() && !staleBefore && eventsBefore(through) === Number(row.events)) {
      usable = { version: row.version, through: new Date(through) };
    }
  }
  const target = days.openFrom.getTime();
  if (days.stale.length === 0 && target > firstDay && (!usable || usable.through.getTime() < target)) {
    void sumTotals(lake, kind, q.courseId, new Date(target), eventsBefore(target), row.version || undefined).catch(() => undefined);
  }
  return usable;
}

/** The promise, marked as handled: awaited later, once other work is done, its failure still surfaces there. */
export function settledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

const summing = new Map<string, Promise<void>>();

/**
 * Writes a new version of the course's totals for the days before `through` (`events`: their
 * events) and makes it current; versions before the previous one are deleted (a reader may still
 * be reading the previous one). One at a time per course and kind, as background work.
 */
export function sumTotals(lake: Lake, kind: TotalsKind, courseId: string, through: Date, events: number, previous?: string): Promise<void> {
  const key = `${kind.status}\u0000${courseId}`;
  const running = summing.get(key);
  if (running) return running;
  const version = formatLakeTime(new Date());
  const params = { courseId, version, through: formatLakeTime(through).slice(0, 10) };
  const work = withLanePriority('background', async () => {
    for (const query of kind.sumSql) await lake.client.command({ query, query_params: params });
    await lake.client.insert({ table: kind.status, values: [{ course_id: courseId, version, through: params.through, events }], format: 'JSONEachRow' });
    if (previous) {
      for (const table of kind.tables) {
        await lake.client.command({ query: `DELETE FROM ${table} WHERE course_id = {courseId:String} AND version < {previous:DateTime64(3, 'UTC')}`, query_params: { courseId, previous } });
      }
    }
  }).finally(() => summing.delete(key));
  summing.set(key, work);
  return work;
}

/** Settles when the course's totals of this kind being summed (if any) are written. */
export async function totalsSummed(kind: TotalsKind, courseId: string): Promise<void> {
  await summing.get(`${kind.status}\u0000${courseId}`);
}
