/**
 * bench:risk-eval --ceiling's boosted trees (bench/risk-eval/boostedTrees.ts) on a cohort with a
 * known answer: the outcome is an interaction (at risk when quiet early in the course, or busy and
 * failing late) that no weighted sum of the two features orders, and trees do.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trainBoostedTrees } from '../../bench/risk-eval/boostedTrees';
import { auc } from '../../bench/risk-eval/ouladEval';
import { scoreVector, trainModel } from '../../lib/risk/model';
import { FEATURE_NAMES } from '../../lib/risk/features';

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function cohort(n: number, seed: number): { x: number[][]; y: (0 | 1)[] } {
  const next = random(seed);
  const x: number[][] = [];
  const y: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const quiet = next();
    const elapsed = next();
    // Every other feature the score knows is noise here.
    x.push(FEATURE_NAMES.map((_, j) => (j === 0 ? quiet : j === 1 ? elapsed : next())));
    y.push((quiet > 0.5) !== (elapsed > 0.5) ? 1 : 0);
  }
  return { x, y };
}

describe('boosted trees (bench:risk-eval --ceiling)', () => {
  const train = cohort(4000, 7);
  const test = cohort(2000, 11);

  it('order an interaction that a logistic model cannot', () => {
    const trees = trainBoostedTrees(train.x, train.y, { trees: 40, depth: 2, learningRate: 0.3, bins: 16, minLeaf: 50 });
    const logistic = trainModel(train.x.map((x, i) => ({ x, y: train.y[i]! })), { label: 'xor', trainedOn: 'test' });
    const treesAuc = auc(test.x.map(trees), test.y);
    const logisticAuc = auc(test.x.map((x) => scoreVector(logistic, x)), test.y);
    assert.ok(treesAuc > 0.95, `trees AUC ${treesAuc}`);
    assert.ok(logisticAuc < 0.6, `logistic AUC ${logisticAuc}`);
  });

  it('give the base rate on data with no signal', () => {
    const next = random(3);
    const x = Array.from({ length: 1000 }, () => FEATURE_NAMES.map(() => next()));
    const y = x.map((_, i) => (i % 4 === 0 ? 1 : 0) as 0 | 1);
    const trees = trainBoostedTrees(x, y, { trees: 10, depth: 2, learningRate: 0.1, bins: 8, minLeaf: 400 });
    const p = 1 / (1 + Math.exp(-trees(x[0]!)));
    assert.ok(Math.abs(p - 0.25) < 0.05, `probability ${p}`);
  });
});
