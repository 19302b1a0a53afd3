/**
 * Child process of bench/dashboard.ts: opens the built lake fresh, warms up, then times the full
 * dashboard snapshot and each widget alone for the large course, over this week, last week, the
 * week before, the last 7 days and the whole course, and prints p50/p95/max, the process's peak memory and what the
 * slowest queries read.
 *
 *   node --import tsx bench/dashboard/measure.ts --data DIR [--runs 30] [--warmup 3]
 */
import { loadavg } from 'node:os';
import { openLake, type Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import type { DashboardSnapshot, DashboardWidgetName } from '../../lib/metrics/dashboardTypes';
import { summarize } from '../stats';
import { migrate } from '../../lib/lake/migrate';
import { defaultDashboardWindow } from '../../lib/metrics/window';
import { completedUpToComputed, dashboardSnapshot, dashboardWidgetComputes, rollUpClosedDays, type DashboardQuery } from './metrics';
import { parseArgs, readMarker } from './options';

const opts = parseArgs(process.argv.slice(2));
const marker = readMarker(opts.data);
if (!marker) throw new Error(`${opts.data} holds no complete benchmark lake`);
const DAY_MS = 86_400_000;
/** Warm-up lasts at least this long after the lake was opened (see the warm-up loop). */
const SETTLE_MS = 15_000;

const [l1, l5, l15] = loadavg();
console.log(`load average at start: ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)} (1/5/15 min)`);

const openStarted = performance.now();
const lake = await openLake({ dataDir: opts.data, database: 'lookout' });
console.log(`lake opened in ${((performance.now() - openStarted) / 1000).toFixed(1)} s`);
// A lake built before a newer migration gets it here, as a server upgrade would (backfills included).
const migrateStarted = performance.now();
const applied = await migrate(lake);
if (applied.length > 0) console.log(`applied ${applied.join(', ')} in ${((performance.now() - migrateStarted) / 1000).toFixed(1)} s`);
const api = { dashboardSnapshot, dashboardWidgetComputes };

const end = new Date(marker.endEpoch * 1000);
const courseStart = new Date(end.getTime() - marker.largeCourseDays * DAY_MS);
// The page's default view (the week holding now) and the week before it, as the page's week picker
// sends them; the last 7 days to the minute, as an API client may ask (its first day is cut, so read raw).
const thisWeek = defaultDashboardWindow(end);
const windows: { label: string; q: DashboardQuery }[] = [
  { label: 'this week', q: { courseId: marker.largeCourseId, ...thisWeek, now: end } },
  { label: 'last week', q: { courseId: marker.largeCourseId, from: new Date(thisWeek.from.getTime() - 7 * DAY_MS), to: thisWeek.from, now: end } },
  // The week before: all its days closed and rolled up (last week's last day waits into this week's first 6 hours for closing events).
  { label: 'week before', q: { courseId: marker.largeCourseId, from: new Date(thisWeek.from.getTime() - 14 * DAY_MS), to: new Date(thisWeek.from.getTime() - 7 * DAY_MS), now: end } },
  { label: '7 days', q: { courseId: marker.largeCourseId, from: new Date(end.getTime() - 7 * DAY_MS), to: end, now: end } },
  // From two weeks before the start (the enrollments before it are part of the course), in whole
  // days as the page's picker sends them.
  { label: 'whole course', q: { courseId: marker.largeCourseId, from: new Date(Math.floor(courseStart.getTime() / DAY_MS - 14) * DAY_MS), to: end, now: end } },
];

// chDB keeps no system.query_log and its client reports no read statistics: record each
// query's text, parameters and time here, then ask EXPLAIN ESTIMATE what the slow ones read.
interface Recorded {
  phase: string;
  query: string;
  params: Record<string, unknown>;
  ms: number;
}
const recorded: Recorded[] = [];
let phase = '';
const runQuery = lake.client.query.bind(lake.client);
lake.client.query = (async (params: Parameters<typeof runQuery>[0]) => {
  const t = performance.now();
  const result = await runQuery(params);
  recorded.push({ phase, query: params.query, params: (params.query_params ?? {}) as Record<string, unknown>, ms: performance.now() - t });
  return result;
}) as typeof lake.client.query;

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  return ms;
}

// Steady state: the closed days' rollups a running server has written (else the first snapshots
// start them in the background and the timed runs queue behind them).
const rollupStarted = performance.now();
const wholeCourse = windows.find((w) => w.label === 'whole course')!.q;
const rolledDays = await rollUpClosedDays(lake, wholeCourse);
const stillStale = await rollUpClosedDays(lake, wholeCourse);
console.log(`rolled up ${rolledDays} closed day(s) of the large course in ${((performance.now() - rollupStarted) / 1000).toFixed(1)} s${stillStale ? ` (${stillStale} still stale)` : ''}`);

let peakSoFar = process.resourceUsage().maxRSS / 1024;
const widgetNames = Object.keys(api.dashboardWidgetComputes) as DashboardWidgetName[];
const results: { label: string; rows: Map<string, number[]> }[] = [];

for (const { label, q } of windows) {
  const rows = new Map<string, number[]>();
  phase = `${label}:warmup`;
  let snapshot: DashboardSnapshot | undefined;
  for (let i = 0; i < opts.warmup; i++) snapshot = await api.dashboardSnapshot(lake, q);
  // A freshly opened chDB still loads its data parts in the background for some seconds: keep
  // warming up until then, so that the runs time a server that is up, not one starting.
  while (performance.now() - openStarted < SETTLE_MS) snapshot = await api.dashboardSnapshot(lake, q);
  // A past window's completion bitmaps, computed in the background by its first snapshot, as a server viewed before has them.
  await completedUpToComputed(q.courseId);
  snapshot = await api.dashboardSnapshot(lake, q);
  peakSoFar = process.resourceUsage().maxRSS / 1024;
  console.log(`${label}: ${describe(snapshot)} (peak RSS after warm-up ${peakSoFar.toFixed(0)} MiB)`);
  phase = `${label}:snapshot`;
  const record = (name: string, ms: number[]) => {
    rows.set(name, ms);
    const st = summarize(ms);
    const peak = process.resourceUsage().maxRSS / 1024;
    const grew = peak - peakSoFar > 50 ? ` (peak RSS now ${peak.toFixed(0)} MiB)` : '';
    peakSoFar = Math.max(peakSoFar, peak);
    console.log(`  ${label} ${name}: p50 ${st.p50.toFixed(0)} ms, p95 ${st.p95.toFixed(0)} ms, max ${st.max.toFixed(0)} ms${grew}`);
  };
  record('full snapshot', await timed(opts.runs, () => api.dashboardSnapshot(lake, q)));
  for (const name of widgetNames) {
    phase = `${label}:${name}`;
    const compute = api.dashboardWidgetComputes[name];
    await compute(lake, q);
    record(name, await timed(opts.runs, () => compute(lake, q)));
  }
  results.push({ label, rows });
}
phase = '';

const peakMiB = process.resourceUsage().maxRSS / 1024;
const f = (v: number) => v.toFixed(0).padStart(6);
console.log(`\nlarge course ${marker.largeCourseId}, ${opts.runs} runs each after ${opts.warmup} warm-up snapshot(s) and at least ${SETTLE_MS / 1000} s after opening the lake; milliseconds`);
console.log(`${'widget'.padEnd(18)}${results.map((r) => `| ${r.label.padEnd(20)}`).join('')}`);
console.log(`${''.padEnd(18)}${results.map(() => '|    p50    p95    max').join('')}`);
for (const name of ['full snapshot', ...widgetNames]) {
  const cells = results.map((r) => {
    const s = summarize(r.rows.get(name) ?? []);
    return `|${f(s.p50)} ${f(s.p95)} ${f(s.max)}`;
  });
  console.log(`${name.padEnd(18)}${cells.join('')}`);
}
const roundTrip = summarize(await timed(opts.runs, () => queryRows(lake, 'SELECT 1')));
for (const r of results) {
  const perSnapshot = recorded.filter((q) => q.phase === `${r.label}:snapshot`).length / opts.runs;
  console.log(`${r.label}: ${perSnapshot.toFixed(0)} queries per snapshot`);
}
console.log(`engine round trip (SELECT 1): p50 ${roundTrip.p50.toFixed(1)} ms, p95 ${roundTrip.p95.toFixed(1)} ms`);
const snapshotP95 = results.map((r) => ({ label: r.label, p95: summarize(r.rows.get('full snapshot') ?? []).p95 }));
console.log(`\npeak RSS of this process (chDB included): ${peakMiB.toFixed(0)} MiB`);
const verdicts = snapshotP95.map((w) => `${w.label} ${w.p95 <= 200 ? 'met' : 'NOT met'} (${w.p95.toFixed(0)} ms)`).join(', ');
console.log(`targets: full snapshot p95 ≤ 200 ms: ${verdicts}; peak memory ≤ 2 GiB ${peakMiB <= 2048 ? 'met' : 'NOT met'}`);

await printSlowQueries(lake);
process.exit(0);

function describe(s: DashboardSnapshot): string {
  const w = s.widgets;
  return [
    `enrolled ${w.engagement.enrolled}, active ${w.engagement.active}, active now ${w.activeNow.learners}`,
    `${w.videos.videos.length} videos, ${w.problems.problems.length} problems, ${w.unitCompletion.units.length} units`,
    `${w.grades.graded} graded, ${w.demographics.learners} with profiles, ${w.liveFeed.items.length} feed items`,
  ].join('; ');
}

/**
 * The queries of each widget timed alone, run again one by one: a widget runs its queries with
 * Promise.all and chDB answers one at a time, so their recorded times include the queue. Slowest
 * first, with what the engine estimates it reads (EXPLAIN ESTIMATE: parts / rows / marks).
 */
async function printSlowQueries(lake: Lake): Promise<void> {
  const groups = new Map<string, Recorded>();
  for (const r of recorded) {
    if (r.phase.endsWith(':warmup') || r.phase.endsWith(':snapshot') || r.phase === '' || r.ms < 20) continue;
    groups.set(`${r.phase}\u0000${r.query}`, r);
  }
  const solo: { r: Recorded; ms: number }[] = [];
  for (const r of groups.values()) {
    const first = await timed(1, () => queryRows(lake, r.query, r.params));
    const ms = first[0]! < 1000 ? summarize([...first, ...(await timed(2, () => queryRows(lake, r.query, r.params)))]).p50 : first[0]!;
    if (ms >= 20) solo.push({ r, ms });
  }
  solo.sort((a, b) => b.ms - a.ms);
  console.log(`\nqueries taking ≥ 20 ms run alone (median of 3, or one run when over 1 s), slowest first:`);
  for (const { r, ms } of solo.slice(0, 12)) {
    const sql = r.query.replace(/\s+/g, ' ').trim();
    console.log(`  ${r.phase}  ${ms.toFixed(0)} ms  ${sql.slice(0, 200)}${sql.length > 200 ? '…' : ''}`);
    try {
      const plan = await queryRows<{ table: string; parts: string; rows: string; marks: string }>(lake, `EXPLAIN ESTIMATE ${r.query}`, r.params);
      for (const p of plan) console.log(`      reads ${p.table}: ${Number(p.parts)} parts, ${Number(p.rows).toLocaleString('en-US')} rows, ${Number(p.marks)} marks`);
    } catch (err) {
      console.log(`      (no estimate: ${(err as Error).message.split('\n')[0]!.slice(0, 160)})`);
    }
  }
}
