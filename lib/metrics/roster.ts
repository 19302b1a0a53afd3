import { randomUUID } from 'node:crypto';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { ENROLLED_AT_SQL as ENROLLED_FROM_FACTS_SQL, enrolledCountsAt, ENROLLMENT_FACTS_SQL, FACT_ORDER_SQL } from './enrollments';
import { NOT_STAFF_SQL, scopeKey, staffOf, windowEnd, windowParams, type DashboardQuery } from './scope';

/**
 * The enrollments of a course, computed once for the widgets that each need them: each learner's
 * enrollment facts in order (staff excluded) sit in a Memory table of a scratch database (nothing
 * on disk), kept across snapshots while the facts stay the same. Unit completion, grades and
 * demographics read the learners enrolled at the window's end from it, engagement its counts at
 * the week ends; a widget computed on its own reads the facts itself. Each reading of the facts
 * costs tens of milliseconds on a large course; telling whether they changed costs a few.
 */
interface Roster {
  /** user_id, orders (FACT_ORDER_SQL, ascending), actives (the state of each fact). */
  history: string;
  /** SQL of the learners (user_id) enrolled at `at`. */
  enrolled: string;
  at: string;
}
/** The snapshot's roster once known (undefined when building it failed). */
const rosters = new WeakMap<object, Promise<Roster | undefined>>();
let scratchReady: Promise<unknown> | undefined;

/**
 * The raw rows of a course's enrollment facts, summed up: any row added (a sync, an event) or
 * merged away changes it, so a history built from equal fingerprints holds the same facts.
 * Only the columns the facts are made of are hashed (an event's id is long to hash and adds
 * nothing: a new row changes the count anyway).
 */
const FACTS_FINGERPRINT_SQL = `
  SELECT
    (SELECT toString((count(), sum(cityHash64(user_id, time, value, mode))))
     FROM learner_facts WHERE course_id = {courseId:String} AND kind = 'enrollment') AS events,
    (SELECT toString((count(), sum(cityHash64(user_id, mode, is_active, created, synced_at, is_deleted))))
     FROM lms_enrollments WHERE course_id = {courseId:String}) AS lms`;

/** A course's history table, shared by the snapshots that read the same facts. */
interface History {
  table: string;
  /** The facts' fingerprint and the staff left out. */
  key: string;
  /** Filled (false: filling failed, the table is dropped). */
  filled: Promise<boolean>;
  /** Snapshots using it. */
  users: number;
  /** Replaced or evicted: dropped once its last user is done. */
  retired: boolean;
}
/** Courses whose histories are kept, the least recently used dropped first. */
const KEPT_HISTORIES = 32;
const histories = new WeakMap<Lake, Map<string, History>>();

/** The learners (user_id) whose latest fact at or before `at` is active: no fact after it counts (FACT_ORDER_SQL). */
function enrolledSql(history: string, at: Date): string {
  return `SELECT user_id FROM ${history} WHERE actives[arrayLastIndex(o -> o <= ${at.getTime() * 4 + 3}, orders)] = 1`;
}

/**
 * SQL of the enrolled learners at {at} (column user_id): the snapshot's roster when it has one for
 * that instant (`stored`: reading it again costs little), else computed from the facts.
 */
export async function enrolledAt(q: object, at: Date): Promise<{ sql: string; stored: boolean }> {
  const roster = await rosters.get(scopeKey(q));
  return roster && roster.at === formatLakeTime(at) ? { sql: roster.enrolled, stored: true } : { sql: ENROLLED_FROM_FACTS_SQL, stored: false };
}

/** enrolledAt's SQL. */
export async function enrolledAtSql(q: object, at: Date): Promise<string> {
  return (await enrolledAt(q, at)).sql;
}

/** enrolledCountsAt, from the snapshot's enrollment histories when it has them. */
export async function enrolledCountsOf(lake: Lake, q: DashboardQuery, instants: Date[]): Promise<number[]> {
  const roster = await rosters.get(scopeKey(q));
  if (!roster) return enrolledCountsAt(lake, q, instants);
  const ats = instants.map((d) => d.getTime());
  const [row] = await queryRows<{ enrolled: (string | number)[] }>(
    lake,
    `SELECT sumForEach(arrayMap(b -> toUInt64(actives[arrayLastIndex(o -> o <= b * 4 + 3, orders)] = 1), {ats:Array(Int64)})) AS enrolled
     FROM ${roster.history}`,
    { ats },
  );
  return ats.map((_, i) => Number(row?.enrolled[i] ?? 0));
}

/**
 * Runs `work` (the widgets of one snapshot, sharing q's scope) with the enrollments of q's course.
 * The widgets start at once: their statements that need no roster join the fingerprint's, and the
 * ones that do wait for it (and for the history to be filled when the facts changed).
 */
export async function withRoster<T>(lake: Lake, q: DashboardQuery, work: () => Promise<T>): Promise<T> {
  const key = scopeKey(q);
  const history = historyFor(lake, q);
  const at = windowEnd(q.to);
  rosters.set(
    key,
    history.then((h) => h && { history: h.table, enrolled: enrolledSql(h.table, at), at: formatLakeTime(at) }),
  );
  try {
    return await work();
  } finally {
    rosters.delete(key);
    // Awaited: no statement of the snapshot outlives it (nor a server shutting down after it).
    const h = await history;
    if (h) await release(lake, h);
  }
}

/** The course's history for the facts as they are now, built if they changed; undefined when that failed. */
async function historyFor(lake: Lake, q: DashboardQuery): Promise<History | undefined> {
  try {
    const [[fingerprint], staff] = await Promise.all([
      queryRows<{ events: string; lms: string }>(lake, FACTS_FINGERPRINT_SQL, { courseId: q.courseId }),
      staffOf(lake, q),
    ]);
    const key = JSON.stringify([fingerprint, [...staff].sort((a, b) => a - b)]);
    const kept = histories.get(lake) ?? histories.set(lake, new Map()).get(lake)!;
    let h = kept.get(q.courseId);
    if (h && h.key !== key) void retire(lake, kept, q.courseId, h);
    if (!h || h.key !== key) {
      const table = `${lake.database}_scratch.roster_${randomUUID().replaceAll('-', '')}`;
      h = { table, key, filled: fill(lake, q, table), users: 0, retired: false };
    }
    kept.delete(q.courseId); // most recently used last
    kept.set(q.courseId, h);
    h.users++;
    for (const [courseId, old] of kept) if (kept.size > KEPT_HISTORIES && old.users === 0) void retire(lake, kept, courseId, old);
    if (await h.filled) return h;
    await release(lake, h);
    if (kept.get(q.courseId) === h) void retire(lake, kept, q.courseId, h);
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drops the histories this process keeps (at shutdown). On chDB they would go with the process; on
 * a ClickHouse server they would stay until it restarts. One still in use goes when its snapshot ends.
 */
export async function dropKeptRosters(lake: Lake): Promise<void> {
  const kept = histories.get(lake);
  if (!kept) return;
  await Promise.all([...kept].map(([courseId, h]) => retire(lake, kept, courseId, h)));
}

/** Forgets the history; drops its table now if no snapshot uses it, else when the last one ends. */
function retire(lake: Lake, kept: Map<string, History>, courseId: string, h: History): Promise<void> {
  if (kept.get(courseId) === h) kept.delete(courseId);
  h.retired = true;
  return h.users === 0 ? drop(lake, h) : Promise.resolve();
}

async function release(lake: Lake, h: History): Promise<void> {
  h.users--;
  if (h.retired && h.users === 0) await drop(lake, h);
}

async function drop(lake: Lake, h: History): Promise<void> {
  await h.filled.catch(() => false);
  await lake.client.command({ query: `DROP TABLE IF EXISTS ${h.table}` }).catch(() => undefined);
}

/** Creates and fills a history table; false when that failed (the widgets then read the facts themselves). */
async function fill(lake: Lake, q: DashboardQuery, table: string): Promise<boolean> {
  try {
    scratchReady ??= lake.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${lake.database}_scratch ENGINE = Memory` });
    await scratchReady.catch((err: unknown) => {
      scratchReady = undefined;
      throw err;
    });
    await statements(
      lake,
      [
        `CREATE TABLE ${table} (user_id UInt64, orders Array(Int64), actives Array(UInt8)) ENGINE = Memory`,
        `INSERT INTO ${table}
         SELECT user_id, arraySort(groupArray(${FACT_ORDER_SQL})), arraySort((a, o) -> o, groupArray(active), groupArray(${FACT_ORDER_SQL}))
         FROM (${ENROLLMENT_FACTS_SQL}) WHERE ${NOT_STAFF_SQL} GROUP BY user_id`,
      ],
      await windowParams(lake, q),
    );
    return true;
  } catch {
    await lake.client.command({ query: `DROP TABLE IF EXISTS ${table}` }).catch(() => undefined);
    return false;
  }
}

/** Statements in order; on chDB in one call (one turn of the engine), on a server one by one (HTTP takes one per request). */
async function statements(lake: Lake, sql: string[], params: Record<string, unknown> = {}): Promise<void> {
  if (lake.kind === 'chdb') {
    await lake.client.command({ query: sql.join(';\n'), query_params: params });
    return;
  }
  for (const statement of sql) await lake.client.command({ query: statement, query_params: params });
}
