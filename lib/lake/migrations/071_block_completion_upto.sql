-- Unit completion of past windows without merging every day's bitmaps (lib/metrics/completionUpTo.ts):
-- per course and midnight `through`, each block's `completed` bitmaps of the days before it, ORed
-- once, in the background, the first time a window ends there; a `version` per computation, named
-- by block_completion_upto_status with the completion facts its days had and whether the bitmaps
-- answer exactly there (no completion went below 1, no fact in the last millisecond before
-- `through`). block_completion_day_facts counts the facts per day as they arrive (events and LMS
-- rows): once a late fact changes the count of those days, the version is not read.
CREATE TABLE IF NOT EXISTS block_completion_day_facts (
  course_id LowCardinality(String),
  day Date,
  facts UInt64
)
ENGINE = SummingMergeTree
ORDER BY (course_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS block_completion_day_facts_events_mv TO block_completion_day_facts AS
SELECT course_id, toDate(time) AS day, count() AS facts
FROM learner_facts
WHERE kind = 'completion'
GROUP BY course_id, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS block_completion_day_facts_lms_mv TO block_completion_day_facts AS
SELECT course_key AS course_id, toDate(modified) AS day, count() AS facts
FROM lms_block_completion
GROUP BY course_id, day;

INSERT INTO block_completion_day_facts
SELECT course_id, toDate(time) AS day, count() AS facts
FROM learner_facts
WHERE kind = 'completion'
GROUP BY course_id, day;

INSERT INTO block_completion_day_facts
SELECT course_key AS course_id, toDate(modified) AS day, count() AS facts
FROM lms_block_completion
GROUP BY course_id, day;

CREATE TABLE IF NOT EXISTS block_completion_upto (
  course_id LowCardinality(String),
  through Date,
  version DateTime64(3, 'UTC'),
  block String,
  completed AggregateFunction(groupBitmap, UInt64)
)
ENGINE = MergeTree
ORDER BY (course_id, through, version, block);

CREATE TABLE IF NOT EXISTS block_completion_upto_status (
  course_id LowCardinality(String),
  through Date,
  version DateTime64(3, 'UTC'),
  facts UInt64,
  exact UInt8
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (course_id, through);
