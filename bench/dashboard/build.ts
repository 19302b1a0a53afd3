/**
 * Child process of bench/dashboard.ts (run under `nice -n 19`): builds the lake into --data and
 * writes the marker file last, so a lake that was interrupted is never taken as complete.
 *
 *   node --import tsx bench/dashboard/build.ts --data DIR --events N
 */
import { rmSync } from 'node:fs';
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { queryRows } from '../../lib/lake/query';
import { generateEnrollmentEvents, generateLmsState, generateSessionEvents } from './generate';
import { writeMarker } from './marker';
import { markerPath, parseArgs } from './options';
import { lakeShape } from './shape';

const { data, events, resume, end } = parseArgs(process.argv.slice(2));
const FIVE_MINUTES = 300;
if (resume > 0 && end === 0) throw new Error('--resume needs the --end of the interrupted build');
const endEpoch = end || Math.floor(Date.now() / 1000 / FIVE_MINUTES) * FIVE_MINUTES;
const shape = lakeShape(events, endEpoch);
const log = (line: string) => console.log(line);

// The marker says "complete": a build (or a resumed one) in progress must not leave an old one behind.
rmSync(markerPath(data), { force: true });
const lake = await openLake({ dataDir: data, database: 'lookout' });
await migrate(lake);

const started = performance.now();
const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return result;
};

// Resuming: the LMS state, enrollments and the large course are already there.
const enrollmentEvents =
  resume > 0
    ? Number((await queryRows<{ n: string }>(lake, `SELECT count() AS n FROM events WHERE name LIKE 'edx.course.enrollment.%'`))[0]?.n ?? 0)
    : await step('LMS state tables', () => generateLmsState(lake, shape)).then(() => step('enrollment events', () => generateEnrollmentEvents(lake, shape)));
await step('session events', () => generateSessionEvents(lake, shape, events - shape.largeEvents - enrollmentEvents, log, resume));
const insertSeconds = (performance.now() - started) / 1000;

// Let background merges finish (up to 5 minutes), as they would in a lake that has run a while.
const mergeStarted = performance.now();
for (;;) {
  const [row] = await queryRows<{ merges: string }>(lake, `SELECT count() AS merges FROM system.merges WHERE database = 'lookout'`);
  if (Number(row?.merges ?? 0) === 0 || performance.now() - mergeStarted > 5 * 60_000) break;
  await new Promise((r) => setTimeout(r, 5000));
}
const mergeSeconds = (performance.now() - mergeStarted) / 1000;

await writeMarker(lake, data, { events, endEpoch, largeCourseDays: shape.largeCourseDays, insertSeconds, mergeSeconds });
log(`generated in ${insertSeconds.toFixed(0)} s (+ ${mergeSeconds.toFixed(0)} s waiting for merges)`);
process.exit(0);
