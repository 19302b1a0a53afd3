import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { NOT_STAFF_SQL, windowParams, type CourseWindow } from './scope';

/** DESIGN §5: a gap between a learner's consecutive events counts up to 5 minutes. */
export const GAP_CAP_SECONDS = 300;
/** Time credited for the last event of a learner in the window (reading what they opened last). */
export const TAIL_SECONDS = 60;
/** learner_activity's bucket width: windows must start and end on a bucket edge. */
export const BUCKET_SECONDS = 300;

/**
 * Per learner time spent in [from, to): the capped gaps between consecutive learner events
 * plus the fixed tail, from the 5-minute learner_activity buckets (exact, see migration 006).
 * Columns: user_id, seconds. Params: windowParams(). Use it as a subquery.
 */
export const TIME_SPENT_SQL = `
  SELECT
    user_id,
    arraySort(groupArray((toUnixTimestamp64Milli(first), toUnixTimestamp64Milli(last)))) AS spans,
    (arraySum(s -> s.2 - s.1, spans)
      + arraySum((a, b) -> least(b.1 - a.2, ${GAP_CAP_SECONDS * 1000}), arrayPopBack(spans), arrayPopFront(spans))
    ) / 1000 + ${TAIL_SECONDS} AS seconds
  FROM (
    SELECT user_id, bucket, min(first_time) AS first, max(last_time) AS last
    FROM learner_activity
    WHERE course_id = {courseId:String}
      AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
      AND ${NOT_STAFF_SQL}
    GROUP BY user_id, bucket
  )
  GROUP BY user_id`;

export interface LearnerTimeSpent {
  userId: number;
  seconds: number;
}

export function assertOnBucketEdges({ from, to }: CourseWindow): void {
  for (const d of [from, to]) {
    if (d.getTime() % (BUCKET_SECONDS * 1000) !== 0) throw new Error(`time window edge ${d.toISOString()} is not on a ${BUCKET_SECONDS / 60}-minute boundary`);
  }
}

/** Time spent by each learner of the course active in the window. */
export async function timeSpentByLearner(lake: Lake, window: CourseWindow): Promise<LearnerTimeSpent[]> {
  assertOnBucketEdges(window);
  const rows = await queryRows<{ user_id: string; seconds: number }>(lake, `SELECT user_id, seconds FROM (${TIME_SPENT_SQL}) ORDER BY user_id`, await windowParams(lake, window));
  return rows.map((r) => ({ userId: Number(r.user_id), seconds: Number(r.seconds) }));
}
