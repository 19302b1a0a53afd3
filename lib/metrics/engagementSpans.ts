import { GAP_CAP_SECONDS } from './timeSpent';
import { NOT_STAFF_SQL } from './scope';

/**
 * A learner's activity spans, each counted for its week (starting on the course's first day of the
 * week, {weekMode}: lib/metrics/weekStart.ts) and, when inside the
 * window, for the window too: learner_activity's 5-minute buckets, or for closed days already
 * rolled up ({rolled}) one learner_day_activity row per learner-day (see learnerDays.ts).
 * Columns: period ('window' or the week's first day), user_id, first_ms, last_ms, inside_ms, span_plays,
 * span_checks. Params: windowParams() over the weeks, {windowFrom}/{windowTo}, {rolled}
 * (Array(Date)), and {skipFrom}/{skipTo}: days whose buckets are not read at all (skippableDays).
 * Without `buckets` (every bucket of the weeks is skipped), the rollups alone: the buckets' half
 * would read nothing, yet cost more to plan than the rollups' half to run.
 */
export const periodSpansSql = ({ buckets = true } = {}) => `
  SELECT
    arrayJoin(if(at >= {windowFrom:DateTime64(3, 'UTC')} AND at < {windowTo:DateTime64(3, 'UTC')},
                 ['window', toString(toStartOfWeek(at, {weekMode:UInt8}))], [toString(toStartOfWeek(at, {weekMode:UInt8}))])) AS period,
    user_id, first_ms, last_ms, inside_ms, span_plays, span_checks
  FROM (${
    buckets
      ? `
    SELECT user_id, bucket AS at,
           toInt64(toUnixTimestamp64Milli(min(first_time))) AS first_ms, toInt64(toUnixTimestamp64Milli(max(last_time))) AS last_ms,
           last_ms - first_ms AS inside_ms,
           sum(video_plays) AS span_plays, sum(problem_checks) AS span_checks
    FROM learner_activity
    WHERE course_id = {courseId:String}
      AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
      AND NOT (bucket >= {skipFrom:DateTime64(3, 'UTC')} AND bucket < {skipTo:DateTime64(3, 'UTC')})
      AND toDate(bucket) NOT IN {rolled:Array(Date)}
      AND ${NOT_STAFF_SQL}
    GROUP BY user_id, bucket
    UNION ALL`
      : ''
  }
    SELECT user_id, toDateTime(day, 'UTC') AS at,
           toInt64(toUnixTimestamp64Milli(first_time)) AS first_ms, toInt64(toUnixTimestamp64Milli(last_time)) AS last_ms,
           internal_ms AS inside_ms, video_plays AS span_plays, problem_checks AS span_checks
    FROM learner_day_activity FINAL
    WHERE course_id = {courseId:String} AND day IN {rolled:Array(Date)}
      AND ${NOT_STAFF_SQL}
  )`;

/** periodSpansSql with the buckets. */
export const PERIOD_SPANS_SQL = periodSpansSql();

/**
 * Per period and learner, from span rows (columns period, user_id, first_ms, last_ms, inside_ms,
 * span_plays, span_checks): first_at and last_at (ms), internal (ms: the time inside the spans +
 * the gaps between them, each capped — DESIGN §5; spans of a learner do not overlap, so sorted by
 * start a gap is next first − previous last), plays, checks. A learner's time spent in the period
 * is internal / 1000 + TAIL_SECONDS.
 */
export const learnerPeriodsSql = (spans: string) => `
  SELECT period, user_id, min(first_ms) AS first_at, max(last_ms) AS last_at, sum(span_plays) AS plays, sum(span_checks) AS checks,
    arraySort(groupArray(first_ms)) AS firsts,
    arraySort((l, f) -> f, groupArray(last_ms), groupArray(first_ms)) AS lasts,
    sum(inside_ms) + arraySum(arrayMap((a, b) -> least(b - a, ${GAP_CAP_SECONDS * 1000}), arrayPopBack(lasts), arrayPopFront(firsts))) AS internal
  FROM (${spans})
  GROUP BY period, user_id`;
