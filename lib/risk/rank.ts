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

/**
 * A flagged learner stays flagged while ranked within this many times the budget: the list does
 * not flicker as scores move a little from day to day, and fewer learners pass through it.
 */
export const STAY_RANK_FACTOR = 2;

/**
 * Who the budget flags, with hysteresis: learners flagged at the previous evaluation compete with
 * their rank divided by `stayFactor`, the others with their own rank (ties: the better rank); the
 * `budget` best go in. A flagged learner at rank 25 (budget 15, factor 2) keeps their place
 * against a newcomer at rank 13 or below, and a newcomer ranked 12 takes it; the list never holds
 * more than the budget.
 */
export function chooseFlagged(ranked: readonly { userId: number; rank: number }[], budget: number, wasFlagged: ReadonlySet<number>, stayFactor = STAY_RANK_FACTOR): Set<number> {
  const key = (r: { userId: number; rank: number }) => (wasFlagged.has(r.userId) ? r.rank / stayFactor : r.rank);
  return new Set([...ranked].sort((a, b) => key(a) - key(b) || a.rank - b.rank).slice(0, budget).map((r) => r.userId));
}
