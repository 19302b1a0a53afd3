import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { formatLakeTime } from '../../lib/lake/time';
import { parseTrackingLine } from '../../lib/events/parse';
import type { Actor } from '../../lib/demo/tracking';
import { testDataDir } from '../helpers';
import type { DashboardQuery } from '../../lib/metrics/scope';
import { videos } from '../../lib/metrics/videos';
import { rollUpVideoDays, splitVideoDays } from '../../lib/metrics/videoDays';
import { totalsSummed } from '../../lib/metrics/closedDayTotals';
import { VIDEO_TOTALS } from '../../lib/metrics/videoTotals';

/** A migrated lake in a fresh temp directory (one per test file: chDB allows one per process). */
export async function openMetricsLake(database: string): Promise<Lake> {
  const lake = await openLake({ dataDir: testDataDir(), database });
  await migrate(lake);
  return lake;
}

/** Parses tracking-log lines (they must all parse) and writes them to `events`, firing the views. */
export async function insertLines(lake: Lake, lines: string[]): Promise<void> {
  const events = lines.map((line) => {
    const r = parseTrackingLine(line);
    assert.ok(r.ok, !r.ok ? `${r.reason}: ${line}` : '');
    return r.event;
  });
  await lake.client.insert({ table: 'events', values: events, format: 'JSONEachRow' });
}

export function actor(userId: number): Actor {
  return { userId, username: `u${userId}`, session: `s${userId}` };
}

/** A staff role as the LMS sync writes it (course_id '' = org-wide). */
export async function insertRole(lake: Lake, row: { user_id: number; org: string; course_id: string; role: string }): Promise<void> {
  await lake.client.insert({ table: 'lms_course_access_roles', values: [{ ...row, id: row.user_id, synced_at: formatLakeTime(new Date()) }], format: 'JSONEachRow' });
}

export async function insertUser(lake: Lake, row: { id: number; is_staff?: number; is_superuser?: number; email?: string }): Promise<void> {
  await lake.client.insert({
    table: 'lms_users',
    values: [{ username: `u${row.id}`, email: `u${row.id}@example.com`, first_name: '', last_name: '', is_staff: 0, is_superuser: 0, is_active: 1, synced_at: formatLakeTime(new Date()), ...row }],
    format: 'JSONEachRow',
  });
}

export async function insertRows(lake: Lake, table: string, rows: Record<string, unknown>[]): Promise<void> {
  await lake.client.insert({ table, values: rows, format: 'JSONEachRow' });
}

/** Rolls up the window's closed video days, then sums the totals of the days before `now`'s (as a server does in the background). */
export async function rollUpAndSumVideos(lake: Lake, q: DashboardQuery): Promise<void> {
  const split = await splitVideoDays(lake, q.courseId, q.from, q.to, q.now);
  await rollUpVideoDays(lake, q.courseId, split.stale, split.seen, q.now);
  await videos(lake, { ...q }); // finds the totals missing or behind: starts summing them
  await totalsSummed(VIDEO_TOTALS, q.courseId);
}
