import { DAY_MS, type Cohort } from '../cohort';
import { windowParams } from '../../metrics/scope';
import { TIME_SPENT_SQL } from '../../metrics/timeSpent';
import { compactRows } from '../compactRows';
import { formatDuration, percentile, plural, type Rule } from '../rule';
import type { RiskFlag } from '../types';

export const ACTIVITY_WEEK_DAYS = 7;

/**
 * activity drop: among learners active in the last 7 days, one whose active time (DESIGN §5
 * time spent) is at or below the activityDropPercentile of active peers, or at least
 * activityDropBelowAverage below their average. Peer-relative: silent with fewer than
 * minActivePeers active learners. Learners with no activity at all are inactive, not this.
 * The window ends at the bucket edge before `at` (learner_activity's 5-minute grain).
 */
export const activityDrop: Rule = {
  name: 'activityDrop',
  async evaluate(lake, cohort: Cohort) {
    const { activityDropPercentile, activityDropBelowAverage, minActivePeers } = cohort.thresholds;
    const to = cohort.edge;
    const from = new Date(to.getTime() - ACTIVITY_WEEK_DAYS * DAY_MS);
    // Active = studied in the window; a learner who only enrolled in it is not a peer.
    const studied = new Set(cohort.everyone.filter((l) => l.lastActivity && l.lastActivity >= from).map((l) => l.userId));
    const rows = await compactRows<[number, number]>(lake, `SELECT user_id, seconds FROM (${TIME_SPENT_SQL})`, await windowParams(lake, cohort, { from, to }));
    const spent = rows.filter(([userId]) => studied.has(userId)).map(([userId, seconds]) => ({ userId, seconds }));
    const flags = new Map<number, RiskFlag>();
    if (spent.length < minActivePeers) {
      return { flags, silent: `${plural(spent.length, 'learner')} active in the last ${ACTIVITY_WEEK_DAYS} days; needs ${minActivePeers}` };
    }
    const seconds = spent.map((s) => s.seconds);
    const low = percentile(seconds, activityDropPercentile);
    const average = seconds.reduce((a, b) => a + b, 0) / seconds.length;
    const belowAverage = (1 - activityDropBelowAverage) * average;
    const byUser = new Map(spent.map((s) => [s.userId, s.seconds]));
    for (const l of cohort.eligible) {
      const mine = byUser.get(l.userId);
      if (mine === undefined) continue;
      const underPercentile = mine <= low;
      const underAverage = mine <= belowAverage;
      if (!underPercentile && !underAverage) continue;
      const why = underPercentile
        ? `${activityDropPercentile}th percentile of ${spent.length} active learners ${formatDuration(low)}`
        : `${Math.round((1 - mine / average) * 100)} % below the course average ${formatDuration(average)}`;
      flags.set(l.userId, {
        rule: 'activityDrop',
        severity: 'yellow',
        reason: `active ${formatDuration(mine)} in the last ${ACTIVITY_WEEK_DAYS} days; ${why}`,
      });
    }
    return { flags };
  },
};
