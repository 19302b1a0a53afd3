/**
 * Child process of bench/dashboard.ts: opens the built lake fresh, warms up, then times the full
 * dashboard snapshot and each widget alone for the large course, over a 7-day window and the
 * whole course, and prints p50/p95/max, the process's peak memory and what the slowest queries read.
 *
 *   node --import tsx bench/dashboard/measure.ts --data DIR [--runs 30] [--warmup 3]
 */
import { loadavg } from 'node:os';
import { openLake, type Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import type { DashboardSnapshot, DashboardWidgetName } from '../../lib/metrics/dashboardTypes';
import { summarize } from '../stats';
import { loadDashboardApi, type DashboardQuery } from './metrics';
import { parseArgs, readMarker } from './options';

const opts = parseArgs(process.argv.slice(2));
const marker = readMarker(opts.data);
if (!marker) throw new Error(`${opts.data} holds no complete benchmark lake`);
const DAY_MS = 86_400_000;

const [l1, l5, l15] = loadavg();
console.log(`load average at start: ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)} (1/5/15 min)`);

const openStarted = performance.now();
const lake = await openLake({ dataDir: opts.data, database: 'lookout' });
const api = await loadDashboardApi();
console.log(`lake opened in ${((performance.now() - openStarted) / 1000).toFixed(1)} s`);

const end = new Date(marker.endEpoch * 1000);
const courseStart = new Date(end.getTime() - marker.largeCourseDays * DAY_MS);
const windows: { label: string; q: DashboardQuery }[] = [
  { label: '7 days', q: { courseId: marker.largeCourseId, from: new Date(end.getTime() - 7 * DAY_MS), to: end, now: end } },
  // From two weeks before the start: the enrollments before it are part of the course.
  { label: 'whole course', q: { courseId: marker.largeCourseId, from: new Date(courseStart.getTime() - 14 * DAY_MS), to: end, now: end } },
];

/** Tags the queries that follow in system.query_log (the setting holds for the engine's session). */
async function tag(comment: string): Promise<void> {
  await lake.client.command({ query: `SET log_queries = 1, log_comment = '${comment}'` });
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  return ms;
}

const widgetNames = Object.keys(api.dashboardWidgetComputes) as DashboardWidgetName[];
const results: { label: string; rows: Map<string, number[]> }[] = [];
const started = new Date();

for (const { label, q } of windows) {
  const rows = new Map<string, number[]>();
  await tag(`bench:${label}:warmup`);
  let snapshot: DashboardSnapshot | undefined;
  for (let i = 0; i < opts.warmup; i++) snapshot = await api.dashboardSnapshot(lake, q);
  snapshot ??= await api.dashboardSnapshot(lake, q);
  console.log(`${label}: ${describe(snapshot)}`);
  await tag(`bench:${label}:snapshot`);
  rows.set('full snapshot', await timed(opts.runs, () => api.dashboardSnapshot(lake, q)));
  for (const name of widgetNames) {
    await tag(`bench:${label}:${name}`);
    const compute = api.dashboardWidgetComputes[name];
    await compute(lake, q);
    rows.set(name, await timed(opts.runs, () => compute(lake, q)));
  }
  results.push({ label, rows });
}
await tag('bench:report');

const peakMiB = process.resourceUsage().maxRSS / 1024;
const f = (v: number) => v.toFixed(0).padStart(6);
console.log(`\nlarge course ${marker.largeCourseId}, ${opts.runs} runs each after ${opts.warmup} warm-up snapshot(s); milliseconds`);
console.log(`${'widget'.padEnd(18)}${results.map((r) => `| ${r.label.padEnd(20)}`).join('')}`);
console.log(`${''.padEnd(18)}${results.map(() => '|    p50    p95    max').join('')}`);
for (const name of ['full snapshot', ...widgetNames]) {
  const cells = results.map((r) => {
    const s = summarize(r.rows.get(name) ?? []);
    return `|${f(s.p50)} ${f(s.p95)} ${f(s.max)}`;
  });
  console.log(`${name.padEnd(18)}${cells.join('')}`);
}
const worstP95 = Math.max(...results.map((r) => summarize(r.rows.get('full snapshot') ?? []).p95));
console.log(`\npeak RSS of this process (chDB included): ${peakMiB.toFixed(0)} MiB`);
console.log(`targets: full snapshot p95 ≤ 200 ms ${worstP95 <= 200 ? 'met' : 'NOT met'} (worst window ${worstP95.toFixed(0)} ms); peak memory ≤ 2 GiB ${peakMiB <= 2048 ? 'met' : 'NOT met'}`);

await printQueryLog(lake, started);
process.exit(0);

function describe(s: DashboardSnapshot): string {
  const w = s.widgets;
  return [
    `enrolled ${w.engagement.enrolled}, active ${w.engagement.active}, active now ${w.activeNow.learners}`,
    `${w.videos.videos.length} videos, ${w.problems.problems.length} problems, ${w.unitCompletion.units.length} units`,
    `${w.grades.graded} graded, ${w.demographics.learners} with profiles, ${w.liveFeed.items.length} feed items`,
  ].join('; ');
}

/** What the timed queries read, per widget: the heaviest query shapes by time. */
async function printQueryLog(lake: Lake, since: Date): Promise<void> {
  try {
    await lake.client.command({ query: 'SYSTEM FLUSH LOGS' });
    const rows = await queryRows<Record<string, string>>(
      lake,
      `SELECT log_comment AS phase, count() AS queries, round(quantile(0.5)(query_duration_ms)) AS p50_ms, max(query_duration_ms) AS max_ms,
         max(read_rows) AS read_rows, formatReadableSize(max(read_bytes)) AS read_bytes, formatReadableSize(max(memory_usage)) AS memory,
         substring(replaceRegexpAll(any(query), '\\\\s+', ' '), 1, 160) AS query
       FROM system.query_log
       WHERE type = 'QueryFinish' AND event_time >= {since:DateTime} AND log_comment LIKE 'bench:%' AND log_comment NOT LIKE '%warmup'
         AND query_kind = 'Select'
       GROUP BY phase, normalized_query_hash
       ORDER BY sum(query_duration_ms) DESC
       LIMIT 25`,
      { since: Math.floor(since.getTime() / 1000) },
    );
    console.log(`\nheaviest query shapes (system.query_log; read_rows / read_bytes / memory: max per query):`);
    for (const r of rows) {
      console.log(`  ${r.phase}  ×${r.queries}  p50 ${r.p50_ms} ms  max ${r.max_ms} ms  rows ${Number(r.read_rows).toLocaleString('en-US')}  ${r.read_bytes}  mem ${r.memory}\n      ${r.query}`);
    }
  } catch (err) {
    console.log(`(system.query_log not available: ${(err as Error).message.split('\n')[0]})`);
  }
}
