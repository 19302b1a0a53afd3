import { DAY_MS, type Cohort } from '../cohort';
import { queryRows } from '../../lake/query';
import { formatLakeTime } from '../../lake/time';
import { TIME_SPENT_SQL } from '../../metrics/timeSpent';
import { windowParams } from '../../metrics/scope';
import { ACTIVITY_AT_SQL, cohortParams } from '../cohort';
import { formatDuration, percentile, plural, type Rule } from '../rule';
import type { RiskFlag } from '../types';

export const ACTIVITY_WEEK_DAYS = 7;

/** Time spent (DESIGN §5) in [{from}, {to}) of the learners who did more than enroll in it. */
const WEEK_TIME_SQL = `
  SELECT user_id, seconds FROM (${TIME_SPENT_SQL})
  WHERE user_id IN (SELECT user_id FROM (${ACTIVITY_AT_SQL}) WHERE bucket >= {fromBucket:DateTime64(3, 'UTC')})`;

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
    const rows = await queryRows<{ user_id: string; seconds: number }>(lake, WEEK_TIME_SQL, {
      ...cohortParams(cohort),
      ...windowParams({ courseId: cohort.courseId, from, to }),
      fromBucket: formatLakeTime(from),
    });
    const spent = rows.map((r) => ({ userId: Number(r.user_id), seconds: Number(r.seconds) }));
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
