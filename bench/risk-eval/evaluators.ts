import type { Lake } from '../../lib/lake/client';
import { combineSeverity, ruleFlags } from '../../lib/risk/evaluate';
import type { RiskThresholds } from '../../lib/risk/types';

/** One flagged learner at an evaluation time: the rules that fired and the severity. */
export interface Flagged {
  userId: number;
  rules: string[];
  severity: 'yellow' | 'red';
}

export type Evaluator = (courseId: string, at: Date) => Promise<Flagged[]>;

/** The product's rules engine (lib/risk) on the lake, with data up to `at` only. */
export function rulesEvaluator(lake: Lake, thresholds?: RiskThresholds): Evaluator {
  return async (courseId, at) =>
    [...(await ruleFlags(lake, { courseId, at, thresholds }))].map(([userId, flags]) => ({ userId, rules: [...new Set(flags.map((f) => f.rule))], severity: combineSeverity(flags) }));
}
