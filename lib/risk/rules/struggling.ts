import type { Cohort } from '../cohort';
import { percentile, round1, type Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

/**
 * struggling: attempts per correct answer (server problem_check, course to date) at or above
 * the strugglingPercentile of learners with a correct answer, and above 1 (getting everything
 * right first time is not struggling) — peer-relative, so only with ≥ minActivePeers such
 * learners; or ≥ strugglingAttemptsNoneCorrect attempts with none correct (any course size).
 * Features: the cohort's attempts and correct counts (learner_activity).
 */
export const struggling: Rule = {
  name: 'struggling',
  async evaluate(_lake, cohort: Cohort) {
    const { strugglingPercentile, strugglingAttemptsNoneCorrect, minActivePeers } = cohort.thresholds;
    const ratios = cohort.everyone.filter((l) => l.correct > 0).map((l) => l.attempts / l.correct);
    const peerRelative = ratios.length >= minActivePeers;
    const high = peerRelative ? percentile(ratios, strugglingPercentile) : Infinity;
    const flags = new Map<number, RiskFlag>();
    for (const l of cohort.eligible) {
      let reason: string | undefined;
      if (l.correct === 0 && l.attempts >= strugglingAttemptsNoneCorrect) {
        reason = formatMessage(m.noneCorrect, { attempts: l.attempts });
      } else if (l.correct > 0) {
        const ratio = l.attempts / l.correct;
        if (ratio > 1 && ratio >= high) {
          reason = formatMessage(m.attemptsPerCorrect, { ratio: round1(ratio), attempts: l.attempts, correct: l.correct, percentile: strugglingPercentile, learners: ratios.length, high: round1(high) });
        }
      }
      if (reason) flags.set(l.userId, { rule: 'struggling', severity: 'yellow', reason });
    }
    return { flags, silent: peerRelative ? undefined : formatMessage(m.notComparedFewPeers, { learners: ratios.length, needed: minActivePeers }) };
  },
};
