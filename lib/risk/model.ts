/**
 * The risk score: a logistic regression on the learner features (lib/risk/features.ts), fitted
 * here in TypeScript by Newton's method with an L2 penalty (per example) on standardised features.
 *
 * Why not ClickHouse's stochasticLogisticRegression: it is stochastic gradient descent whose
 * result depends on how the engine splits and merges the data (threads, parts), with a fixed
 * learning rate on unscaled features and no intercept control, so the same history could give
 * different models on chDB and on a server; and its per-feature contributions are not exposed,
 * which the reasons need. A dozen features and tens of thousands of learner-weeks fit in
 * milliseconds here, deterministically, and the coefficients are plain JSON.
 */
import { FEATURE_NAMES, FEATURES, featureVector, type FeatureName, type LearnerSignals } from './features';

export interface RiskModel {
  kind: 'logistic';
  /** What the probability is of (the training label), in words. */
  label: string;
  /** What it was trained on, in words (data, runs, cut-offs). */
  trainedOn: string;
  trainedAt: string;
  examples: number;
  positives: number;
  features: FeatureName[];
  mean: number[];
  sd: number[];
  /** On the standardised features. */
  coef: number[];
  intercept: number;
}

export interface Example {
  x: number[];
  y: 0 | 1;
  /** How much the example counts (default 1): sources of different sizes can count alike. */
  weight?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / pivot;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

export interface TrainOptions {
  label: string;
  trainedOn: string;
  /**
   * L2 penalty on the standardised coefficients (not the intercept), per example: the total is
   * l2 × examples, so a large history still shrinks collinear features (grade against weight
   * due and against work attempted) instead of giving them opposite signs, whose reasons then
   * read backwards (a high grade pushing the risk up). Default 0.01.
   */
  l2?: number;
  now?: Date;
}

/** Fits the model; features with no spread in the data get a zero coefficient. */
export function trainModel(examples: readonly Example[], opts: TrainOptions): RiskModel {
  const d = FEATURE_NAMES.length;
  if (examples.length === 0) throw new Error('no examples to train on');
  const weight = examples.map((e) => e.weight ?? 1);
  const n = weight.reduce((a, b) => a + b, 0);
  const mean = Array.from({ length: d }, (_, j) => examples.reduce((a, e, i) => a + weight[i]! * e.x[j]!, 0) / n);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(examples.reduce((a, e, i) => a + weight[i]! * (e.x[j]! - mean[j]!) ** 2, 0) / n));
  const z = examples.map((e) => [1, ...e.x.map((v, j) => (sd[j]! > 1e-9 ? (v - mean[j]!) / sd[j]! : 0))]);
  const l2 = (opts.l2 ?? 0.01) * n;
  const w = new Array(d + 1).fill(0);
  const positives = examples.filter((e) => e.y === 1).length;
  const weightedPositives = examples.reduce((a, e, i) => a + (e.y === 1 ? weight[i]! : 0), 0);
  w[0] = Math.log((weightedPositives + 0.5) / (n - weightedPositives + 0.5));
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
    for (let i = 0; i < examples.length; i++) {
      const xi = z[i]!;
      const p = sigmoid(xi.reduce((a, v, j) => a + v * w[j], 0));
      const r = weight[i]! * (p - examples[i]!.y);
      const h = weight[i]! * Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j <= d; j++) {
        grad[j] += r * xi[j]!;
        if (xi[j] === 0) continue;
        for (let k = j; k <= d; k++) hess[j]![k] += h * xi[j]! * xi[k]!;
      }
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!;
    for (let j = 1; j <= d; j++) {
      grad[j] += l2 * w[j];
      hess[j]![j] += l2;
    }
    const step = solve(hess, grad);
    let change = 0;
    for (let j = 0; j <= d; j++) {
      w[j] -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-7) break;
  }
  return {
    kind: 'logistic',
    label: opts.label,
    trainedOn: opts.trainedOn,
    trainedAt: (opts.now ?? new Date()).toISOString(),
    examples: examples.length,
    positives,
    features: [...FEATURE_NAMES],
    mean,
    sd,
    coef: w.slice(1).map((c, j) => (sd[j]! > 1e-9 ? c : 0)),
    intercept: w[0],
  };
}

/** Each feature's push on the log-odds against the training population's average learner. */
function contributions(model: RiskModel, x: readonly number[]): number[] {
  return model.features.map((_, j) => (model.sd[j]! > 1e-9 ? (model.coef[j]! * (x[j]! - model.mean[j]!)) / model.sd[j]! : 0));
}

/** The probability (0–1) for a feature vector in the model's feature order. */
export function scoreVector(model: RiskModel, x: readonly number[]): number {
  return sigmoid(model.intercept + contributions(model, x).reduce((a, b) => a + b, 0));
}

export interface Scored {
  score: number;
  /** The features that push the score up most, in words with their numbers (at most `max`). */
  reasons: string[];
}

/** A model from JSON that names features this code does not have (or lacks some) is refused. */
export function checkModel(model: RiskModel): RiskModel {
  const same = model.features.length === FEATURE_NAMES.length && model.features.every((f, i) => f === FEATURE_NAMES[i]);
  if (model.kind !== 'logistic' || !same) throw new Error(`risk model features ${model.features.join(', ')} do not match ${FEATURE_NAMES.join(', ')}`);
  return model;
}

export function scoreLearner(model: RiskModel, s: LearnerSignals, max = 3): Scored {
  const x = featureVector(s);
  const c = contributions(model, x);
  const score = sigmoid(model.intercept + c.reduce((a, b) => a + b, 0));
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const j of c.map((_, j) => j).sort((a, b) => c[b]! - c[a]!)) {
    if (reasons.length >= max || c[j]! <= 0.05) break;
    const describe = FEATURES[model.features[j]!].reason;
    if (!describe) continue;
    const text = describe(s);
    if (text === null) continue;
    if (!seen.has(text)) reasons.push(text);
    seen.add(text);
  }
  return { score, reasons };
}
