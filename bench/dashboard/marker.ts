import { writeFileSync } from 'node:fs';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { markerPath, type LakeMarker } from './options';
import { LARGE_COURSE_ID } from './shape';

/** Counts what the lake holds and writes the marker that says it is complete. */
export async function writeMarker(
  lake: Lake,
  data: string,
  build: { events: number; endEpoch: number; largeCourseDays: number; insertSeconds: number; mergeSeconds: number },
): Promise<LakeMarker> {
  const [stats] = await queryRows<Record<string, string>>(
    lake,
    `SELECT count() AS events, uniqExact(course_id) AS courses, uniqExact(user_id) AS users,
       countIf(course_id = {large:String}) AS large_events,
       uniqExactIf(user_id, course_id = {large:String} AND is_learner = 1) AS large_users,
       toString(min(time)) AS first, toString(max(time)) AS last
     FROM events`,
    { large: LARGE_COURSE_ID },
  );
  const tables = await queryRows<{ table: string; rows: string; parts: string; bytes: string }>(
    lake,
    `SELECT table, sum(rows) AS rows, count() AS parts, sum(bytes_on_disk) AS bytes FROM system.parts
     WHERE database = {db:String} AND active GROUP BY table ORDER BY sum(bytes_on_disk) DESC`,
    { db: lake.database },
  );
  const marker: LakeMarker = {
    events: build.events,
    endEpoch: build.endEpoch,
    largeCourseId: LARGE_COURSE_ID,
    largeCourseDays: build.largeCourseDays,
    insertSeconds: Math.round(build.insertSeconds),
    mergeSeconds: Math.round(build.mergeSeconds),
    // The parts' own sizes: `du` over a live lake races with merges deleting old parts.
    diskBytes: tables.reduce((sum, t) => sum + Number(t.bytes), 0),
    counts: Object.fromEntries(Object.entries(stats ?? {}).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])),
    tables: tables.map((t) => ({ table: t.table, rows: Number(t.rows), parts: Number(t.parts), bytes: Number(t.bytes) })),
  };
  writeFileSync(markerPath(data), JSON.stringify(marker, null, 2) + '\n');
  return marker;
}
