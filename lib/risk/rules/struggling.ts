import type { Cohort } from '../cohort';
import { percentile, plural, round1, type Rule } from '../rule';
import type { RiskFlag } from '../types';

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
        reason = `${plural(l.attempts, 'attempt')} at problems, none correct`;
      } else if (l.correct > 0) {
        const ratio = l.attempts / l.correct;
        if (ratio > 1 && ratio >= high) {
          reason = `${round1(ratio)} attempts per correct answer (${l.attempts} attempts, ${l.correct} correct); ${strugglingPercentile}th percentile of ${ratios.length} learners ${round1(high)}`;
        }
      }
      if (reason) flags.set(l.userId, { rule: 'struggling', severity: 'yellow', reason });
    }
    return { flags, silent: peerRelative ? undefined : `attempts per correct answer not compared: ${plural(ratios.length, 'learner')} with a correct answer; needs ${minActivePeers}` };
  },
};
