import type { LearnerSignals } from './features';
import { scoreLearner, type RiskModel } from './model';

export interface RankedLearner {
  userId: number;
  /** Probability of the model's label, 0–1. */
  score: number;
  /** 1 = most at risk. */
  rank: number;
  reasons: string[];
  signals: LearnerSignals;
}

/**
 * How many learners the list flags: at most `per100` of every 100 enrolled, rounded down
 * (a course of 6 at 15 per 100 flags none by score; hard alerts still can).
 */
export function flagBudget(enrolled: number, per100: number): number {
  return Math.max(0, Math.floor((enrolled * per100) / 100 + 1e-9));
}

/** Every learner scored and ranked, highest score first (ties: lower user id first). */
export function rankLearners(model: RiskModel, signals: readonly LearnerSignals[]): RankedLearner[] {
  return signals
    .map((s) => ({ userId: s.learner.userId, ...scoreLearner(model, s), rank: 0, signals: s }))
    .sort((a, b) => b.score - a.score || a.userId - b.userId)
    .map((r, i) => ({ ...r, rank: i + 1 }));
}
