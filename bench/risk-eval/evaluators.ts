import type { Lake } from '../../lib/lake/client';
import { lastEventAtOrBefore } from './score';
import type { EventTimes } from './load';

const DAY = 86_400_000;

/** One flagged learner at an evaluation time: the rules that fired and the severity. */
export interface Flagged {
  userId: number;
  rules: string[];
  severity: 'yellow' | 'red';
}

export type Evaluator = (courseId: string, at: Date) => Promise<Flagged[]>;

/** The product's rules engine (lib/risk), on the lake, with data up to `at` only. */
export async function realEvaluator(lake: Lake): Promise<Evaluator | undefined> {
  // Resolved at run time: the engine lands on this branch in parallel with the harness.
  const path = '../../lib/risk/evaluate.ts';
  let mod: { evaluateCourse?: (lake: Lake, o: { courseId: string; at: Date }) => Promise<{ userId: number; severity: 'yellow' | 'red'; flags: { rule: string }[] }[]> };
  try {
    mod = await import(path);
  } catch {
    return undefined;
  }
  const evaluateCourse = mod.evaluateCourse;
  if (!evaluateCourse) return undefined;
  return async (courseId, at) =>
    (await evaluateCourse(lake, { courseId, at }))
      .filter((r) => r.flags.length > 0)
      .map((r) => ({ userId: r.userId, rules: [...new Set(r.flags.map((f) => f.rule))], severity: r.severity }));
}

/**
 * A stand-in of two DESIGN §6 rules computed in JS from the generated events, used only
 * while lib/risk is not there: inactive (no event for ≥ 7 days, red from 14) and
 * disengaging (events in the 7 days before the last 7, none in the last 7).
 */
export function standInEvaluator(times: Map<string, EventTimes>): Evaluator {
  return async (courseId, at) => {
    const t = at.getTime();
    const out: Flagged[] = [];
    const course = times.get(courseId)!;
    for (const [userId, userTimes] of course.activity) {
      const enrolled = course.enrolledAt.get(userId)!;
      if (enrolled > t - 3 * DAY) continue;
      const last = lastEventAtOrBefore(userTimes, t) ?? enrolled;
      const idle = (t - last) / DAY;
      const rules: string[] = [];
      if (idle >= 7) rules.push('inactive');
      if (idle >= 7 && last > t - 14 * DAY) rules.push('disengaging');
      if (rules.length) out.push({ userId, rules, severity: idle >= 14 || rules.length > 1 ? 'red' : 'yellow' });
    }
    return out;
  };
}
