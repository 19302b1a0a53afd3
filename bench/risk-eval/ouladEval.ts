/**
 * bench:risk-eval --oulad [dir]: the risk score and the rules on real learners (OULAD, see
 * oulad.ts). Every run is replayed into one lake; at weekly cut-offs each run's eligible
 * learners get their features and rule flags from the product's own code on the data up to the
 * cut-off. The score is trained (lib/risk/model.ts, trainModel) on the training runs only — by
 * default on who the lake knows unenrolled later (OULAD lacks most exam submissions, so "no more
 * study" would be an artefact there), with --train-label withdraw-or-fail on who withdrew or
 * failed (TRAINING_LABELS) — and judged on the test runs, against the dataset's outcomes:
 *   withdraws within 30 days of the cut-off · withdraws eventually · withdraws or fails.
 *
 *   npm run bench:risk-eval -- --oulad [dir] [--test AAA-2013J,...] [--train 2013B,...] [--budget 15]
 *       --test / --train: run names or their ends (2014J); default test runs: see chooseSplit
 *   npm run bench:risk-eval -- --oulad full-release-dir                 trained on its 2013 runs, judged on its 2014 runs
 *   npm run bench:risk-eval -- --oulad --test-dir dir-2014 [--train-dir dir-2013]   runs from two directories
 *   npm run bench:risk-eval -- --oulad full-release-dir --prior --test 2014B,2014J   the shipped prior on the 2014 runs
 *   … --no-clicks         leave studentVle.csv out (by default its clicks are replayed as activity: oulad.ts clickEvents)
 *   npm run bench:risk-eval -- --oulad dir --prior            score with the shipped prior, every run is a test run
 *   npm run bench:risk-eval -- --oulad [dir] --write-prior    … then train on every run and write lib/risk/priorModel.json
 *   … --train-label withdrawal|withdraw-30|withdraw-or-fail   what the score is trained on (default withdrawal; one model per label)
 *   … --ceiling           also train, per label, a logistic model and boosted trees (boostedTrees.ts) on the same
 *                          features and judge them on the test runs: how much a model could still win from them
 *   … --cache file.json   the cut-offs' signals and rule flags saved there, or read from there when it exists
 *                          (skips the replay: quick A/B of features and training; delete it when the rules change)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { loadCohort } from '../../lib/risk/cohort';
import { featureVector, learnerSignals, type LearnerSignals } from '../../lib/risk/features';
import { scoreVector, trainModel, type Example, type RiskModel } from '../../lib/risk/model';
import { chooseFlagged, flagBudget, rankLearners } from '../../lib/risk/rank';
import { RULES } from '../../lib/risk/rules';
import { OUTCOME_DAYS, platformLabel, priorModel, WITHDRAWAL_LABEL } from '../../lib/risk/train';
import { DEFAULT_THRESHOLDS, RULE_NAMES } from '../../lib/risk/types';
import { trainBoostedTrees } from './boostedTrees';
import { syntheticExamples } from './syntheticHistory';
import { loadOuladRun, readOulad, runDay, type OuladLearner, type OuladRun } from './oulad';

const DAY = 86_400_000;
const DEFAULT_DIR = new URL('../fixtures/oulad-2013/', import.meta.url).pathname;
const DEFAULT_TEST = ['BBB-2013J', 'DDD-2013J', 'FFF-2013J', 'GGG-2013J'];
const PRIOR_PATH = new URL('../../lib/risk/priorModel.json', import.meta.url).pathname;

export async function ouladEval(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[i + 1] : undefined;
  };
  const dir = arg('--oulad') ?? DEFAULT_DIR;
  const usePrior = argv.includes('--prior');
  const writePrior = argv.includes('--write-prior');
  const budget = Number(arg('--budget') ?? DEFAULT_THRESHOLDS.flagBudgetPer100);
  const every = Number(arg('--every') ?? 7);
  const trainingLabel = (arg('--train-label') ?? 'withdrawal') as TrainingLabel;
  if (!(trainingLabel in TRAINING_LABELS)) throw new Error(`--train-label must be one of: ${Object.keys(TRAINING_LABELS).join(', ')}`);
  const clicks = !argv.includes('--no-clicks');
  const trainDir = arg('--train-dir');
  const testDir = arg('--test-dir');
  // Runs of both directories by name; the test directory's copy of a run wins.
  const byName = new Map<string, OuladRun>();
  const testDirRuns: string[] = [];
  if (trainDir || testDir) {
    for (const r of readOulad(trainDir ?? dir, { clicks })) byName.set(r.name, r);
    const trainNames = new Set(byName.keys());
    for (const r of readOulad(testDir ?? dir, { clicks })) {
      byName.set(r.name, r);
      if (!trainNames.has(r.name)) testDirRuns.push(r.name);
    }
  } else for (const r of readOulad(dir, { clicks })) byName.set(r.name, r);
  const runs = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const split = chooseSplit(
    runs.map((r) => r.name),
    { test: arg('--test')?.split(','), train: arg('--train')?.split(','), testDirRuns, prior: usePrior },
  );
  const testNames = split.test;
  const sources = trainDir || testDir ? `${trainDir ?? dir} (training) and ${testDir ?? dir} (test)` : dir;
  console.log(`OULAD (Kuzilek et al. 2017, CC BY 4.0) from ${sources}: ${runs.length} runs, ${runs.reduce((n, r) => n + r.learners.length, 0)} enrolments`);
  const withClicks = (names: string[]) => names.filter((n) => byName.get(n)!.clicks.length > 0).length;
  console.log(`click log: ${withClicks(split.train)} of ${split.train.length} training runs, ${withClicks(testNames)} of ${testNames.length} test runs${clicks ? '' : ' (--no-clicks)'}`);
  if (!usePrior && withClicks(split.train) === 0 && withClicks(testNames) > 0) {
    console.log(
      '  note: the model learns activity from submissions only, and the test runs have clicks: the activity features mean something else there. ' +
        'Train on runs with a click log (the full release’s 2013 runs) for a like-for-like model, or compare with --no-clicks.',
    );
  }

  const cache = arg('--cache');
  const used = runs.filter((r) => testNames.includes(r.name) || split.train.includes(r.name) || writePrior);
  const cutoffs = cache && existsSync(cache) ? readCutoffs(cache, runs) : await replayCutoffs(used, every);
  if (cache && !existsSync(cache)) writeCutoffs(cache, cutoffs);

  const isTest = (c: Cutoff) => testNames.includes(c.run.name);
  const model = usePrior ? priorModel() : train(cutoffs.filter((c) => split.train.includes(c.run.name)), every, trainingLabel);
  describeModel(model, usePrior ? 'the shipped prior' : 'trained here');
  const test = cutoffs.filter(isTest);
  console.log(`\ntest runs (never trained on): ${testNames.join(', ')}; flag budget ${budget} per 100 enrolled\n`);
  report(test, model, budget);
  if (argv.includes('--ceiling')) ceiling(cutoffs.filter((c) => split.train.includes(c.run.name)), test);
  if (writePrior) {
    // OULAD's withdrawals and graded work, and synthetic runs' click-log activity (SYNTHETIC_WEIGHT).
    const synthetic = await syntheticExamples({ seeds: 3, learners: 300, weeks: 10 });
    const prior = train(cutoffs, every, trainingLabel, synthetic);
    describeModel(prior, '\nprior for new platforms, trained on every run');
    writeFileSync(PRIOR_PATH, JSON.stringify(prior, null, 2) + '\n');
    console.log(`wrote ${PRIOR_PATH}`);
  }
}

/**
 * Which runs the score is trained on and which it is judged on, by name: a pattern is a run's name
 * or its end ("2014J", "2014B,2014J", "DDD-2013J"). Test runs, by default: those only the test
 * directory holds; else the 2014 runs when there are others (the full release judged on the runs a
 * model trained on 2013 never saw); else the 2013 split (DEFAULT_TEST); else every other run. The
 * training runs (default: every other run) never include a test run. With the prior, every run
 * (or --test's) is a test run and nothing is trained.
 */
export function chooseSplit(
  names: string[],
  o: { test?: string[]; train?: string[]; testDirRuns?: string[]; prior?: boolean },
): { train: string[]; test: string[] } {
  const matching = (patterns: string[]) => {
    const found = names.filter((n) => patterns.some((p) => n === p || n.endsWith(p)));
    const unmatched = patterns.filter((p) => !names.some((n) => n === p || n.endsWith(p)));
    if (unmatched.length) throw new Error(`no run matches ${unmatched.join(', ')} (runs: ${names.join(', ')})`);
    return found;
  };
  const is2014 = (n: string) => /-2014[BJ]$/.test(n);
  const defaultTest = DEFAULT_TEST.filter((n) => names.includes(n));
  const test = o.test
    ? matching(o.test)
    : o.prior
      ? names
      : o.testDirRuns?.length
        ? o.testDirRuns
        : names.some(is2014) && !names.every(is2014)
          ? names.filter(is2014)
          : defaultTest.length
            ? defaultTest
            : names.filter((_, i) => i % 2 === 1);
  const train = (o.train ? matching(o.train) : names).filter((n) => !test.includes(n));
  if (!o.prior && (!test.length || !train.length)) throw new Error(`the runs must split into training and test runs: test ${test.join(', ') || 'none'}, of ${names.join(', ')}`);
  return { train: o.prior ? [] : train, test };
}

/** Every run replayed into a fresh lake, then each run's cut-offs evaluated by the product's code. */
async function replayCutoffs(runs: OuladRun[], every: number): Promise<Cutoff[]> {
  const lakeDir = mkdtempSync(join(tmpdir(), 'lookout-bench-oulad-'));
  const lake = await openLake({ dataDir: lakeDir, database: 'risk_eval' });
  try {
    await migrate(lake);
    let started = performance.now();
    let events = 0;
    for (const run of runs) events += await loadOuladRun(lake, run);
    console.log(`replayed as ${events} tracking events through the parser in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const cutoffs: Cutoff[] = [];
    for (const run of runs) cutoffs.push(...(await runCutoffs(lake, run, every)));
    console.log(`${cutoffs.length} cut-offs (every ${every} days from day ${every}) evaluated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return cutoffs;
  } finally {
    await lake.close();
    // The engine may still be finishing a merge in there: retried, and only said when it stays.
    try {
      rmSync(lakeDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.log(`could not remove the bench's lake ${lakeDir} (${(e as Error).message}); delete it by hand`);
    }
  }
}

/**
 * The cache keeps what the features read of the signals: graded subsections as their weights
 * (titles and keys dropped, so the reasons name no subsection), dates as ISO text.
 */
export function writeCutoffs(path: string, cutoffs: Cutoff[]): void {
  const slim = (xs: { weight: number }[]) => xs.map((x) => x.weight);
  const out = cutoffs.map((c) => ({
    run: c.run.name,
    day: c.day,
    enrolled: c.enrolled,
    learners: c.learners.map((l) => ({
      userId: l.learner.userId,
      signals: { ...l.signals, work: { ...l.signals.work, due: slim(l.signals.work.due), missed: slim(l.signals.work.missed) } },
      rules: [...l.rules],
      platformLabel: l.platformLabel,
    })),
  }));
  writeFileSync(path, JSON.stringify(out));
  console.log(`cut-offs cached in ${path}`);
}

export function readCutoffs(path: string, runs: OuladRun[]): Cutoff[] {
  type Cached = { run: string; day: number; enrolled: number; learners: { userId: number; signals: any; rules: string[]; platformLabel: 0 | 1 | null }[] };
  const byName = new Map(runs.map((r) => [r.name, { run: r, learners: new Map(r.learners.map((l) => [l.userId, l])) }]));
  const fat = (ws: number[]) => ws.map((weight, i) => ({ key: String(i), title: `#${i + 1}`, due: new Date(0), weight }));
  const cutoffs = (JSON.parse(readFileSync(path, 'utf8')) as Cached[]).map((c) => {
    const r = byName.get(c.run)!;
    return {
      run: r.run,
      day: c.day,
      enrolled: c.enrolled,
      learners: c.learners.map((l) => {
        const signals = { ...l.signals, work: { ...l.signals.work, due: fat(l.signals.work.due), missed: fat(l.signals.work.missed) } } as LearnerSignals;
        return { learner: r.learners.get(l.userId)!, x: featureVector(signals), signals, rules: new Set(l.rules), platformLabel: l.platformLabel };
      }),
    };
  });
  console.log(`${cutoffs.length} cut-offs read from ${path} (not replayed)`);
  return cutoffs;
}

/**
 * What the score is trained to predict: 'withdrawal' (default, as the shipped prior), the lake's
 * own label (who unenrolled later); 'withdraw-or-fail', the dataset's final result of the training runs —
 * withdrawn or failed, the two ways of not finishing (on a platform: unenrolled, or the course
 * ended without a pass). OULAD lacks most exam submissions, so the lake's own grades cannot
 * tell a fail from a pass: the training runs' recorded results do.
 */
export type TrainingLabel = 'withdrawal' | 'withdraw-30' | 'withdraw-or-fail';
const TRAINING_LABELS: Record<TrainingLabel, { text: string; y: (l: CutoffLearner, day: number) => 0 | 1 | null }> = {
  withdrawal: { text: WITHDRAWAL_LABEL, y: (l) => l.platformLabel },
  // One model per label: the first test label's own (the training runs' withdrawal days).
  'withdraw-30': { text: 'withdraws within 30 days of the cut-off', y: (l, day) => (LABELS[0]!.positive(l.learner, day) ? 1 : 0) },
  'withdraw-or-fail': {
    text: 'withdraws or fails (the course run’s final result)',
    y: (l) => (l.learner.result === 'Withdrawn' || l.learner.result === 'Fail' ? 1 : 0),
  },
};

/**
 * How much the synthetic runs count in the prior, against OULAD's examples all together. As much
 * (1) put OULAD's AUC, in-sample, at 0.69 / 0.69 / 0.75 and 31 % of passers ever flagged; a third
 * gives 0.71 / 0.73 / 0.73 and 27 %, and the demo's quiet learners still lead the list with the days.
 */
const SYNTHETIC_WEIGHT = 1 / 3;

/** The platform's training routine (trainModel) on some cut-offs. */
function train(cutoffs: Cutoff[], every: number, label: TrainingLabel, synthetic?: { examples: Example[]; description: string }): RiskModel {
  const { text, y } = TRAINING_LABELS[label];
  const examples: Example[] = cutoffs.flatMap((c) => c.learners.flatMap((l) => (y(l, c.day) === null ? [] : [{ x: l.x, y: y(l, c.day)! }])));
  const runs = [...new Set(cutoffs.map((c) => c.run.name))];
  const withClicks = [...new Set(cutoffs.filter((c) => c.run.clicks.length > 0).map((c) => c.run.name))];
  const oulad =
    `OULAD (Kuzilek et al. 2017, CC BY 4.0) course runs ${runs.join(', ')}, replayed as tracking events (bench/risk-eval/oulad.ts): ` +
    `eligible learners at cut-offs every ${every} days${label === 'withdrawal' ? ` with ≥ ${OUTCOME_DAYS} days of outcome known` : ''}; ` +
    (withClicks.length === runs.length
      ? 'study activity there is the click log (studentVle: one event per learner, site and day) and the submissions'
      : withClicks.length
        ? `study activity there is the click log in ${withClicks.join(', ')} and assessment submissions only in the others`
        : 'study activity there is assessment submissions only (no click log)');
  if (!synthetic?.examples.length) return trainModel(examples, { label: text, trainedOn: oulad });
  const weight = (SYNTHETIC_WEIGHT * examples.length) / synthetic.examples.length;
  return trainModel([...examples, ...synthetic.examples.map((e) => ({ ...e, weight }))], {
    label: `${text}, or does no more study`,
    trainedOn: `${oulad}; and, counting a third as much, ${synthetic.description}, for what quiet days and video mean on a platform with a click log`,
  });
}

/**
 * The score beside two models trained for each test label on its own (the training runs' recorded
 * outcome): a logistic model like the score's, and boosted trees, which find thresholds and
 * interactions the logistic model cannot. Pooled AUC over the test learner-weeks, as the table's.
 */
function ceiling(training: Cutoff[], test: Cutoff[]): void {
  console.log('\n== ceiling: models trained for each label on the same features (training runs only), AUC on the test runs');
  const rows = test.flatMap((c) => c.learners.map((l) => ({ c, l })));
  const table: string[][] = [];
  for (const label of LABELS) {
    const examples = training.flatMap((c) => c.learners.map((l) => ({ x: l.x, y: (label.positive(l.learner, c.day) ? 1 : 0) as 0 | 1 })));
    const logistic = trainModel(examples, { label: label.name, trainedOn: 'the training runs' });
    const trees = trainBoostedTrees(examples.map((e) => e.x), examples.map((e) => e.y));
    const y = rows.map((r) => (label.positive(r.l.learner, r.c.day) ? 1 : 0) as 0 | 1);
    const judge = (score: (x: number[]) => number) => auc(rows.map((r) => score(r.l.x)), y).toFixed(2);
    table.push([label.name, judge((x) => scoreVector(logistic, x)), judge(trees), TARGETS[label.name]!.auc.toFixed(2)]);
  }
  printTable(['label', 'logistic, this label', 'boosted trees, this label', 'target'], table);
}

function describeModel(model: RiskModel, what: string): void {
  console.log(`model: ${what} — ${model.trainedOn}`);
  console.log(`  label: ${model.label}; ${model.examples} examples, ${model.positives} positive`);
  console.log(`  coefficients (standardised): ${model.features.map((f, j) => `${f} ${model.coef[j]!.toFixed(2)}`).join(', ')}`);
}

export interface CutoffLearner {
  learner: OuladLearner;
  x: number[];
  signals: LearnerSignals;
  rules: Set<string>;
  /** The platform's label (training), null when fewer than OUTCOME_DAYS are known after the cut-off. */
  platformLabel: 0 | 1 | null;
}

export interface Cutoff {
  run: OuladRun;
  day: number;
  enrolled: number;
  learners: CutoffLearner[];
}

export async function runCutoffs(lake: Parameters<typeof loadCohort>[0], run: OuladRun, every: number): Promise<Cutoff[]> {
  const horizon = runDay(run, run.lengthDays + OUTCOME_DAYS);
  const later = new Map((await loadCohort(lake, run.courseId, horizon, DEFAULT_THRESHOLDS)).everyone.map((l) => [l.userId, l]));
  const byId = new Map(run.learners.map((l) => [l.userId, l]));
  const out: Cutoff[] = [];
  for (let day = every; day < run.lengthDays; day += every) {
    const at = runDay(run, day);
    const cohort = await loadCohort(lake, run.courseId, at, DEFAULT_THRESHOLDS);
    const [signals, ...outcomes] = await Promise.all([learnerSignals(lake, cohort), ...RULE_NAMES.map((n) => RULES[n].evaluate(lake, cohort))]);
    const outcomeKnown = horizon.getTime() - at.getTime() >= OUTCOME_DAYS * DAY;
    out.push({
      run,
      day,
      enrolled: cohort.everyone.filter((l) => l.enrolled === true).length,
      learners: signals.map((s) => ({
        learner: byId.get(s.learner.userId)!,
        x: featureVector(s),
        signals: s,
        rules: new Set(RULE_NAMES.filter((_, i) => outcomes[i]!.flags.has(s.learner.userId))),
        platformLabel: outcomeKnown ? platformLabel(later.get(s.learner.userId), at, true) : null,
      })),
    });
  }
  return out;
}

interface Label {
  name: string;
  positive: (l: OuladLearner, day: number) => boolean;
  /** The day the outcome happened (lead is counted to it). */
  when: (l: OuladLearner, run: OuladRun) => number;
}

const withdrew = (l: OuladLearner) => l.result === 'Withdrawn';
const LABELS: Label[] = [
  { name: 'withdraws within 30 days', positive: (l, d) => withdrew(l) && l.unregistrationDay !== null && l.unregistrationDay >= d && l.unregistrationDay < d + 30, when: (l) => l.unregistrationDay! },
  { name: 'withdraws eventually', positive: (l) => withdrew(l), when: (l, r) => l.unregistrationDay ?? r.lengthDays },
  { name: 'withdraws or fails', positive: (l) => withdrew(l) || l.result === 'Fail', when: (l, r) => (withdrew(l) ? (l.unregistrationDay ?? r.lengthDays) : r.lengthDays) },
];
const TARGETS: Record<string, { auc: number }> = {
  'withdraws within 30 days': { auc: 0.8 },
  'withdraws eventually': { auc: 0.82 },
  'withdraws or fails': { auc: 0.88 },
};

/** Area under the ROC curve (ties count half), by ranks. */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (labels[idx[k]!]) {
      rankSum += avg;
      pos++;
    }
    i = j;
  }
  const neg = labels.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function report(test: Cutoff[], model: RiskModel, budget: number): void {
  // Who each flagger flags at each cut-off: the score within the budget, each rule, any rule.
  // 'score' is the product's list (chooseFlagged: flagged learners keep their place within
  // STAY_RANK_FACTOR × the budget, from one cut-off to the next of a run); 'score, no stay' the plain top of the ranking.
  const flaggers = ['score', 'score, no stay', ...RULE_NAMES, 'any rule'];
  const previous = new Map<string, Set<number>>();
  const scored = test.map((c) => {
    const ranked = rankLearners(model, c.learners.map((l) => l.signals));
    const count = flagBudget(c.enrolled, budget);
    const top = new Set(ranked.slice(0, count).map((r) => r.userId));
    const kept = chooseFlagged(ranked, count, previous.get(c.run.name) ?? new Set());
    previous.set(c.run.name, kept);
    const score = new Map(ranked.map((r) => [r.userId, r.score]));
    return c.learners.map((l) => {
      const flags = new Set<string>(l.rules);
      if (l.rules.size) flags.add('any rule');
      if (top.has(l.learner.userId)) flags.add('score, no stay');
      if (kept.has(l.learner.userId)) flags.add('score');
      return { c, l, score: score.get(l.learner.userId)!, flags };
    });
  });
  const rows = scored.flat();
  const enrolledTotal = test.reduce((n, c) => n + c.enrolled, 0);
  console.log(`${rows.length} learner-weeks at ${test.length} cut-offs (eligible learners: enrolled, not passed, enrolled ≥ ${DEFAULT_THRESHOLDS.newEnrollmentDays} days)`);
  const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '–');
  const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
  for (const label of LABELS) {
    const y = rows.map((r) => (label.positive(r.l.learner, r.c.day) ? 1 : 0) as 0 | 1);
    const base = y.reduce<number>((a, b) => a + b, 0) / y.length;
    console.log(`\n== ${label.name}: base rate ${pct(base)} %`);
    const table: string[][] = [];
    for (const f of flaggers) {
      const flagged = rows.map((r) => r.flags.has(f));
      const a = f.startsWith('score') ? auc(rows.map((r) => r.score), y) : auc(flagged.map(Number), y);
      let tp = 0;
      let n = 0;
      for (let i = 0; i < rows.length; i++) if (flagged[i]) {
        n++;
        tp += y[i]!;
      }
      const positives = y.reduce<number>((s, v) => s + v, 0);
      const precision = n ? tp / n : NaN;
      // Lead: per positive learner of a run, days from their first flag (at a cut-off where they were positive) to the outcome.
      const first = new Map<string, number>();
      rows.forEach((r, i) => {
        if (!flagged[i] || !y[i]) return;
        const key = `${r.c.run.name}/${r.l.learner.userId}`;
        const lead = label.when(r.l.learner, r.c.run) - r.c.day;
        first.set(key, Math.max(first.get(key) ?? -Infinity, lead));
      });
      const passers = new Map<string, boolean>();
      rows.forEach((r, i) => {
        if (r.l.learner.result !== 'Pass' && r.l.learner.result !== 'Distinction') return;
        const key = `${r.c.run.name}/${r.l.learner.userId}`;
        passers.set(key, (passers.get(key) ?? false) || flagged[i]!);
      });
      const passersFlagged = [...passers.values()].filter(Boolean).length / Math.max(1, passers.size);
      table.push([f, pct(n / enrolledTotal), f2(a), pct(precision), pct(positives ? tp / positives : NaN), f2(precision / base), String(median([...first.values()])), pct(passersFlagged)]);
    }
    printTable(['flagger', 'flags/100 enrolled', 'AUC', 'precision %', 'recall %', 'lift', 'median lead d', 'passers ever flagged %'], table);
    const target = TARGETS[label.name]!;
    const s = table[0]!;
    const lines = [`target AUC ≥ ${target.auc}: score ${s[2]} ${Number(s[2]) >= target.auc ? 'met' : 'NOT met'}`];
    if (label.name === 'withdraws eventually') {
      lines.push(`precision ≥ 2.5× random: ${s[5]}× ${Number(s[5]) >= 2.5 ? 'met' : 'NOT met'}`);
      lines.push(`median lead ≥ 14 d: ${s[6]} d ${Number(s[6]) >= 14 ? 'met' : 'NOT met'}`);
      lines.push(`eventual passers ever flagged ≤ 20 %: ${s[7]} % ${Number(s[7]) <= 20 ? 'met' : 'NOT met'}`);
    }
    console.log(`targets (score): ${lines.join('; ')}`);
    console.log(`score AUC at fixed points of each run: ${FIXED_POINTS.map((share) => fixedPointAuc(rows, share, label)).join('; ')}; ${perCutoffAuc(rows, label)}`);
  }
}

/**
 * The mean and range of the score's AUC within each cut-off (cut-offs with both outcomes only): the
 * table's AUC pools every learner-week, so it also asks the score to order learners of different
 * weeks and runs against each other, which no list does.
 */
function perCutoffAuc(rows: { c: Cutoff; l: CutoffLearner; score: number }[], label: Label): string {
  const byCutoff = new Map<Cutoff, typeof rows>();
  for (const r of rows) (byCutoff.get(r.c) ?? byCutoff.set(r.c, []).get(r.c)!).push(r);
  const values = [...byCutoff.values()]
    .map((at) => auc(at.map((r) => r.score), at.map((r) => (label.positive(r.l.learner, r.c.day) ? 1 : 0))))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (!values.length) return 'within a cut-off: –';
  const f2 = (x: number) => x.toFixed(2);
  return `within a cut-off: mean ${f2(values.reduce((a, b) => a + b, 0) / values.length)} (${values.length} cut-offs, ${f2(values[0]!)}–${f2(values.at(-1)!)})`;
}

/** Shares of a run's length where the score is also judged alone: one cut-off per run, the nearest. */
const FIXED_POINTS = [0.25, 0.5];

function fixedPointAuc(rows: { c: Cutoff; l: CutoffLearner; score: number }[], share: number, label: Label): string {
  const nearest = new Map<string, number>();
  for (const { c } of rows) {
    const best = nearest.get(c.run.name);
    const target = share * c.run.lengthDays;
    if (best === undefined || Math.abs(c.day - target) < Math.abs(best - target)) nearest.set(c.run.name, c.day);
  }
  const at = rows.filter((r) => nearest.get(r.c.run.name) === r.c.day);
  const y = at.map((r) => (label.positive(r.l.learner, r.c.day) ? 1 : 0) as 0 | 1);
  const positives = y.reduce<number>((a, b) => a + b, 0);
  const value = auc(at.map((r) => r.score), y);
  return `${Math.round(share * 100)} % ${Number.isFinite(value) ? value.toFixed(2) : '–'} (${at.length} learners, ${positives} positive)`;
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
