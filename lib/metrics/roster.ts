import type { Lake } from '../lake/client';
import { formatLakeTime } from '../lake/time';
import { ENROLLED_AT_SQL } from './enrollments';
import { scopeKey, windowEnd, windowParams, type DashboardQuery } from './scope';

/**
 * The enrolled learners (staff excluded) at the end of a snapshot's window, computed once for
 * the widgets that each need them (unit completion, grades, demographics): while a snapshot runs
 * they sit in a Memory table of a scratch database (nothing on disk); a widget computed on its
 * own reads ENROLLED_AT_SQL inline. Each computation costs tens of milliseconds on a large course.
 */
const rosters = new WeakMap<object, { table: string; at: string }>();
let made = 0;
let scratchReady: Promise<unknown> | undefined;

/** SQL of the enrolled learners at {at} (column user_id): the snapshot's roster when it has one for that instant. */
export function enrolledAtSql(q: object, at: Date): string {
  const roster = rosters.get(scopeKey(q));
  return roster && roster.at === formatLakeTime(at) ? `SELECT user_id FROM ${roster.table}` : ENROLLED_AT_SQL;
}

/** Runs `work` (the widgets of one snapshot, sharing q's scope) with the roster of q's window end. */
export async function withRoster<T>(lake: Lake, q: DashboardQuery, work: () => Promise<T>): Promise<T> {
  const scratch = `${lake.database}_scratch`;
  const table = `${scratch}.roster_${process.pid}_${++made}`;
  const at = formatLakeTime(windowEnd(q.to));
  const key = scopeKey(q);
  try {
    scratchReady ??= lake.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${scratch} ENGINE = Memory` });
    await scratchReady;
    await lake.client.command({ query: `CREATE TABLE ${table} (user_id UInt64) ENGINE = Memory` });
    await lake.client.command({ query: `INSERT INTO ${table} ${ENROLLED_AT_SQL}`, query_params: { ...(await windowParams(lake, q)), at } });
    rosters.set(key, { table, at });
  } catch {
    scratchReady = undefined; // only a shortcut: without it the widgets compute the learners themselves
  }
  try {
    return await work();
  } finally {
    rosters.delete(key);
    await lake.client.command({ query: `DROP TABLE IF EXISTS ${table}` }).catch(() => undefined);
  }
}
