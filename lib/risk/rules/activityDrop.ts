import { activeDaysIn, dayNumber, loadActivityDays } from '../activityDays';
import type { Cohort } from '../cohort';
import { BASELINE_DAYS } from '../features';
import { round1, type Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

export const ACTIVITY_WEEK_DAYS = 7;

/**
 * activity drop: a drop against the learner's own habit, not against peers — study days in the
 * last 7 days at least activityDropShare below their weekly rate in the BASELINE_DAYS before,
 * which must hold at least activityDropMinBaselineDays study days (someone who rarely studied
 * has nothing to drop from). Comparing with the course average flagged most learners, since
 * time spent is always skewed (measured, issue 18). A learner with no study day in the last 7
 * is the inactive rule's, not this one's.
 */
export const activityDrop: Rule = {
  name: 'activityDrop',
  async evaluate(lake, cohort: Cohort) {
    const { activityDropShare, activityDropMinBaselineDays } = cohort.thresholds;
    const days = await loadActivityDays(lake, cohort);
    const today = dayNumber(cohort.at);
    const flags = new Map<number, RiskFlag>();
    for (const l of cohort.eligible) {
      const mine = days.get(l.userId);
      if (!mine) continue;
      const before = activeDaysIn(mine, today - 6 - BASELINE_DAYS, today - 6);
      if (before < activityDropMinBaselineDays) continue;
      const perWeek = (before * ACTIVITY_WEEK_DAYS) / BASELINE_DAYS;
      const last = activeDaysIn(mine, today - 6, today + 1);
      if (last === 0 || last > (1 - activityDropShare) * perWeek) continue;
      flags.set(l.userId, {
        rule: 'activityDrop',
        severity: 'yellow',
        reason: formatMessage(m.activityDrop, { days: last, weekDays: ACTIVITY_WEEK_DAYS, perWeek: round1(perWeek), baselineDays: BASELINE_DAYS, drop: Math.round((1 - last / perWeek) * 100) }),
      });
    }
    return { flags };
  },
};
