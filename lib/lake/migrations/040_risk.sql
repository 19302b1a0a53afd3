-- Early warning (DESIGN §6): course structure with due dates, threshold settings with their
-- history, and the flag state that gives each flagged learner a "first flagged" time.

-- Course structure the missed-deadline rule reads: graded subsections with their due date,
-- and which subsection each problem belongs to. Filled by the LMS sync (modulestore /
-- learning_sequences) or the demo seed; a course without rows here has no known due dates.
--   block_type 'sequential': subsection; graded, due, title apply.
--   block_type 'problem':    subsection_key names the parent subsection.
CREATE TABLE IF NOT EXISTS block_schedule (
  course_id String,
  usage_key String,
  block_type LowCardinality(String),
  subsection_key String,
  title String,
  graded UInt8,
  due Nullable(DateTime64(3, 'UTC')),
  updated_at DateTime64(3, 'UTC'),
  is_deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY (course_id, usage_key);

-- Thresholds by scope ('global' with key '', 'org' with the org, 'course' with the course
-- id). value NULL = not set here (inherit). Latest version wins; read with FINAL.
CREATE TABLE IF NOT EXISTS risk_settings (
  scope LowCardinality(String),
  key String,
  name LowCardinality(String),
  value Nullable(Float64),
  actor String,
  updated_at DateTime64(3, 'UTC'),
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (scope, key, name);

-- Every change: who, when, where, which threshold, old and new value (NULL = inherited).
CREATE TABLE IF NOT EXISTS risk_settings_history (
  at DateTime64(3, 'UTC'),
  actor String,
  scope LowCardinality(String),
  key String,
  name LowCardinality(String),
  old Nullable(Float64),
  new Nullable(Float64)
)
ENGINE = MergeTree
ORDER BY (at, scope, key, name);

-- Per course and learner: the start of the current at-risk spell. flagged = 0 closes it;
-- the next flag opens a new spell. Latest version wins.
CREATE TABLE IF NOT EXISTS risk_flag_state (
  course_id String,
  user_id UInt64,
  flagged UInt8,
  first_flagged_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC'),
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (course_id, user_id);
