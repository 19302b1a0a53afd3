import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { learnerPeriodsSql, PERIOD_SPANS_SQL } from './engagementSpans';
import { weekMode } from './weekStart';
import { windowParams, type DashboardQuery } from './scope';
import { assertOnBucketEdges, TAIL_SECONDS } from './timeSpent';

export type EngagementCount = 'active' | 'watched' | 'tried';

/**
 * The learners behind engagement's counts (engagement.ts): the same learner periods
 * (learnerPeriodsSql over the activity buckets: learner events, staff left out — lib/events/activity.ts),
 * kept for the window; "watched" those with a video play, "tried" those with a problem check.
 * Columns: user_id, last_ms, seconds (time spent in the window).
 */
const LEARNERS_SQL = (count: EngagementCount) => `
  SELECT user_id, last_at AS last_ms, internal / 1000 + ${TAIL_SECONDS} AS seconds
  FROM (${learnerPeriodsSql(PERIOD_SPANS_SQL)})
  WHERE period = 'window'${count === 'watched' ? ' AND plays > 0' : count === 'tried' ? ' AND checks > 0' : ''}
  ORDER BY user_id`;

export interface EngagementLearner {
  userId: number;
  lastActivity: string;
  timeSpentSeconds: number;
}

export async function engagementLearners(lake: Lake, q: DashboardQuery, count: EngagementCount): Promise<EngagementLearner[]> {
  assertOnBucketEdges(q);
  const rows = await queryRows<{ user_id: string | number; last_ms: string | number; seconds: number }>(lake, LEARNERS_SQL(count), {
    ...(await windowParams(lake, q)),
    windowFrom: formatLakeTime(q.from),
    windowTo: formatLakeTime(q.to),
    // Every bucket read (none skipped, no day taken from the rollups): the same learners either way.
    rolled: [],
    skipFrom: formatLakeTime(new Date(0)),
    skipTo: formatLakeTime(new Date(0)),
    // Only the 'window' period is read: the weeks' first day does not matter here.
    weekMode: weekMode('monday'),
  });
  return rows.map((r) => ({ userId: Number(r.user_id), lastActivity: new Date(Number(r.last_ms)).toISOString(), timeSpentSeconds: Math.round(Number(r.seconds)) }));
}
