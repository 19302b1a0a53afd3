import type { Lake } from '../lake/client';
import type { Cohort } from './cohort';
import type { RiskFlag, RuleName } from './types';

export interface RuleOutcome {
  /** The learners the rule flags (eligible learners only), by user id. */
  flags: Map<number, RiskFlag>;
  /** Why the rule could not judge this course at all (e.g. too few active peers, no due dates). */
  silent?: string;
}

/** One early-warning rule (DESIGN §6): its features query, its decision and its reason. */
export interface Rule {
  name: RuleName;
  evaluate(lake: Lake, cohort: Cohort): Promise<RuleOutcome>;
}

/** Linear-interpolation percentile (p 0–100) of numbers; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Seconds as "45 min", "2 h 5 min", "30 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** A number with at most one decimal. */
export function round1(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
