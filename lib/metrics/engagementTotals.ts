import { firstEventSql, type TotalsKind } from './closedDayTotals';
import { learnerPeriodsSql, PERIOD_SPANS_SQL } from './engagementSpans';
import { GAP_CAP_SECONDS, TAIL_SECONDS } from './timeSpent';

/**
 * The per-learner and per-period totals of the closed days before {through} (migration 061), from
 * their learner-day rows: each day counts for 'window' (the totals serve windows that hold the
 * whole course) and for its Monday-to-Monday week (so they serve courses whose weeks start on Monday:
 * engagement.ts). Params: {courseId}, {version}, {through}.
 */
const LEARNER_TOTALS_SQL = `
  INSERT INTO learner_period_totals
  SELECT {courseId:String}, {version:DateTime64(3, 'UTC')}, user_id, period, first_at, last_at, internal, plays, checks
  FROM (${learnerPeriodsSql(`
    SELECT arrayJoin(['window', toString(toMonday(day))]) AS period, user_id,
           toInt64(toUnixTimestamp64Milli(first_time)) AS first_ms, toInt64(toUnixTimestamp64Milli(last_time)) AS last_ms,
           internal_ms AS inside_ms, video_plays AS span_plays, problem_checks AS span_checks
    FROM learner_day_activity FINAL
    WHERE course_id = {courseId:String} AND day < {through:Date} AND user_id > 0`)})`;

const PERIOD_TOTALS_SQL = `
  INSERT INTO period_totals
  SELECT course_id, version, period, count(), countIf(plays > 0), countIf(checks > 0), sum(internal / 1000 + ${TAIL_SECONDS})
  FROM learner_period_totals
  WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')}
  GROUP BY course_id, version, period`;

/**
 * Engagement per period for a window that holds the whole course: the totals, minus the staff's
 * share, plus what the learners active since {through} add (`recent`, PERIOD_SPANS_SQL from
 * {through}). A learner-period in both counts once: its spans since come after its totals' last
 * activity, so its time grows by the capped gap between them and their own time.
 * Params: those of PERIOD_SPANS_SQL ({from} = {through}), {version}.
 * Columns as engagement's ACTIVITY_SQL: period, active, watched, tried, avg_seconds.
 */
export const ENGAGEMENT_FROM_TOTALS_SQL = `
  WITH recent AS MATERIALIZED (${learnerPeriodsSql(PERIOD_SPANS_SQL)})
  SELECT period, toUInt64(sum(d_active)) AS active, toUInt64(sum(d_watched)) AS watched, toUInt64(sum(d_tried)) AS tried,
         if(sum(d_active) > 0, sum(d_seconds) / sum(d_active), 0) AS avg_seconds
  FROM (
    SELECT period, toInt64(active) AS d_active, toInt64(watched) AS d_watched, toInt64(tried) AS d_tried, seconds AS d_seconds
    FROM period_totals WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')}
    UNION ALL
    SELECT period, -1, -toInt64(plays > 0), -toInt64(checks > 0), -(internal / 1000 + ${TAIL_SECONDS})
    FROM learner_period_totals
    WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')} AND user_id IN {staff:Array(UInt64)}
    UNION ALL
    SELECT period, toInt64(t.user_id = 0), toInt64(t.plays + r.plays > 0) - toInt64(t.plays > 0), toInt64(t.checks + r.checks > 0) - toInt64(t.checks > 0),
           if(t.user_id = 0, r.internal / 1000 + ${TAIL_SECONDS}, (least(r.first_at - t.last_at, ${GAP_CAP_SECONDS * 1000}) + r.internal) / 1000)
    FROM recent AS r
    LEFT JOIN (
      SELECT period, user_id, last_at, plays, checks FROM learner_period_totals
      WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')}
        AND (period, user_id) IN (SELECT period, user_id FROM recent)
    ) AS t USING (period, user_id)
  )
  GROUP BY period`;

/** The engagement totals (migration 061), for closedDayTotals. */
export const ENGAGEMENT_TOTALS: TotalsKind = {
  status: 'engagement_totals_status',
  tables: ['learner_period_totals', 'period_totals'],
  firstEventSql: firstEventSql('learner_activity', 'first_time', 'bucket', 'learner_activity_day_totals'),
  sumSql: [LEARNER_TOTALS_SQL, PERIOD_TOTALS_SQL],
};
