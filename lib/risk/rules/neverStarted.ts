import { DAY_MS, type Cohort } from '../cohort';
import { plural, type Rule } from '../rule';
import type { RiskFlag } from '../types';

/**
 * never started: enrolled ≥ neverStartedDays with no learner event. The days count from the
 * later of the enrollment and the course start: enrolling early is not "not starting".
 */
export const neverStarted: Rule = {
  name: 'neverStarted',
  async evaluate(_lake, cohort: Cohort) {
    const { neverStartedDays } = cohort.thresholds;
    const flags = new Map<number, RiskFlag>();
    const started = cohort.everyone.filter((l) => l.enrolled !== false && l.firstActivity).length;
    const enrolled = cohort.everyone.filter((l) => l.enrolled !== false).length;
    for (const l of cohort.eligible) {
      if (l.firstActivity || !l.enrolledAt) continue;
      const from = Math.max(l.enrolledAt.getTime(), cohort.start?.getTime() ?? 0);
      const days = Math.floor((cohort.at.getTime() - from) / DAY_MS);
      if (days < neverStartedDays) continue;
      const clock = from === l.enrolledAt.getTime() ? 'enrolled' : 'course started';
      flags.set(l.userId, {
        rule: 'neverStarted',
        severity: 'yellow',
        reason: `${clock} ${plural(days, 'day')} ago, no activity yet; ${started} of ${enrolled} enrolled learners have started`,
        since: new Date(from + neverStartedDays * DAY_MS).toISOString(),
      });
    }
    return { flags };
  },
};
