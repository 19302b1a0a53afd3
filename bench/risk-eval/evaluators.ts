import type { Lake } from '../../lib/lake/client';
import { evaluateCourse } from '../../lib/risk/evaluate';
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
    (await evaluateCourse(lake, { courseId, at, thresholds }))
      .filter((r) => r.flags.length > 0)
      .map((r) => ({ userId: r.userId, rules: [...new Set(r.flags.map((f) => f.rule))], severity: r.severity }));
}
