/**
 * Evaluation of the early-warning rules (DESIGN §6) on synthetic cohorts with known learner
 * types (lib/cohort): at each weekly cut-off the rules see the lake's data up to the cut-off
 * only, and are scored against "no learner event in the next 10 days" among the learners
 * active in the week before; each rule and the combinations beside a random baseline that
 * flags as many learners, over several seeds (mean ± sd).
 *
 *   npm run bench:risk-eval -- --seeds 5 --learners 500 --weeks 10 [--set threshold=value ...]
 *   npm run bench:risk-eval -- --oulad [dir] …   real learners (OULAD): the score and the rules, see risk-eval/ouladEval.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCohort, lastActiveDay, type Cohort } from '../lib/cohort/cohort';
import type { LearnerType } from '../lib/demo/learners';
import { openLake } from '../lib/lake/client';
import { validateThresholds } from '../lib/risk/thresholds';
import { DEFAULT_THRESHOLDS, RULE_NAMES, type RiskThresholds } from '../lib/risk/types';
import { migrate } from '../lib/lake/migrate';
import { numericArgs } from './stats';
import { rulesEvaluator } from './risk-eval/evaluators';
import { loadCohort, type EventTimes } from './risk-eval/load';
import { ACTIVE_WINDOW_DAYS, LABEL_HORIZON_DAYS, NEW_ENROLLMENT_DAYS, labelAt, mean, scoreSeed, sd, type CutoffFlags, type Population, type RuleScore, type SeedScore, truthScore, type TruthScore } from './risk-eval/score';

if (process.argv.includes('--oulad')) {
  await (await import('./risk-eval/ouladEval')).ouladEval(process.argv.slice(2));
  process.exit(0);
}

const DAY = 86_400_000;
const RULE_ORDER: readonly string[] = RULE_NAMES;
const ANY = 'any rule';
const RED = 'red only';
const TYPES: LearnerType[] = ['steady', 'fading', 'never-start', 'struggler', 'late-surge'];

// --set name=value (repeatable): a threshold other than its default, e.g. --set activityDropBelowAverage=1
const argv = process.argv.slice(2);
const overrides: Record<string, number> = {};
for (let i = argv.indexOf('--set'); i >= 0; i = argv.indexOf('--set')) {
  const [name, value] = (argv[i + 1] ?? '').split('=');
  if (!name || value === undefined) throw new Error('--set needs name=value');
  overrides[name] = Number(value);
  argv.splice(i, 2);
}
const checked = validateThresholds(overrides);
if (!checked.ok) throw new Error(checked.errors.join('; '));
const thresholds: RiskThresholds = { ...DEFAULT_THRESHOLDS, ...(checked.value as Partial<RiskThresholds>) };
const opts = numericArgs({ seeds: 5, learners: 500, weeks: 10, 'first-seed': 1 }, argv);
// A Monday at midnight UTC: cut-offs fall on week edges.
const courseStart = new Date('2026-01-05T00:00:00Z');
const cutoffWeeks = Array.from({ length: Math.floor((opts.weeks * 7 - LABEL_HORIZON_DAYS) / 7) }, (_, i) => i + 1);

const dir = mkdtempSync(join(tmpdir(), 'lookout-bench-risk-'));
const lake = await openLake({ dataDir: dir, database: 'risk_eval' });
await migrate(lake);

const seeds = Array.from({ length: opts.seeds }, (_, i) => opts['first-seed'] + i);
const cohorts: Cohort[] = seeds.map((seed) => generateCohort({ seed, learners: opts.learners, weeks: opts.weeks, start: courseStart }));
const times = new Map<string, EventTimes>();

let started = performance.now();
let events = 0;
for (const cohort of cohorts) {
  const loaded = await loadCohort(lake, cohort);
  events += loaded.events;
  times.set(cohort.course.courseId, loaded.times);
}
console.log(`${seeds.length} cohorts × ${opts.learners} learners × ${opts.weeks} weeks: ${events} events written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const evaluate = rulesEvaluator(lake, thresholds);
const changed = Object.entries(overrides).map(([k, v]) => `${k}=${v}`);
console.log(`rules: lib/risk evaluateCourse with the default thresholds (DESIGN §6)${changed.length ? `, except ${changed.join(', ')}` : ''}`);
console.log(
  `cut-offs: end of weeks ${cutoffWeeks[0]}–${cutoffWeeks.at(-1)}, each on the data up to it; ` +
    `positive: no learner event (enrolling aside) in the ${LABEL_HORIZON_DAYS} days after the cut-off`,
);

started = performance.now();
const evaluated: { cohort: Cohort; cutoffs: CutoffFlags[] }[] = [];
let evaluations = 0;
for (const cohort of cohorts) {
  const cutoffs: CutoffFlags[] = [];
  for (const week of cutoffWeeks) {
    const at = new Date(courseStart.getTime() + week * 7 * DAY);
    const flaggedLearners = await evaluate(cohort.course.courseId, at);
    evaluations++;
    const flagged = new Map<string, Set<number>>([...RULE_ORDER, ANY, RED].map((r) => [r, new Set<number>()]));
    for (const f of flaggedLearners) {
      for (const rule of f.rules) (flagged.get(rule) ?? flagged.set(rule, new Set()).get(rule)!).add(f.userId);
      flagged.get(ANY)!.add(f.userId);
      if (f.severity === 'red') flagged.get(RED)!.add(f.userId);
    }
    const enrolled = cohort.learners.filter((l) => l.enrolledAt <= at.getTime()).length;
    cutoffs.push({ at: at.getTime(), enrolled, flagged });
  }
  evaluated.push({ cohort, cutoffs });
}
const evalSeconds = (performance.now() - started) / 1000;

// ---- report
const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '–');
const num = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const ms = (values: number[], f: (x: number) => string) => {
  const m = mean(values);
  const s = sd(values);
  return Number.isFinite(m) ? `${f(m)}${Number.isFinite(s) ? ` ± ${f(s)}` : ''}` : '–';
};
function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function report(population: Population, title: string): void {
  const scores: SeedScore[] = [];
  /** Pooled over seeds and cut-offs, per learner type: population size, positives, flags by rule. */
  const byType = new Map<LearnerType, { population: number; positives: number; flagged: Map<string, number> }>(
    TYPES.map((t) => [t, { population: 0, positives: 0, flagged: new Map() }]),
  );
  for (const { cohort, cutoffs } of evaluated) {
    const eventTimes = times.get(cohort.course.courseId)!;
    scores.push(scoreSeed(cutoffs, eventTimes, cohort.seed, population));
    const typeOf = new Map(cohort.learners.map((l) => [l.userId, l.type]));
    for (const c of cutoffs) {
      const label = labelAt(eventTimes, c.at, population);
      for (const userId of label.population) {
        const t = byType.get(typeOf.get(userId)!)!;
        t.population++;
        if (label.positives.has(userId)) t.positives++;
        for (const [rule, set] of c.flagged) if (set.has(userId)) t.flagged.set(rule, (t.flagged.get(rule) ?? 0) + 1);
      }
    }
  }
  console.log(`\n== ${title}`);
  console.log(
    `base rate (positives among the population): ${ms(scores.map((s) => s.baseRate), pct)} %; population per cut-off: ${ms(scores.map((s) => s.population), (x) => num(x, 0))} learners`,
  );
  console.log(`mean ± sd over ${seeds.length} seed(s); precision/recall in %; lead = median days from the first flag of the spell to the learner's last event (negative: flagged only after)\n`);
  const ruleNames = [...RULE_ORDER, ANY, RED].filter((r) => scores.some((s) => s.rules.has(r)));
  table(
    ['rule', 'flags/100 scored', 'flags/100 enrolled', 'precision', 'recall', 'lead d', '| random prec.', 'random recall', 'random lead d'],
    ruleNames.map((r) => {
      const col = (k: 'rule' | 'random', f: keyof RuleScore) => scores.map((s) => s.rules.get(r)?.[k][f] ?? NaN);
      return [
        r,
        ms(col('rule', 'flagsPer100Population'), num),
        ms(col('rule', 'flagsPer100Enrolled'), num),
        ms(col('rule', 'precision'), pct),
        ms(col('rule', 'recall'), pct),
        ms(col('rule', 'leadDays'), num),
        '| ' + ms(col('random', 'precision'), pct),
        ms(col('random', 'recall'), pct),
        ms(col('random', 'leadDays'), num),
      ];
    }),
  );
  console.log(`\nby learner type (seeds and cut-offs pooled): share of the scored learners flagged by each rule, %`);
  table(
    ['type', 'learner-weeks', 'positive %', ...ruleNames],
    TYPES.map((t) => {
      const s = byType.get(t)!;
      return [t, String(s.population), pct(s.positives / s.population), ...ruleNames.map((r) => pct((s.flagged.get(r) ?? 0) / s.population))];
    }),
  );
}

/** Table C: each rule against the recorded truth of who stops (never-start learners left out: they never began). */
function reportTruth(): void {
  const ruleNames = [...RULE_ORDER, ANY, RED];
  const perSeed = evaluated.map(({ cohort, cutoffs }) => {
    const learners = cohort.learners
      .filter((l) => l.type !== 'never-start')
      .map((l) => ({ userId: l.userId, stoppedOnDay: l.stopDay === null ? null : lastActiveDay(l) }));
    const cutoffDays = cutoffs.map((c) => (c.at - courseStart.getTime()) / DAY);
    return new Map(ruleNames.map((r) => [r, truthScore(learners, cutoffDays, cutoffs.map((c) => c.flagged.get(r) ?? new Set<number>()))]));
  });
  console.log(`\n== C. against the recorded truth: fading learners and strugglers who give up, between the first and last cut-off, and the learners who never stop`);
  console.log(`warned = flagged at a cut-off on or before their last day of activity; ahead = median days from that first flag to it\n`);
  table(
    ['rule', 'stoppers warned %', 'days ahead', 'stayers ever flagged %', 'stayers flagged per week %'],
    ruleNames.map((r) => {
      const col = (f: keyof TruthScore) => perSeed.map((m) => m.get(r)![f]);
      return [r, ms(col('warned'), pct), ms(col('daysAhead'), num), ms(col('falseAlarmsEver'), pct), ms(col('falseAlarmsPerCutoff'), pct)];
    }),
  );
}

report('active', `A. learners active in the ${ACTIVE_WINDOW_DAYS} days before each cut-off (the issue's label: will they go quiet?)`);
report('enrolled', `B. every learner enrolled ≥ ${NEW_ENROLLMENT_DAYS} days, quiet ones included (where inactive / disengaging / never started can fire: will they stay away?)`);
reportTruth();
console.log(`\n${evaluations} evaluations in ${evalSeconds.toFixed(1)} s (${((evalSeconds * 1000) / evaluations).toFixed(0)} ms each)`);

await lake.close();
rmSync(dir, { recursive: true, force: true });
