import { DAY_MS, type Cohort } from '../cohort';
import { median, plural, type Rule } from '../rule';
import type { RiskFlag } from '../types';

/** Whole days from `last` to `at`. */
export function daysSince(last: Date, at: Date): number {
  return Math.floor((at.getTime() - last.getTime()) / DAY_MS);
}

/**
 * inactive: no learner event for ≥ inactiveYellowDays (yellow), ≥ inactiveRedDays (red).
 * Learners who never started are the never-started rule's. Features: the cohort's last activity.
 * The reason's "course median gap" is the median of days since last activity of the course's
 * enrolled learners who started (DESIGN §6's example), to show whether the whole course is quiet.
 */
export const inactive: Rule = {
  name: 'inactive',
  async evaluate(_lake, cohort: Cohort) {
    const { inactiveYellowDays, inactiveRedDays } = cohort.thresholds;
    const gaps = cohort.everyone.filter((l) => l.lastActivity && l.enrolled !== false).map((l) => daysSince(l.lastActivity!, cohort.at));
    const typical = median(gaps);
    const flags = new Map<number, RiskFlag>();
    for (const l of cohort.eligible) {
      if (!l.lastActivity) continue;
      const days = daysSince(l.lastActivity, cohort.at);
      if (days < inactiveYellowDays) continue;
      flags.set(l.userId, {
        rule: 'inactive',
        severity: days >= inactiveRedDays ? 'red' : 'yellow',
        reason: `no activity for ${plural(days, 'day')}; course median gap ${plural(Math.round(typical), 'day')}`,
        since: new Date(l.lastActivity.getTime() + inactiveYellowDays * DAY_MS).toISOString(),
      });
    }
    return { flags };
  },
};
