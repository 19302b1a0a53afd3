/**
 * Child process of bench/dashboard.ts (issue 21): opens the built lake fresh, then times the
 * institutional pages — /platform (every course) and /orgs/<org> (the large course's org) — over
 * this week (the page's default view), the last 4 and the last 12 weeks (the picker's choices):
 * the full snapshot and each widget alone, p50/p95/max, and the org learner list; with the
 * process's peak memory.
 *
 *   node --import tsx bench/dashboard/measureInstitution.ts --data DIR [--runs 30] [--warmup 3]
 */
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { orgFromCourseKey } from '../../lib/events/courseKey';
import { institutionSnapshot, institutionWidgetComputes, INSTITUTION_WIDGET_NAMES } from '../../lib/institution/snapshot';
import { orgLearners } from '../../lib/institution/learners';
import { scopeCourses, type InstitutionQuery } from '../../lib/institution/scope';
import { defaultDashboardWindow } from '../../lib/metrics/window';
import { summarize } from '../stats';
import { parseArgs, readMarker } from './options';

const opts = parseArgs(process.argv.slice(2));
const marker = readMarker(opts.data);
if (!marker) throw new Error(`${opts.data} holds no complete benchmark lake`);
const DAY_MS = 86_400_000;

const lake = await openLake({ dataDir: opts.data, database: 'lookout' });
const migrateStarted = performance.now();
const applied = await migrate(lake);
if (applied.length > 0) console.log(`applied ${applied.join(', ')} in ${((performance.now() - migrateStarted) / 1000).toFixed(1)} s (backfills included)`);

const end = new Date(marker.endEpoch * 1000);
const thisWeek = defaultDashboardWindow(end);
const weeksBack = (n: number) => ({ from: new Date(thisWeek.to.getTime() - n * 7 * DAY_MS), to: thisWeek.to });
const org = orgFromCourseKey(marker.largeCourseId);
const windows = [
  { label: 'this week', ...thisWeek },
  { label: 'last 4 weeks', ...weeksBack(4) },
  { label: 'last 12 weeks', ...weeksBack(12) },
];
const scopes: { label: string; org?: string }[] = [{ label: '/platform' }, { label: `/orgs/${org}`, org }];

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  return ms;
}

const f = (v: number) => v.toFixed(0).padStart(6);
const line = (name: string, ms: number[]) => {
  const s = summarize(ms);
  console.log(`  ${name.padEnd(34)} p50 ${f(s.p50)} ms  p95 ${f(s.p95)} ms  max ${f(s.max)} ms`);
  return s;
};
const snapshotP95: { label: string; p95: number }[] = [];
for (const scope of scopes) {
  const courses = await scopeCourses(lake, { org: scope.org, now: end });
  console.log(`\n${scope.label}: ${courses.length} courses`);
  for (const w of windows) {
    // A fresh query object per run, as each room pass or request makes one (no shared reads between runs).
    const q = (): InstitutionQuery => ({ ...(scope.org !== undefined && { org: scope.org }), from: w.from, to: w.to, now: end });
    for (let i = 0; i < opts.warmup; i++) await institutionSnapshot(lake, q());
    const sample = await institutionSnapshot(lake, q());
    const wd = sample.widgets;
    console.log(` ${w.label}: enrolled ${wd.enrollments.enrolledNow}, active ${wd.activeLearners.weeks.map((x) => x.active).join('/')}, completed ${wd.completion.completed}, catalog ${wd.catalog.courses.length} courses, at risk ${wd.atRiskSummary.atRisk}`);
    const s = line(`${w.label} full snapshot`, await timed(opts.runs, () => institutionSnapshot(lake, q())));
    snapshotP95.push({ label: `${scope.label} ${w.label}`, p95: s.p95 });
    for (const name of INSTITUTION_WIDGET_NAMES) line(`${w.label} ${name}`, await timed(opts.runs, () => institutionWidgetComputes[name](lake, q())));
  }
  if (scope.org !== undefined) {
    let n = 0;
    line('org learner list', await timed(Math.min(opts.runs, 10), async () => (n = (await orgLearners(lake, courses)).length)));
    console.log(`  (${n.toLocaleString('en-US')} learners)`);
  }
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`\npeak RSS of this process (chDB included): ${peakMiB.toFixed(0)} MiB`);
console.log(`target full snapshot p95 ≤ 500 ms: ${snapshotP95.map((s) => `${s.label} ${s.p95 <= 500 ? 'met' : 'NOT met'} (${s.p95.toFixed(0)} ms)`).join(', ')}`);
process.exit(0);
