-- Whole-course problems without regrouping every 5-minute bucket (lib/metrics/problemTotals.ts):
-- per course and problem, all time, kept by a view as problem_activity fills: checks, correct
-- checks, and as bitmaps the learners who checked, who were right at their first attempt and who
-- were right at some point; the first and last bucket tell whether a window holds them all.
-- Staff are kept here and taken out when read (roles change): the bitmaps lose them by id, the
-- sums lose what problem_learner_totals (learner first in the key) says they added.
CREATE TABLE IF NOT EXISTS problem_totals (
  course_id LowCardinality(String),
  problem_id String,
  checks SimpleAggregateFunction(sum, UInt64),
  correct SimpleAggregateFunction(sum, UInt64),
  learners AggregateFunction(groupBitmap, UInt64),
  first_ok_learners AggregateFunction(groupBitmap, UInt64),
  correct_learners AggregateFunction(groupBitmap, UInt64),
  first_bucket SimpleAggregateFunction(min, DateTime('UTC')),
  last_bucket SimpleAggregateFunction(max, DateTime('UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, problem_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS problem_totals_mv TO problem_totals AS
SELECT course_id, problem_id, sum(checks) AS checks, sum(correct) AS correct,
  groupBitmapState(user_id) AS learners,
  groupBitmapStateIf(user_id, problem_activity.first_attempt_correct > 0) AS first_ok_learners,
  groupBitmapStateIf(user_id, problem_activity.correct > 0) AS correct_learners,
  min(bucket) AS first_bucket, max(bucket) AS last_bucket
FROM problem_activity
GROUP BY course_id, problem_id;

INSERT INTO problem_totals
SELECT course_id, problem_id, sum(checks) AS checks, sum(correct) AS correct,
  groupBitmapState(user_id) AS learners,
  groupBitmapStateIf(user_id, problem_activity.first_attempt_correct > 0) AS first_ok_learners,
  groupBitmapStateIf(user_id, problem_activity.correct > 0) AS correct_learners,
  min(bucket) AS first_bucket, max(bucket) AS last_bucket
FROM problem_activity
GROUP BY course_id, problem_id;

CREATE TABLE IF NOT EXISTS problem_learner_totals (
  course_id LowCardinality(String),
  user_id UInt64,
  problem_id String,
  checks SimpleAggregateFunction(sum, UInt64),
  correct SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, user_id, problem_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS problem_learner_totals_mv TO problem_learner_totals AS
SELECT course_id, user_id, problem_id, sum(checks) AS checks, sum(correct) AS correct
FROM problem_activity
GROUP BY course_id, user_id, problem_id;

INSERT INTO problem_learner_totals
SELECT course_id, user_id, problem_id, sum(checks) AS checks, sum(correct) AS correct
FROM problem_activity
GROUP BY course_id, user_id, problem_id;
