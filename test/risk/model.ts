import { FEATURE_NAMES, type FeatureName } from '../../lib/risk/features';
import type { RiskModel } from '../../lib/risk/model';

/** A hand-set model: log-odds = intercept + Σ weight × raw feature value (no standardising). */
export function handModel(weights: Partial<Record<FeatureName, number>>, intercept = 0): RiskModel {
  return {
    kind: 'logistic',
    label: 'test label',
    trainedOn: 'hand-set in the test',
    trainedAt: '2026-01-01T00:00:00.000Z',
    examples: 0,
    positives: 0,
    features: [...FEATURE_NAMES],
    mean: FEATURE_NAMES.map(() => 0),
    sd: FEATURE_NAMES.map(() => 1),
    coef: FEATURE_NAMES.map((f) => weights[f] ?? 0),
    intercept,
  };
}
