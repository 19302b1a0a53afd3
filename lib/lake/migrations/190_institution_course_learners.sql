-- Institutional analytics at scale (issue 21 item 4): per course and learner, everything the
-- platform's per-course figures read in one row — the enrollment state, the latest course grade
-- and the LMS's passed mark, the certificate state — so enrolled, completion and pass rate come
-- from one grouped read of one table instead of the enrollment states joined to the grades and
-- to lms_certificates FINAL. Staff are not excluded here (roles change): queries apply
-- lib/institution/scope.ts. Fed like institution_enrollments (150) and learner_grades (015) by the
-- same sources, plus certificates_generatedcertificate copies (lms_certificates, 182).
CREATE TABLE IF NOT EXISTS institution_course_learners (
  course_id LowCardinality(String),
  user_id UInt64,
  active AggregateFunction(argMax, UInt8, DateTime64(6, 'UTC')),
  graded SimpleAggregateFunction(max, UInt8),
  percent AggregateFunction(argMax, Float64, DateTime64(6, 'UTC')),
  lms_passed AggregateFunction(argMax, UInt8, DateTime64(6, 'UTC')),
  -- 1 while the latest copy of the certificate row is 'downloadable' (earned) and not deleted.
  certified AggregateFunction(argMax, UInt8, DateTime64(6, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_course_learners_enrollment_facts_mv TO institution_course_learners AS
SELECT course_id, user_id, argMaxState(toUInt8(value), toDateTime64(time, 6, 'UTC')) AS active
FROM learner_facts
WHERE kind = 'enrollment'
GROUP BY course_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_course_learners_enrollment_lms_mv TO institution_course_learners AS
SELECT course_id, user_id, argMaxState(is_active, toDateTime64(synced_at, 6, 'UTC')) AS active
FROM lms_enrollments
GROUP BY course_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_course_learners_grade_facts_mv TO institution_course_learners AS
SELECT course_id, user_id, toUInt8(1) AS graded,
  argMaxState(value, toDateTime64(time, 6, 'UTC')) AS percent,
  argMaxStateIf(toUInt8(0), toDateTime64(time, 6, 'UTC'), 0) AS lms_passed
FROM learner_facts
WHERE kind = 'grade'
GROUP BY course_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_course_learners_grade_lms_mv TO institution_course_learners AS
SELECT course_id, user_id, toUInt8(1) AS graded,
  argMaxState(percent_grade, modified) AS percent,
  argMaxState(toUInt8(passed_timestamp IS NOT NULL), modified) AS lms_passed
FROM lms_course_grades
GROUP BY course_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_course_learners_certificates_mv TO institution_course_learners AS
SELECT course_id, user_id, argMaxState(toUInt8(status = 'downloadable' AND is_deleted = 0), modified) AS certified
FROM lms_certificates
GROUP BY course_id, user_id;

-- Backfill from the tables that already hold these states (one row per course and learner, not
-- the facts): on the 100M-event bench lake about 1.6 million rows, seconds.
INSERT INTO institution_course_learners (course_id, user_id, active)
SELECT course_id, user_id, active FROM institution_enrollments;

INSERT INTO institution_course_learners (course_id, user_id, graded, percent, lms_passed)
SELECT course_id, user_id, toUInt8(1), percent, lms_passed FROM learner_grades;

INSERT INTO institution_course_learners (course_id, user_id, certified)
SELECT course_id, user_id, argMaxState(toUInt8(status = 'downloadable' AND is_deleted = 0), modified)
FROM lms_certificates
GROUP BY course_id, user_id;

-- One merge now rather than whenever the background gets to it: reads use FINAL, which reads the
-- ranges merged already as they are (1.6 million rows into 425,000 on the bench lake: seconds).
OPTIMIZE TABLE institution_course_learners FINAL;
