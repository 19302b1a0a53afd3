-- Institutional analytics (issue 21): the platform and each org at a glance. Small tables kept by
-- materialized views as events and LMS rows arrive, so /platform and /orgs/<org> read per-learner
-- weekly rows and per-course enrollment state, never the raw events of every course.
-- Staff are not excluded here (roles change): queries apply lib/institution/scope.ts.
-- `org` is the course key's org as events carry it (empty for odd keys: then only /platform shows it).

-- Per week (Monday, UTC), org, course and learner: learner events and the last one's time.
-- Active learners per week, new vs returning, the catalog's active this week and the org
-- learner list's last activity read these rows.
CREATE TABLE IF NOT EXISTS institution_learner_weeks (
  week Date,
  org LowCardinality(String),
  course_id LowCardinality(String),
  user_id UInt64,
  events SimpleAggregateFunction(sum, UInt64),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (week, org, course_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_learner_weeks_mv TO institution_learner_weeks AS
SELECT toMonday(time) AS week, org, course_id, user_id, toUInt64(count()) AS events, max(time) AS last_time
FROM events
WHERE {{LEARNER_ACTIVITY}}
GROUP BY week, org, course_id, user_id;

INSERT INTO institution_learner_weeks
SELECT toMonday(time) AS week, org, course_id, user_id, toUInt64(count()) AS events, max(time) AS last_time
FROM events
WHERE {{LEARNER_ACTIVITY}}
GROUP BY week, org, course_id, user_id;

-- Per org, learner and course: the week of their first learner event there (new vs returning: the
-- earliest over the scope's courses), and a username the events gave (the org learner list's, when
-- the LMS copy has none). Kept per course so a course's derived rows can be rebuilt alone
-- (server/ingest/derivedRepair.ts).
CREATE TABLE IF NOT EXISTS institution_learner_first (
  org LowCardinality(String),
  user_id UInt64,
  course_id LowCardinality(String),
  first_week SimpleAggregateFunction(min, Date),
  username SimpleAggregateFunction(max, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (org, user_id, course_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_learner_first_mv TO institution_learner_first AS
SELECT org, user_id, course_id, min(toMonday(time)) AS first_week, max(username) AS username
FROM events
WHERE {{LEARNER_ACTIVITY}}
GROUP BY org, user_id, course_id;

INSERT INTO institution_learner_first
SELECT org, user_id, course_id, min(toMonday(time)) AS first_week, max(username) AS username
FROM events
WHERE {{LEARNER_ACTIVITY}}
GROUP BY org, user_id, course_id;

-- Per day, org, course and mode: enrollments and unenrollments (tracking-log events
-- edx.course.enrollment.activated / .deactivated; a mode change is neither).
CREATE TABLE IF NOT EXISTS institution_enrollment_days (
  day Date,
  org LowCardinality(String),
  course_id LowCardinality(String),
  mode LowCardinality(String),
  enrollments SimpleAggregateFunction(sum, UInt64),
  unenrollments SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (day, org, course_id, mode);

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_enrollment_days_mv TO institution_enrollment_days AS
SELECT toDate(time) AS day, org, course_id, enrollment_mode AS mode,
  toUInt64(countIf(name = 'edx.course.enrollment.activated')) AS enrollments,
  toUInt64(countIf(name = 'edx.course.enrollment.deactivated')) AS unenrollments
FROM events
WHERE course_id != '' AND user_id > 0 AND name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated')
GROUP BY day, org, course_id, mode;

INSERT INTO institution_enrollment_days
SELECT toDate(time) AS day, org, course_id, enrollment_mode AS mode,
  toUInt64(countIf(name = 'edx.course.enrollment.activated')) AS enrollments,
  toUInt64(countIf(name = 'edx.course.enrollment.deactivated')) AS unenrollments
FROM events
WHERE course_id != '' AND user_id > 0 AND name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated')
GROUP BY day, org, course_id, mode;

-- Per course and learner: the current enrollment state and mode (the latest fact wins: an
-- enrollment event, or the LMS row at the sync that copied it), and the first activation.
CREATE TABLE IF NOT EXISTS institution_enrollments (
  course_id LowCardinality(String),
  user_id UInt64,
  active AggregateFunction(argMax, UInt8, DateTime64(6, 'UTC')),
  mode AggregateFunction(argMax, String, DateTime64(6, 'UTC')),
  enrolled_at SimpleAggregateFunction(min, DateTime64(6, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_enrollments_facts_mv TO institution_enrollments AS
SELECT course_id, user_id,
  argMaxState(toUInt8(value), toDateTime64(time, 6, 'UTC')) AS active,
  argMaxState(toString(mode), toDateTime64(time, 6, 'UTC')) AS mode,
  minIf(toDateTime64(time, 6, 'UTC'), value = 1) AS enrolled_at
FROM learner_facts
WHERE kind = 'enrollment'
GROUP BY course_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_enrollments_lms_mv TO institution_enrollments AS
SELECT course_id, user_id,
  argMaxState(is_active, toDateTime64(synced_at, 6, 'UTC')) AS active,
  argMaxState(toString(mode), toDateTime64(synced_at, 6, 'UTC')) AS mode,
  min(ifNull(created, toDateTime64(synced_at, 6, 'UTC'))) AS enrolled_at
FROM lms_enrollments
GROUP BY course_id, user_id;

INSERT INTO institution_enrollments
SELECT course_id, user_id,
  argMaxState(toUInt8(value), toDateTime64(time, 6, 'UTC')) AS active,
  argMaxState(toString(mode), toDateTime64(time, 6, 'UTC')) AS mode,
  minIf(toDateTime64(time, 6, 'UTC'), value = 1) AS enrolled_at
FROM learner_facts
WHERE kind = 'enrollment'
GROUP BY course_id, user_id;

INSERT INTO institution_enrollments
SELECT course_id, user_id,
  argMaxState(is_active, toDateTime64(synced_at, 6, 'UTC')) AS active,
  argMaxState(toString(mode), toDateTime64(synced_at, 6, 'UTC')) AS mode,
  min(ifNull(created, toDateTime64(synced_at, 6, 'UTC'))) AS enrolled_at
FROM lms_enrollments
GROUP BY course_id, user_id;

-- Per course and day: the at-risk learners of the latest live evaluation that day, by severity
-- (written by lib/risk/evaluate.ts recordFlags), for the counts across courses and their trend.
CREATE TABLE IF NOT EXISTS risk_course_days (
  course_id String,
  day Date,
  evaluated_at DateTime64(3, 'UTC'),
  red UInt32,
  yellow UInt32
)
ENGINE = ReplacingMergeTree(evaluated_at)
ORDER BY (course_id, day);
