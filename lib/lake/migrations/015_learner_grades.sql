-- Per course and learner: the latest course grade (grade events and LMS grade rows alike), the
-- LMS's passed mark of its latest row, and the time of the latest of them. The grades widget
-- (lib/metrics/grades.ts) reads one row per learner from here when no grade is later than the
-- window's end and no LMS row was deleted, instead of taking the latest of every grade event.
CREATE TABLE IF NOT EXISTS learner_grades (
  course_id LowCardinality(String),
  user_id UInt64,
  percent AggregateFunction(argMax, Float64, DateTime64(6, 'UTC')),
  lms_passed AggregateFunction(argMax, UInt8, DateTime64(6, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(6, 'UTC')),
  deleted SimpleAggregateFunction(max, UInt8)
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_grades_facts_mv TO learner_grades AS
SELECT course_id, user_id,
  argMaxState(value, toDateTime64(time, 6, 'UTC')) AS percent,
  argMaxStateIf(toUInt8(0), toDateTime64(time, 6, 'UTC'), 0) AS lms_passed,
  max(toDateTime64(time, 6, 'UTC')) AS last_time,
  toUInt8(0) AS deleted
FROM learner_facts
WHERE kind = 'grade'
GROUP BY course_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_grades_lms_mv TO learner_grades AS
SELECT course_id, user_id,
  argMaxState(percent_grade, modified) AS percent,
  argMaxState(toUInt8(passed_timestamp IS NOT NULL), modified) AS lms_passed,
  max(modified) AS last_time,
  max(is_deleted) AS deleted
FROM lms_course_grades
GROUP BY course_id, user_id;

INSERT INTO learner_grades
SELECT course_id, user_id,
  argMaxState(value, toDateTime64(time, 6, 'UTC')) AS percent,
  argMaxStateIf(toUInt8(0), toDateTime64(time, 6, 'UTC'), 0) AS lms_passed,
  max(toDateTime64(time, 6, 'UTC')) AS last_time,
  toUInt8(0) AS deleted
FROM learner_facts
WHERE kind = 'grade'
GROUP BY course_id, user_id;

INSERT INTO learner_grades
SELECT course_id, user_id,
  argMaxState(percent_grade, modified) AS percent,
  argMaxState(toUInt8(passed_timestamp IS NOT NULL), modified) AS lms_passed,
  max(modified) AS last_time,
  max(is_deleted) AS deleted
FROM lms_course_grades
GROUP BY course_id, user_id;
