-- Per course, per learner, per 5-minute bucket: learner events and the first and last of
-- their times, kept by a materialized view so per-learner metrics (time spent, last seen,
-- weekly activity, early-warning features) read these rows instead of rescanning events.
--
-- Why 5 minutes: time spent (DESIGN §5) sums the gaps between a learner's consecutive
-- events, each capped at 5 minutes. Inside one bucket every gap is under 5 minutes, so the
-- capped gaps sum to last - first exactly; between buckets the gap is the next bucket's
-- first minus this bucket's last, capped. The total is exact, whatever the insert order.
-- Staff are not excluded here (roles change): queries apply lib/metrics/scope.ts.
CREATE TABLE IF NOT EXISTS learner_activity (
  course_id LowCardinality(String),
  bucket DateTime('UTC'),
  user_id UInt64,
  events SimpleAggregateFunction(sum, UInt64),
  first_time SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  video_plays SimpleAggregateFunction(sum, UInt64),
  problem_checks SimpleAggregateFunction(sum, UInt64),
  problem_checks_correct SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (course_id, bucket, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_activity_mv TO learner_activity AS
SELECT
  course_id,
  toStartOfFiveMinutes(time) AS bucket,
  user_id,
  toUInt64(count()) AS events,
  min(time) AS first_time,
  max(time) AS last_time,
  toUInt64(countIf(name = 'play_video')) AS video_plays,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server')) AS problem_checks,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server' AND problem_success = 'correct')) AS problem_checks_correct
FROM events
WHERE is_learner = 1 AND course_id != ''
GROUP BY course_id, bucket, user_id;

-- Lakes created before this migration: derive the rows of the events already there.
INSERT INTO learner_activity
SELECT
  course_id,
  toStartOfFiveMinutes(time) AS bucket,
  user_id,
  toUInt64(count()) AS events,
  min(time) AS first_time,
  max(time) AS last_time,
  toUInt64(countIf(name = 'play_video')) AS video_plays,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server')) AS problem_checks,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server' AND problem_success = 'correct')) AS problem_checks_correct
FROM events
WHERE is_learner = 1 AND course_id != ''
GROUP BY course_id, bucket, user_id;
