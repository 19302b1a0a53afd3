/**
 * Child process of bench/dashboard.ts (run under `nice -n 19`): builds the lake into --data and
 * writes the marker file last, so a lake that was interrupted is never taken as complete.
 *
 *   node --import tsx bench/dashboard/build.ts --data DIR --events N
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { queryRows } from '../../lib/lake/query';
import { generateEnrollmentEvents, generateLmsState, generateSessionEvents } from './generate';
import { markerPath, parseArgs, type LakeMarker } from './options';
import { LARGE_COURSE_ID, lakeShape } from './shape';

const { data, events } = parseArgs(process.argv.slice(2));
const FIVE_MINUTES = 300;
const endEpoch = Math.floor(Date.now() / 1000 / FIVE_MINUTES) * FIVE_MINUTES;
const shape = lakeShape(events, endEpoch);
const log = (line: string) => console.log(line);

const lake = await openLake({ dataDir: data, database: 'lookout' });
await migrate(lake);

const started = performance.now();
const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return result;
};

await step('LMS state tables', () => generateLmsState(lake, shape));
const enrollmentEvents = await step('enrollment events', () => generateEnrollmentEvents(lake, shape));
await step('session events', () => generateSessionEvents(lake, shape, events - shape.largeEvents - enrollmentEvents, log));
const insertSeconds = (performance.now() - started) / 1000;

// Let background merges finish, as they would in a lake that has been running for a while.
const mergeStarted = performance.now();
for (;;) {
  const [row] = await queryRows<{ merges: string }>(lake, `SELECT count() AS merges FROM system.merges WHERE database = 'lookout'`);
  if (Number(row?.merges ?? 0) === 0 || performance.now() - mergeStarted > 15 * 60_000) break;
  await new Promise((r) => setTimeout(r, 5000));
}
const mergeSeconds = (performance.now() - mergeStarted) / 1000;

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
   WHERE database = 'lookout' AND active GROUP BY table ORDER BY sum(bytes_on_disk) DESC`,
);
const diskBytes = Number(execFileSync('du', ['-sb', data]).toString().split('\t')[0]);

const marker: LakeMarker = {
  events,
  endEpoch,
  largeCourseId: LARGE_COURSE_ID,
  largeCourseDays: shape.largeCourseDays,
  insertSeconds: Math.round(insertSeconds),
  mergeSeconds: Math.round(mergeSeconds),
  diskBytes,
  counts: Object.fromEntries(Object.entries(stats ?? {}).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])),
  tables: tables.map((t) => ({ table: t.table, rows: Number(t.rows), parts: Number(t.parts), bytes: Number(t.bytes) })),
};
writeFileSync(markerPath(data), JSON.stringify(marker, null, 2) + '\n');
log(`generated in ${insertSeconds.toFixed(0)} s (+ ${mergeSeconds.toFixed(0)} s waiting for merges)`);
process.exit(0);
