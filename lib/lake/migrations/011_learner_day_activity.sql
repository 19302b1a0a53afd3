-- Per course, learner and closed UTC day: the learner's time spent inside the day (capped gaps
-- between consecutive events, exact, from learner_activity's 5-minute buckets), the day's first
-- and last event, and counts. Long windows read one row per learner-day instead of one per
-- 5-minute bucket: time spent over days joins as spans (first, last, internal), each gap between
-- spans capped like any other gap. Written by lib/metrics/learnerDays.ts for days that are over;
-- a day whose `events` no longer matches learner_activity's (late events) is recomputed, and
-- read from the buckets until then.
CREATE TABLE IF NOT EXISTS learner_day_activity (
  course_id LowCardinality(String),
  day Date,
  user_id UInt64,
  first_time DateTime64(3, 'UTC'),
  last_time DateTime64(3, 'UTC'),
  internal_ms Int64,
  events UInt64,
  video_plays UInt64,
  problem_checks UInt64,
  computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(day)
ORDER BY (course_id, day, user_id);
