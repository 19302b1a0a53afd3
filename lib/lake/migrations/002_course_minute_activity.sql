-- Per-course, per-minute activity, kept up to date by a materialized view so the
-- live chart reads 60 small rows instead of rescanning events.
CREATE TABLE IF NOT EXISTS course_minute_activity (
  course_id LowCardinality(String),
  minute DateTime('UTC'),
  events SimpleAggregateFunction(sum, UInt64),
  learner_events SimpleAggregateFunction(sum, UInt64),
  learners AggregateFunction(uniqExact, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (course_id, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS course_minute_activity_mv TO course_minute_activity AS
SELECT
  course_id,
  toStartOfMinute(time) AS minute,
  toUInt64(count()) AS events,
  toUInt64(countIf(is_learner = 1)) AS learner_events,
  uniqExactStateIf(user_id, is_learner = 1) AS learners
FROM events
WHERE course_id != ''
GROUP BY course_id, minute;
