-- Per course and UTC day, the totals that tell a rolled-up day from a stale one (a day whose
-- rollup missed late events): learner events (as learner_activity counts them) and video events
-- (each counted for its day and, in its first 6 hours — CLOSE_LOOKAHEAD_HOURS in
-- lib/metrics/videoSegments.ts — for the day before, whose plays it may close). Kept by views
-- on the tables the rollups read, so checking a window's days reads a row per day instead of
-- summing its buckets or counting its video events on every dashboard view.
CREATE TABLE IF NOT EXISTS learner_activity_day_totals (
  course_id LowCardinality(String),
  day Date,
  events UInt64
)
ENGINE = SummingMergeTree
ORDER BY (course_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_activity_day_totals_mv TO learner_activity_day_totals AS
SELECT course_id, toDate(bucket) AS day, sum(events) AS events
FROM learner_activity
GROUP BY course_id, day;

INSERT INTO learner_activity_day_totals
SELECT course_id, toDate(bucket) AS day, sum(events) AS events
FROM learner_activity
GROUP BY course_id, day;

CREATE TABLE IF NOT EXISTS video_event_day_totals (
  course_id LowCardinality(String),
  day Date,
  events UInt64
)
ENGINE = SummingMergeTree
ORDER BY (course_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS video_event_day_totals_mv TO video_event_day_totals AS
SELECT course_id, arrayJoin(if(time - INTERVAL 6 HOUR < toStartOfDay(time), [toDate(time), toDate(time) - 1], [toDate(time)])) AS day, count() AS events
FROM video_events
GROUP BY course_id, day;

INSERT INTO video_event_day_totals
SELECT course_id, arrayJoin(if(time - INTERVAL 6 HOUR < toStartOfDay(time), [toDate(time), toDate(time) - 1], [toDate(time)])) AS day, count() AS events
FROM video_events
GROUP BY course_id, day;
