import { gaps, loadActivityDays } from '../activityDays';
import { DAY_MS, type Cohort } from '../cohort';
import { median, type Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

/** Whole days from `last` to `at`. */
export function daysSince(last: Date, at: Date): number {
  return Math.floor((at.getTime() - last.getTime()) / DAY_MS);
}

/**
 * inactive: quiet for longer than is usual for this learner — at least inactiveGapFactor times
 * their usual gap between study days (median, from 2 gaps on; else the course's usual gap, the
 * median of its learners' own) and at least inactiveYellowDays (yellow); red at twice that and
 * at least inactiveRedDays. A fixed 7 days for everyone flagged weekly learners every week and
 * learners who pause and come back (measured: 34 % precision on real learners, issue 18).
 * Learners who never started are the never-started rule's.
 */
export const inactive: Rule = {
  name: 'inactive',
  async evaluate(lake, cohort: Cohort) {
    const { inactiveYellowDays, inactiveRedDays, inactiveGapFactor } = cohort.thresholds;
    const days = await loadActivityDays(lake, cohort);
    const usual = new Map<number, number>();
    for (const l of cohort.everyone) {
      const g = gaps(days.get(l.userId) ?? []);
      if (g.length >= 2) usual.set(l.userId, Math.max(1, median(g)));
    }
    const courseGap = usual.size ? Math.max(1, median([...usual.values()])) : 1;
    const flags = new Map<number, RiskFlag>();
    for (const l of cohort.eligible) {
      if (!l.lastActivity) continue;
      const quiet = daysSince(l.lastActivity, cohort.at);
      const gap = usual.get(l.userId);
      const yellowAt = Math.max(inactiveYellowDays, Math.ceil(inactiveGapFactor * (gap ?? courseGap)));
      if (quiet < yellowAt) continue;
      const redAt = Math.max(inactiveRedDays, 2 * yellowAt);
      flags.set(l.userId, {
        rule: 'inactive',
        severity: quiet >= redAt ? 'red' : 'yellow',
        reason: formatMessage(gap !== undefined ? m.inactiveOwnHabit : m.inactiveCourseHabit, { days: quiet, usual: Math.round(gap ?? courseGap) }),
        since: new Date(l.lastActivity.getTime() + yellowAt * DAY_MS).toISOString(),
      });
    }
    return { flags };
  },
};
