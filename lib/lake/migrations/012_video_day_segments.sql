-- Video watch segments (DESIGN §5) of the plays of closed days, per course, day, video and
-- learner, so long windows read one small row per learner-video-day instead of every video
-- event. Written by lib/metrics/videoDays.ts once a day and the 6 hours that may close its
-- plays are over; video_day_status keeps how many video events the rollup saw for [day,
-- day + 1 day + 6 h), so a day that got late events is recomputed (read from events until then).
-- Staff are kept here and left out when read.
CREATE TABLE IF NOT EXISTS video_day_segments (
  course_id LowCardinality(String),
  day Date,
  video_id String,
  user_id UInt64,
  dur Float64,
  segs Array(Tuple(Float64, Float64, Int64)),
  computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(day)
ORDER BY (course_id, day, video_id, user_id);

CREATE TABLE IF NOT EXISTS video_day_status (
  course_id LowCardinality(String),
  day Date,
  events UInt64,
  computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (course_id, day);
