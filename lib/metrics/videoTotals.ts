import { firstEventSql, type TotalsKind } from './closedDayTotals';
import { NOT_STAFF_SQL } from './scope';
import { STRUCTURE_VIDEO_LENGTHS_SQL } from './structure';
import { videoLearnerSegmentsSql } from './videoSegments';

const DAY_MS = 86_400_000;

/** A complete view: the learner's segments cover at least this share of the video (DESIGN §5). */
export const COMPLETE_VIEW_SHARE = 0.95;

/**
 * Whether a learner's segments make a complete view: they cover ≥ 95 % of the video's length, the
 * one its player reported (`dur`) or, where none did, the structure's (`block_length`, joined from
 * STRUCTURE_VIDEO_LENGTHS_SQL: rollups and totals made before a structure sync hold no length).
 */
export const completeViewSql = (dur: string, covered: string) => {
  const length = `if(${dur} > 0, ${dur}, block_length)`;
  return `(${length} > 0 AND ${covered} >= ${COMPLETE_VIEW_SHARE} * ${length})`;
};

/** Union length of (start, end) segments sorted by start: what each adds past the furthest end before it. */
export const coveredLengthSql = (sorted: string) =>
  `tupleElement(arrayFold((acc, x) -> (acc.1 + greatest(0, x.2 - greatest(x.1, acc.2)), greatest(acc.2, x.2)), ${sorted}, (toFloat64(0), toFloat64(-1))), 1)`;

/**
 * The per-learner and per-video totals of the closed days before {through} (migration 060), from
 * their day rollups. Per (video, learner): watch time, the covered stretches merged (touching or
 * overlapping segments become one) and their length. Params: {courseId}, {version}, {through}.
 */
const LEARNER_TOTALS_SQL = `
  INSERT INTO video_learner_totals
  SELECT {courseId:String}, {version:DateTime64(3, 'UTC')}, user_id, video_id, dur, arraySum(x -> x.2 - x.1, s),
         arraySum(x -> x.2 - x.1, merged) AS covered, merged
  FROM (
    SELECT video_id, user_id, dur, s,
      arrayPopFront(arrayFold(
        (acc, x) -> if(x.1 > acc[-1].2, arrayPushBack(acc, x), arrayPushBack(arrayPopBack(acc), (acc[-1].1, greatest(acc[-1].2, x.2)))),
        s, [(toFloat64(-2), toFloat64(-1))])) AS merged
    FROM (
      SELECT video_id, user_id, max(dur) AS dur, arraySort(arrayMap(x -> (x.1, x.2), arrayFlatten(groupArray(segs)))) AS s
      FROM video_day_segments FINAL
      WHERE course_id = {courseId:String} AND day < {through:Date} AND user_id > 0
      GROUP BY video_id, user_id
      HAVING length(s) > 0
    )
  )`;

const VIDEO_TOTALS_SQL = `
  INSERT INTO video_totals
  SELECT course_id, version, video_id, max(dur), count(), sum(watch), countIf(dur > 0 AND covered >= ${COMPLETE_VIEW_SHARE} * dur)
  FROM video_learner_totals
  WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')}
  GROUP BY course_id, version, video_id`;

/**
 * Per video, for a window that holds every play of the course: the totals, minus the staff's
 * share of them, plus what the learners touched since {through} add (`recent`: rolled days from
 * video_day_segments, the rest from events). A learner-video in both counts once: its totals'
 * figures are replaced by those of its stretches and recent segments together. Regrouping every
 * learner-video of a long course cost more than anything else on its dashboard.
 * Params: those of videoLearnerSegmentsSql ({from} = {through}), {version}, {rolled}, {staff}.
 * Columns as the videos widget's SQL: video_id, video_duration, viewers, watch_seconds, complete_views.
 * The video's length is the longest any player reported, staff's included.
 */
export const VIDEOS_FROM_TOTALS_SQL = `
  WITH recent AS MATERIALIZED (
    SELECT video_id, user_id, max(dur) AS rdur, arrayMap(x -> (x.1, x.2), arrayFlatten(groupArray(segs))) AS rsegs, arraySum(x -> x.2 - x.1, rsegs) AS rwatch
    FROM (
      SELECT video_id, user_id, dur, segs FROM (${videoLearnerSegmentsSql({ skipRolled: true })})
      UNION ALL
      SELECT video_id, user_id, dur, segs FROM video_day_segments FINAL
      WHERE course_id = {courseId:String} AND day IN {rolled:Array(Date)} AND ${NOT_STAFF_SQL}
    )
    GROUP BY video_id, user_id
    HAVING length(rsegs) > 0
  )
  SELECT video_id, max(dur) AS video_duration, toUInt64(sum(viewers)) AS viewers, sum(watch) AS watch_seconds, toUInt64(sum(complete)) AS complete_views
  FROM (
    SELECT video_id, dur, toInt64(viewers) AS viewers, watch, toInt64(complete) AS complete
    FROM video_totals WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')}
    UNION ALL
    -- the learners whose events gave no length, counted in the totals as no complete view
    SELECT video_id, 0, 0, 0, toInt64(${completeViewSql('dur', 'covered')})
    FROM video_learner_totals LEFT JOIN (${STRUCTURE_VIDEO_LENGTHS_SQL}) AS structure USING (video_id)
    WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')} AND dur = 0 AND user_id NOT IN {staff:Array(UInt64)}
    UNION ALL
    SELECT video_id, 0, -1, -watch, -toInt64(dur > 0 AND covered >= ${COMPLETE_VIEW_SHARE} * dur)
    FROM video_learner_totals
    WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')} AND user_id IN {staff:Array(UInt64)}
    UNION ALL
    SELECT video_id, greatest(t.dur, r.rdur) AS both_dur, toInt64(t.user_id = 0), r.rwatch,
           toInt64(${completeViewSql('both_dur', coveredLengthSql('arraySort(arrayConcat(t.merged, r.rsegs))'))})
             - toInt64(t.user_id > 0 AND ${completeViewSql('t.dur', 't.covered')})
    FROM recent AS r
    LEFT JOIN (
      SELECT video_id, user_id, dur, covered, merged FROM video_learner_totals
      WHERE course_id = {courseId:String} AND version = {version:DateTime64(3, 'UTC')}
        AND (video_id, user_id) IN (SELECT video_id, user_id FROM recent)
    ) AS t USING (video_id, user_id)
    LEFT JOIN (${STRUCTURE_VIDEO_LENGTHS_SQL}) AS structure USING (video_id)
  )
  GROUP BY video_id
  HAVING viewers > 0`;

/** The video totals (migration 060), for closedDayTotals. */
export const VIDEO_TOTALS: TotalsKind = {
  status: 'video_totals_status',
  tables: ['video_learner_totals', 'video_totals'],
  firstEventSql: firstEventSql('video_events', 'time', 'time', 'video_event_day_totals'),
  sumSql: [LEARNER_TOTALS_SQL, VIDEO_TOTALS_SQL],
};

/** A day (YYYY-MM-DD) as days since 1970: the {rolledDays} of videoLearnerSegmentsSql. */
export const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
