import { queryRows } from '../../lake/query';
import { formatLakeTime } from '../../lake/time';
import { ACTIVITY_AT_SQL, cohortParams, DAY_MS, type Cohort } from '../cohort';
import type { Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

/** Active days (UTC dates) per learner of {ids} touching [{from}, {to}), and their events. */
const ACTIVE_DAYS_SQL = `
  SELECT user_id, uniqExact(day) AS days, sum(events) AS events
  FROM (${ACTIVITY_AT_SQL})
  WHERE user_id IN {ids:Array(UInt64)} AND last_time >= {from:DateTime64(3, 'UTC')} AND first_time < {to:DateTime64(3, 'UTC')}
  GROUP BY user_id`;

/**
 * disengaging: active in the disengagingDays before the last disengagingDays, none since.
 * Decided on the last activity (in the earlier window means none in the later); the features
 * query counts the active days of that earlier window for the reason.
 */
export const disengaging: Rule = {
  name: 'disengaging',
  async evaluate(lake, cohort: Cohort) {
    const d = cohort.thresholds.disengagingDays;
    const windowStart = cohort.at.getTime() - 2 * d * DAY_MS;
    const windowEnd = cohort.at.getTime() - d * DAY_MS;
    const candidates = cohort.eligible.filter((l) => l.lastActivity && l.lastActivity.getTime() >= windowStart && l.lastActivity.getTime() < windowEnd);
    const flags = new Map<number, RiskFlag>();
    if (!candidates.length) return { flags };
    const rows = await queryRows<{ user_id: string; days: string; events: string }>(lake, ACTIVE_DAYS_SQL, {
      ...cohortParams(cohort),
      from: formatLakeTime(new Date(windowStart)),
      to: formatLakeTime(new Date(windowEnd)),
      ids: candidates.map((l) => l.userId),
    });
    const activeDays = new Map(rows.map((r) => [Number(r.user_id), { days: Number(r.days), events: Number(r.events) }]));
    for (const l of candidates) {
      const before = activeDays.get(l.userId) ?? { days: 1, events: 0 };
      flags.set(l.userId, {
        rule: 'disengaging',
        severity: 'yellow',
        reason: formatMessage(m.disengaging, { days: before.days, events: before.events, windowDays: d, quietDays: d }),
        since: new Date(l.lastActivity!.getTime() + d * DAY_MS).toISOString(),
      });
    }
    return { flags };
  },
};
