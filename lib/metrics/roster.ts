import { randomUUID } from 'node:crypto';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { ENROLLED_AT_SQL as ENROLLED_FROM_FACTS_SQL, enrolledCountsAt, ENROLLMENT_FACTS_SQL, FACT_ORDER_SQL } from './enrollments';
import { NOT_STAFF_SQL, scopeKey, windowEnd, windowParams, type DashboardQuery } from './scope';

/**
 * The enrollments of a snapshot's course, computed once for the widgets that each need them:
 * while a snapshot runs, each learner's enrollment facts in order (staff excluded) sit in a
 * Memory table of a scratch database (nothing on disk), and so do the learners enrolled at the
 * window's end. Unit completion, grades and demographics read the enrolled learners, engagement
 * its counts at the week ends; a widget computed on its own reads the facts itself. Each reading
 * of the facts costs tens of milliseconds on a large course.
 */
interface Roster {
  /** user_id, orders (FACT_ORDER_SQL, ascending), actives (the state of each fact). */
  history: string;
  /** user_id: enrolled at `at`. */
  enrolled: string;
  at: string;
}
/** The snapshot's roster once built (undefined when building it failed). */
const rosters = new WeakMap<object, Promise<Roster | undefined>>();
let scratchReady: Promise<unknown> | undefined;

/**
 * SQL of the enrolled learners at {at} (column user_id): the snapshot's roster when it has one for
 * that instant (`stored`: reading it again costs nothing), else computed from the facts.
 */
export async function enrolledAt(q: object, at: Date): Promise<{ sql: string; stored: boolean }> {
  const roster = await rosters.get(scopeKey(q));
  return roster && roster.at === formatLakeTime(at) ? { sql: `SELECT user_id FROM ${roster.enrolled}`, stored: true } : { sql: ENROLLED_FROM_FACTS_SQL, stored: false };
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
 * The widgets start at once: their statements that need no roster join the engine's statements
 * while it is built, and the ones that do wait for it.
 */
export async function withRoster<T>(lake: Lake, q: DashboardQuery, work: () => Promise<T>): Promise<T> {
  const scratch = `${lake.database}_scratch`;
  // Unique across processes too: several servers may share one ClickHouse.
  const name = `${scratch}.roster_${randomUUID().replaceAll('-', '')}`;
  const roster: Roster = { history: `${name}_history`, enrolled: name, at: formatLakeTime(windowEnd(q.to)) };
  const key = scopeKey(q);
  // The tables first: then filling them is the first statement queued once the staff are known,
  // and goes before the widgets' statements that came back with them.
  const created = await createRoster(lake, scratch, roster);
  const built = created ? fillRoster(lake, q, roster) : Promise.resolve(undefined);
  rosters.set(key, built);
  try {
    return await work();
  } finally {
    rosters.delete(key);
    // Awaited: no statement of the snapshot outlives it (nor a server shutting down after it).
    await built;
    await statements(lake, [`DROP TABLE IF EXISTS ${roster.enrolled}`, `DROP TABLE IF EXISTS ${roster.history}`]).catch(() => undefined);
  }
}

/** Creates the roster's tables; false when it could not (only a shortcut: the widgets then read the facts themselves). */
async function createRoster(lake: Lake, scratch: string, roster: Roster): Promise<boolean> {
  try {
    scratchReady ??= lake.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${scratch} ENGINE = Memory` });
    await scratchReady;
    await statements(lake, [
      `CREATE TABLE ${roster.history} (user_id UInt64, orders Array(Int64), actives Array(UInt8)) ENGINE = Memory`,
      `CREATE TABLE ${roster.enrolled} (user_id UInt64) ENGINE = Memory`,
    ]);
    return true;
  } catch {
    scratchReady = undefined;
    return false;
  }
}

/** Fills the roster's tables: the roster, or undefined when that failed. */
async function fillRoster(lake: Lake, q: DashboardQuery, roster: Roster): Promise<Roster | undefined> {
  try {
    await statements(
      lake,
      [
        `INSERT INTO ${roster.history}
         SELECT user_id, arraySort(groupArray(${FACT_ORDER_SQL})), arraySort((a, o) -> o, groupArray(active), groupArray(${FACT_ORDER_SQL}))
         FROM (${ENROLLMENT_FACTS_SQL}) WHERE ${NOT_STAFF_SQL} GROUP BY user_id`,
        `INSERT INTO ${roster.enrolled} SELECT user_id FROM ${roster.history}
         WHERE actives[arrayLastIndex(o -> o <= toUnixTimestamp64Milli({at:DateTime64(3, 'UTC')}) * 4 + 3, orders)] = 1`,
      ],
      { ...(await windowParams(lake, q)), at: roster.at },
    );
    return roster;
  } catch {
    return undefined;
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
