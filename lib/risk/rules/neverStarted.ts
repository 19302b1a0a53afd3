import { DAY_MS, type Cohort } from '../cohort';
import type { Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

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
      flags.set(l.userId, {
        rule: 'neverStarted',
        severity: 'yellow',
        reason: formatMessage(from === l.enrolledAt.getTime() ? m.neverStartedSinceEnrolling : m.neverStartedSinceCourseStart, { days, started, enrolled }),
        since: new Date(from + neverStartedDays * DAY_MS).toISOString(),
      });
    }
    return { flags };
  },
};
