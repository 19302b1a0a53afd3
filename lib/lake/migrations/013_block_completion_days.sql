-- Per course, block and UTC day: the learners with a completion fact that day, as bitmaps —
-- `completed` (completion ≥ 1) and `undone` (completion < 1, or an LMS row deleted) — from
-- completion events (learner_facts) and LMS completion rows alike. Unit completion
-- (lib/metrics/unitCompletion.ts) ORs a block's days up to the window's end instead of taking
-- the latest fact of every (learner, block) pair — millions of LMS rows on a large course.
-- While no learner has an `undone` fact and no fact of the end's day falls after it, that OR
-- is exactly the latest-fact answer; otherwise the metric falls back to the facts themselves.
-- `last_time` (the day's latest fact) tells whether a day lies wholly before an instant.
-- Staff and enrollment are applied at query time (roles and enrollments change).
CREATE TABLE IF NOT EXISTS block_completion_days (
  course_id LowCardinality(String),
  block String,
  day Date,
  completed AggregateFunction(groupBitmap, UInt64),
  undone AggregateFunction(groupBitmap, UInt64),
  last_time SimpleAggregateFunction(max, DateTime64(6, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, block, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS block_completion_days_facts_mv TO block_completion_days AS
SELECT course_id, key AS block, toDate(time) AS day,
  groupBitmapStateIf(user_id, value >= 1) AS completed,
  groupBitmapStateIf(user_id, value < 1) AS undone,
  max(toDateTime64(time, 6, 'UTC')) AS last_time
FROM learner_facts
WHERE kind = 'completion'
GROUP BY course_id, block, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS block_completion_days_lms_mv TO block_completion_days AS
SELECT course_key AS course_id, block_key AS block, toDate(modified) AS day,
  groupBitmapStateIf(user_id, completion >= 1 AND is_deleted = 0) AS completed,
  groupBitmapStateIf(user_id, completion < 1 OR is_deleted = 1) AS undone,
  max(modified) AS last_time
FROM lms_block_completion
GROUP BY course_id, block, day;

INSERT INTO block_completion_days
SELECT course_id, key AS block, toDate(time) AS day,
  groupBitmapStateIf(user_id, value >= 1) AS completed,
  groupBitmapStateIf(user_id, value < 1) AS undone,
  max(toDateTime64(time, 6, 'UTC')) AS last_time
FROM learner_facts
WHERE kind = 'completion'
GROUP BY course_id, block, day;

INSERT INTO block_completion_days
SELECT course_key AS course_id, block_key AS block, toDate(modified) AS day,
  groupBitmapStateIf(user_id, completion >= 1 AND is_deleted = 0) AS completed,
  groupBitmapStateIf(user_id, completion < 1 OR is_deleted = 1) AS undone,
  max(modified) AS last_time
FROM lms_block_completion
GROUP BY course_id, block, day;
