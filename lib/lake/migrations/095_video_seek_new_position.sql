-- A play right after a seek often reports the position before the seek (the player emits it
-- before the seek completes); edX's analytics pipeline starts that viewing at the seek's new time
-- (lib/metrics/videoSegments.ts). video_events now keeps a seek's new time too. Older lakes: their
-- video rows are written again from events by the view (BACKFILL), the day totals recounted by
-- theirs, and the video rollups emptied (recomputed when read).
ALTER TABLE video_events ADD COLUMN IF NOT EXISTS new_position Nullable(Float64);

DROP VIEW IF EXISTS video_events_mv;
DROP VIEW IF EXISTS video_event_day_totals_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS video_events_mv TO video_events AS
SELECT course_id, video_id, user_id, time, event_id,
  multiIf(name IN ('play_video', 'edx.video.played'), 1,
          name IN ('pause_video', 'edx.video.paused'), 2,
          name IN ('stop_video', 'edx.video.stopped'), 3,
          name IN ('seek_video', 'edx.video.position.changed'), 4, 5) AS kind,
  if(name IN ('seek_video', 'edx.video.position.changed'), video_old_time, video_position) AS position,
  video_duration AS duration,
  if(name IN ('seek_video', 'edx.video.position.changed'), video_new_time, NULL) AS new_position
FROM events
WHERE {{LEARNER_ACTIVITY}} AND video_id != ''
  AND name IN ('play_video', 'edx.video.played', 'pause_video', 'edx.video.paused', 'stop_video', 'edx.video.stopped',
               'seek_video', 'edx.video.position.changed', 'complete_video', 'edx.video.completed');

CREATE MATERIALIZED VIEW IF NOT EXISTS video_event_day_totals_mv TO video_event_day_totals AS
SELECT course_id, arrayJoin(if(time - INTERVAL 6 HOUR < toStartOfDay(time), [toDate(time), toDate(time) - 1], [toDate(time)])) AS day, count() AS events
FROM video_events
GROUP BY course_id, day;

TRUNCATE TABLE IF EXISTS video_events;
TRUNCATE TABLE IF EXISTS video_event_day_totals;

-- (video_event_day_totals_mv recounts the day totals from the rows written.)
BACKFILL video_events_mv;

TRUNCATE TABLE IF EXISTS video_day_segments;
TRUNCATE TABLE IF EXISTS video_day_status;
TRUNCATE TABLE IF EXISTS video_learner_totals;
TRUNCATE TABLE IF EXISTS video_totals;
TRUNCATE TABLE IF EXISTS video_totals_status;
