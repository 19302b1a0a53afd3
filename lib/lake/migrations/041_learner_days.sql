-- Per course, per learner, per UTC day: study activity, i.e. learner events other than
-- enrollment (enrolling is a learner event, DESIGN §5, but not starting the course). Kept by a
-- materialized view so the early-warning rules (lib/risk) read one row per learner and active
-- day — last activity, active days, attempts and correct answers — instead of 5-minute buckets
-- or raw events. Staff are not excluded here (roles change): queries apply lib/metrics/scope.ts.
CREATE TABLE IF NOT EXISTS learner_days (
  course_id LowCardinality(String),
  day Date,
  user_id UInt64,
  events SimpleAggregateFunction(sum, UInt64),
  first_time SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  problem_checks SimpleAggregateFunction(sum, UInt64),
  problem_checks_correct SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (course_id, day, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_days_mv TO learner_days AS
SELECT
  course_id,
  toDate(time) AS day,
  user_id,
  toUInt64(count()) AS events,
  min(time) AS first_time,
  max(time) AS last_time,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server')) AS problem_checks,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server' AND problem_success = 'correct')) AS problem_checks_correct
FROM events
WHERE is_learner = 1 AND course_id != ''
  AND name NOT IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')
GROUP BY course_id, day, user_id;

-- Lakes created before this migration: derive the rows of the events already there.
INSERT INTO learner_days
SELECT
  course_id,
  toDate(time) AS day,
  user_id,
  toUInt64(count()) AS events,
  min(time) AS first_time,
  max(time) AS last_time,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server')) AS problem_checks,
  toUInt64(countIf(name = 'problem_check' AND event_source = 'server' AND problem_success = 'correct')) AS problem_checks_correct
FROM events
WHERE is_learner = 1 AND course_id != ''
  AND name NOT IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')
GROUP BY course_id, day, user_id;
