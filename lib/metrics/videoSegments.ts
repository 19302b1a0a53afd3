import { NOT_STAFF_SQL } from './scope';
import { STRUCTURE_VIDEO_LENGTHS_SQL } from './structure';

/** Segments shorter than this are noise (a play and a pause in the same instant). */
export const MIN_SEGMENT_SECONDS = 0.25;
/** Closing events are looked for this long after the window's end. */
export const CLOSE_LOOKAHEAD_HOURS = 6;

/**
 * DESIGN §5 video segments, per (learner, video), from video_events in time order (ties: the
 * closing event first): a play opens a segment at its position — or, right after a seek that
 * closed the previous segment (play → seek → play), at the seek's new time: the player often
 * reports the position from before the seek in that play, and edX's analytics pipeline trusts the
 * seek (openedx-unsupported/edx-analytics-pipeline edx/analytics/tasks/insights/video.py,
 * reducer's start_viewing), so the skipped seconds are not counted as watched; the next pause, stop, seek
 * (at the position it left from), complete or play within 6 hours closes it at its reported
 * position. A play with no such closing event (a video left playing, or a closing event without
 * a position) times out: it is taken to play on at normal speed until the video's end, or until
 * {now} if sooner. Pauses, stops and seeks with no open segment open nothing. Segments that are
 * negative, under 0.25 s or longer than the video are dropped; with no known duration a
 * timed-out segment is too. Only plays in [from, to) count; closing events up to 6 hours after
 * `to` are read. Plays on the days in {rolledDays} (day numbers since 1970) are left out: their
 * segments are read from video_day_segments (videoDays.ts); only the events that could touch
 * the other days are read.
 *
 * The video's length is the longest its player reported to this learner or, when its events
 * carry none (mobile players, old events), the course structure's (STRUCTURE_VIDEO_LENGTHS_SQL).
 *
 * One row per (video, learner): video_id, user_id, dur (0 = unknown), segs (valid segments as
 * (start, end, play time in ms) — positions in seconds; may be empty).
 * Params: {courseId}, {org}, {from}, {to}, {now}, {rolledDays} (Array(Int64)), and {videoId}
 * when `oneVideo`. With `withStaff`, staff are kept (for the rollups, which are filtered when read).
 * With `skipRolled`, {skipFrom}/{skipTo}: a stretch of rolled days whose events are not read.
 */
export function videoLearnerSegmentsSql({ oneVideo = false, withStaff = false, skipRolled = false } = {}): string {
  const lookaheadMs = CLOSE_LOOKAHEAD_HOURS * 3_600_000;
  // Three layers, each naming what the next one reads: an alias used inside a lambda is expanded
  // in place by the engine's analyzer, and planning those copies cost more than running the query.
  return `
    SELECT video_id, user_id, dur, opened,
           arrayFilter(s -> s.2 - s.1 >= ${MIN_SEGMENT_SECONDS} AND (dur = 0 OR s.2 - s.1 <= dur), opened) AS segs
    FROM (
      SELECT video_id, user_id, dur,
        arrayFilter((seg, k) -> k = 1 AND seg.3 < toUnixTimestamp64Milli({to:DateTime64(3, 'UTC')}) AND seg.1 >= 0
                                AND NOT has({rolledDays:Array(Int64)}, intDiv(seg.3, 86400000)),
          arrayMap((t, s, next_t, next_p) -> (
              s,
              if(next_p >= 0 AND next_t - t <= ${lookaheadMs}, next_p,
                 if(dur > 0, least(dur, s + greatest(0, toUnixTimestamp64Milli({now:DateTime64(3, 'UTC')}) - t) / 1000), -1)),
              t),
            times, starts, arrayPopFront(arrayPushBack(times, 0)), arrayPopFront(arrayPushBack(positions, -1))),
          kinds) AS opened
      FROM (
        SELECT video_id, user_id, if(event_dur > 0, event_dur, block_length) AS dur, arrayMap(e -> e.1, ev) AS times, arrayMap(e -> e.2, ev) AS kinds, arrayMap(e -> e.3, ev) AS positions,
          -- where each event would open a segment: its position, or after play → seek the seek's new time
          arrayMap((e, prev, before_prev) -> if(e.2 = 1 AND prev.2 = 4 AND before_prev.2 = 1 AND prev.4 >= 0, prev.4, e.3),
            ev, arrayPushFront(arrayPopBack(ev), (0, 0, -1, -1)), arrayPushFront(arrayPopBack(arrayPushFront(arrayPopBack(ev), (0, 0, -1, -1))), (0, 0, -1, -1))) AS starts
        FROM (
          SELECT video_id, user_id, ifNull(max(duration), 0) AS event_dur,
                 arraySort(e -> (e.1, e.2 = 1), groupArray((toUnixTimestamp64Milli(time), kind, ifNull(position, -1), ifNull(new_position, -1)))) AS ev
          FROM video_events
          WHERE course_id = {courseId:String}
            AND time >= {from:DateTime64(3, 'UTC')}
            AND time < {to:DateTime64(3, 'UTC')} + INTERVAL ${CLOSE_LOOKAHEAD_HOURS} HOUR
            AND (NOT has({rolledDays:Array(Int64)}, intDiv(toUnixTimestamp64Milli(time), 86400000))
                 OR NOT has({rolledDays:Array(Int64)}, intDiv(toUnixTimestamp64Milli(time) - ${lookaheadMs}, 86400000)))
            ${skipRolled ? `AND NOT (time >= {skipFrom:DateTime64(3, 'UTC')} AND time < {skipTo:DateTime64(3, 'UTC')})` : ''}
            ${oneVideo ? 'AND video_id = {videoId:String}' : ''}
            ${withStaff ? '' : `AND ${NOT_STAFF_SQL}`}
          GROUP BY video_id, user_id
        ) AS learner LEFT JOIN (${STRUCTURE_VIDEO_LENGTHS_SQL}) AS structure USING (video_id)
      )
    )`;
}

/** One row per segment. Columns: video_id, user_id, duration (0 = unknown), start, end. */
export function videoSegmentsSql(oneVideo = false): string {
  return `
  SELECT video_id, user_id, dur AS duration, seg.1 AS start, seg.2 AS end
  FROM (${videoLearnerSegmentsSql({ oneVideo })})
  ARRAY JOIN segs AS seg`;
}
