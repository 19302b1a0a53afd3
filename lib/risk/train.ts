/**
 * The risk score learns from the platform's own history: at weekly cut-offs of finished course
 * runs, and of the earlier weeks of running ones whose outcome is known by now, each eligible
 * learner's features as they were at the cut-off (data ≤ cut-off only) against what they did
 * next. Retrained on a schedule (server: RISK_RETRAIN_MS); until a platform has enough history,
 * the shipped prior (priorModel.json) scores.
 */
import { readFileSync } from 'node:fs';
import type { Lake } from '../lake/client';
import { withLanePriority } from '../lake/lane';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { DAY_MS, loadCohort, type CohortLearner } from './cohort';
import { featureVector, learnerSignals } from './features';
import { checkModel, trainModel, type Example, type RiskModel } from './model';
import { DEFAULT_THRESHOLDS, type RiskThresholds } from './types';

/** The outcome needs this much known history after a cut-off. */
export const OUTCOME_DAYS = 30;
export const CUTOFF_EVERY_DAYS = 7;
/** Below these a platform keeps the prior: a model from a handful of learners is noise. */
export const MIN_EXAMPLES = 500;
export const MIN_POSITIVES = 50;

export const PLATFORM_LABEL = `withdraws (unenrolls) or does no more study for the rest of the known history (≥ ${OUTCOME_DAYS} days after the cut-off)`;

/**
 * Training examples of one course: its eligible learners at each cut-off with the label
 * PLATFORM_LABEL as known at `horizon` (the course end plus OUTCOME_DAYS, or now if sooner).
 */
export async function courseExamples(lake: Lake, courseId: string, cutoffs: readonly Date[], horizon: Date, thresholds: RiskThresholds = DEFAULT_THRESHOLDS): Promise<Example[]> {
  const usable = cutoffs.filter((c) => horizon.getTime() - c.getTime() >= OUTCOME_DAYS * DAY_MS);
  if (!usable.length) return [];
  const later = await loadCohort(lake, courseId, horizon, thresholds);
  const outcome = new Map(later.everyone.map((l) => [l.userId, l]));
  const examples: Example[] = [];
  for (const at of usable) {
    const cohort = await loadCohort(lake, courseId, at, thresholds);
    for (const s of await learnerSignals(lake, cohort)) examples.push({ x: featureVector(s), y: platformLabel(outcome.get(s.learner.userId), at) });
  }
  return examples;
}

export const WITHDRAWAL_LABEL = 'withdraws (unenrolls) before the end of the known history';

/**
 * The label of a learner at a cut-off, from the cohort at the horizon: PLATFORM_LABEL, or with
 * `withdrawalOnly` WITHDRAWAL_LABEL (for history whose study record is partial, e.g. OULAD's,
 * which lacks most exam submissions: there "no more study" is an artefact of the data).
 */
export function platformLabel(later: CohortLearner | undefined, at: Date, withdrawalOnly = false): 0 | 1 {
  if (later?.enrolled === false) return 1;
  if (withdrawalOnly) return 0;
  return !later?.lastActivity || later.lastActivity.getTime() <= at.getTime() ? 1 : 0;
}

/** Weekly cut-offs from the first week of a course to `until`. */
export function weeklyCutoffs(start: Date, until: Date): Date[] {
  const out: Date[] = [];
  for (let t = start.getTime() + CUTOFF_EVERY_DAYS * DAY_MS; t <= until.getTime(); t += CUTOFF_EVERY_DAYS * DAY_MS) out.push(new Date(t));
  return out;
}

/** History older than this is not read: courses change, and the daily retraining must stay cheap. */
export const HISTORY_DAYS = 365;
/** At most this many cut-offs per course (the latest ones). */
export const MAX_CUTOFFS_PER_COURSE = 26;

const COURSES_SQL = `
  SELECT course_id, argMax(start, updated_at) AS start, argMax(end, updated_at) AS end
  FROM courses GROUP BY course_id
  HAVING start IS NOT NULL AND start < {latest:DateTime64(3, 'UTC')} AND (end IS NULL OR end >= {oldest:DateTime64(3, 'UTC')})`;

/** Retrains the platform model from every course with dates; stores it when there is enough history. */
export async function retrainRiskModel(
  lake: Lake,
  now = new Date(),
  least: { examples: number; positives: number } = { examples: MIN_EXAMPLES, positives: MIN_POSITIVES },
): Promise<{ stored: boolean; examples: number; positives: number; courses: number }> {
  const latest = new Date(now.getTime() - OUTCOME_DAYS * DAY_MS);
  const oldest = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
  const rows = await queryRows<{ course_id: string; start: string | null; end: string | null }>(lake, COURSES_SQL, { latest: formatLakeTime(latest), oldest: formatLakeTime(oldest) });
  const examples: Example[] = [];
  let courses = 0;
  for (const r of rows) {
    const start = parseLakeTime(r.start!);
    const end = r.end ? parseLakeTime(r.end) : null;
    const horizon = new Date(Math.min(now.getTime(), (end?.getTime() ?? now.getTime()) + OUTCOME_DAYS * DAY_MS));
    const until = new Date(Math.min(latest.getTime(), end?.getTime() ?? latest.getTime()));
    const found = await courseExamples(lake, r.course_id, weeklyCutoffs(start, until).slice(-MAX_CUTOFFS_PER_COURSE), horizon);
    if (found.length) courses++;
    examples.push(...found);
  }
  const positives = examples.filter((e) => e.y === 1).length;
  if (examples.length < least.examples || positives < least.positives || examples.length - positives < least.positives) {
    return { stored: false, examples: examples.length, positives, courses };
  }
  const model = trainModel(examples, {
    label: PLATFORM_LABEL,
    trainedOn: `this platform: ${courses} course runs, weekly cut-offs up to ${latest.toISOString().slice(0, 10)}`,
    now,
  });
  await storeModel(lake, model, now);
  modelCache = undefined;
  return { stored: true, examples: examples.length, positives, courses };
}

export async function storeModel(lake: Lake, model: RiskModel, now = new Date()): Promise<void> {
  await lake.client.insert({
    table: 'risk_models',
    values: [{ scope: 'global', key: '', model: JSON.stringify(model), trained_at: formatLakeTime(now), examples: model.examples, positives: model.positives, version: now.getTime() }],
    format: 'JSONEachRow',
  });
}

let prior: RiskModel | undefined;
/** The shipped prior (lib/risk/priorModel.json; how it was made is in its trainedOn). */
export function priorModel(): RiskModel {
  prior ??= checkModel(JSON.parse(readFileSync(new URL('./priorModel.json', import.meta.url), 'utf8')) as RiskModel);
  return prior;
}

const MODEL_CACHE_MS = 60_000;
let modelCache: { at: number; lake: Lake; model: RiskModel } | undefined;

/** The platform's latest trained model, else the prior. A stored model this code cannot read is skipped. */
export async function currentModel(lake: Lake, now = Date.now()): Promise<RiskModel> {
  if (modelCache && modelCache.lake === lake && now - modelCache.at < MODEL_CACHE_MS) return modelCache.model;
  const [row] = await queryRows<{ model: string }>(lake, `SELECT model FROM risk_models FINAL WHERE scope = 'global' AND key = '' LIMIT 1`);
  let model = priorModel();
  if (row) {
    try {
      model = checkModel(JSON.parse(row.model) as RiskModel);
    } catch {
      // features changed since it was trained: the next retraining replaces it
    }
  }
  modelCache = { at: now, lake, model };
  return model;
}

/** The server retrains once a day, the first time a few minutes after it starts. */
export const RISK_RETRAIN_MS = 24 * 3_600_000;
const FIRST_RETRAIN_MS = 5 * 60_000;

/**
 * Retrains on a schedule in the background lane (other statements go first); a failure is
 * logged and the previous model stays. Returns the stop function.
 */
export function scheduleRiskRetraining(lake: Lake, log: { info(o: object, m: string): void; warn(o: object, m: string): void }): () => Promise<void> {
  let timer: NodeJS.Timeout;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    running = withLanePriority('background', () => retrainRiskModel(lake))
      .then((r) => log.info(r, r.stored ? 'risk model retrained' : 'risk model kept: not enough history yet'))
      .catch((err: unknown) => log.warn({ err }, 'risk model retraining failed'))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        timer = setTimeout(run, RISK_RETRAIN_MS);
        timer.unref();
      });
  };
  timer = setTimeout(run, FIRST_RETRAIN_MS);
  timer.unref();
  // A stop waits for a retraining under way: its statements would be cut off inside the engine.
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
