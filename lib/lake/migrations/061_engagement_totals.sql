-- Whole-course engagement without regrouping every learner-day (lib/metrics/engagementTotals.ts):
-- the learner_day_activity of a course's closed days before `through`, added up once per period
-- ('window': all of them, or a Monday's week) and learner (first and last activity, time inside
-- with the capped gaps, plays, checks), and per period (active, watched, tried, seconds). Versioned
-- like the video totals (migration 060); staff are kept here and taken out when read.
CREATE TABLE IF NOT EXISTS learner_period_totals (
  course_id LowCardinality(String),
  version DateTime64(3, 'UTC'),
  user_id UInt64,
  period String,
  first_at Int64,
  last_at Int64,
  internal Int64,
  plays UInt64,
  checks UInt64
)
ENGINE = MergeTree
ORDER BY (course_id, version, user_id, period);

CREATE TABLE IF NOT EXISTS period_totals (
  course_id LowCardinality(String),
  version DateTime64(3, 'UTC'),
  period String,
  active UInt64,
  watched UInt64,
  tried UInt64,
  seconds Float64
)
ENGINE = MergeTree
ORDER BY (course_id, version, period);

CREATE TABLE IF NOT EXISTS engagement_totals_status (
  course_id LowCardinality(String),
  version DateTime64(3, 'UTC'),
  through Date,
  events UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY course_id;
