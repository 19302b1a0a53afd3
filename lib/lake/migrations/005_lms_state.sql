-- State copied from the LMS database by the LMS sync (server/lms/sync.ts, strategies in
-- lib/lms/tables.ts). Every table is a ReplacingMergeTree ordered by its natural key, with
-- a version column and an is_deleted flag: read with FINAL (which also drops deleted rows),
-- or with argMax(…, version) and a check of is_deleted.
--
--   table                    source table(s)                         dedup key                              version
--   lms_users                auth_user                               id                                     synced_at
--   lms_profiles             auth_userprofile                        user_id                                synced_at
--   lms_enrollments          student_courseenrollment (+ _history)   (course_id, user_id)                   synced_at
--   lms_course_grades        grades_persistentcoursegrade            (course_id, user_id)                   modified
--   lms_subsection_grades    grades_persistentsubsectiongrade        (course_id, user_id, usage_key)        modified
--   lms_block_completion     completion_blockcompletion              (course_key, user_id, block_key)       modified
--   lms_course_overviews     course_overviews_courseoverview         course_id                              modified
--   lms_course_access_roles  student_courseaccessrole                (user_id, org, course_id, role)        synced_at
--   lms_course_sections      learning_sequences_coursesection        (course_id, usage_key)                 synced_at
--   lms_course_sequences     learning_sequences_coursesectionsequence
--                            + _learningsequence                     (course_id, usage_key)                 synced_at
--
-- synced_at is the time of the sync run that wrote the row (also on tables versioned by
-- modified, where it only tells which run copied the row); its minmax index lets the sync
-- find the rows of its own run without scanning the table. Times are UTC, as Django stores them.

CREATE TABLE IF NOT EXISTS lms_users (
  id UInt64,
  username String,
  email String,
  first_name String,
  last_name String,
  is_staff UInt8,
  is_superuser UInt8,
  is_active UInt8,
  date_joined Nullable(DateTime64(6, 'UTC')),
  last_login Nullable(DateTime64(6, 'UTC')),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(synced_at, is_deleted)
ORDER BY id;

-- Profile id is kept only to find new profiles (id > the last one copied).
CREATE TABLE IF NOT EXISTS lms_profiles (
  user_id UInt64,
  id UInt64,
  name String,
  gender LowCardinality(String),
  level_of_education LowCardinality(String),
  year_of_birth Nullable(Int32),
  country LowCardinality(String),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(synced_at, is_deleted)
ORDER BY user_id;

CREATE TABLE IF NOT EXISTS lms_enrollments (
  course_id String,
  user_id UInt64,
  id UInt64,
  mode LowCardinality(String),
  is_active UInt8,
  created Nullable(DateTime64(6, 'UTC')),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(synced_at, is_deleted)
ORDER BY (course_id, user_id);

CREATE TABLE IF NOT EXISTS lms_course_grades (
  course_id String,
  user_id UInt64,
  percent_grade Float64,
  letter_grade LowCardinality(String),
  passed_timestamp Nullable(DateTime64(6, 'UTC')),
  created DateTime64(6, 'UTC'),
  modified DateTime64(6, 'UTC'),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(modified, is_deleted)
ORDER BY (course_id, user_id);

CREATE TABLE IF NOT EXISTS lms_subsection_grades (
  course_id String,
  user_id UInt64,
  usage_key String,
  earned_all Float64,
  possible_all Float64,
  earned_graded Float64,
  possible_graded Float64,
  first_attempted Nullable(DateTime64(6, 'UTC')),
  created DateTime64(6, 'UTC'),
  modified DateTime64(6, 'UTC'),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(modified, is_deleted)
ORDER BY (course_id, user_id, usage_key);

CREATE TABLE IF NOT EXISTS lms_block_completion (
  course_key String,
  user_id UInt64,
  block_key String,
  block_type LowCardinality(String),
  completion Float64,
  created DateTime64(6, 'UTC'),
  modified DateTime64(6, 'UTC'),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(modified, is_deleted)
ORDER BY (course_key, user_id, block_key);

CREATE TABLE IF NOT EXISTS lms_course_overviews (
  course_id String,
  display_name String,
  org LowCardinality(String),
  start Nullable(DateTime64(6, 'UTC')),
  end Nullable(DateTime64(6, 'UTC')),
  enrollment_start Nullable(DateTime64(6, 'UTC')),
  enrollment_end Nullable(DateTime64(6, 'UTC')),
  lowest_passing_grade Nullable(Float64),
  created DateTime64(6, 'UTC'),
  modified DateTime64(6, 'UTC'),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(modified, is_deleted)
ORDER BY course_id;

-- course_id '' = an org-wide role (DESIGN §8); org '' with course_id '' = a global role.
CREATE TABLE IF NOT EXISTS lms_course_access_roles (
  user_id UInt64,
  org String,
  course_id String,
  role LowCardinality(String),
  id UInt64,
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(synced_at, is_deleted)
ORDER BY (user_id, org, course_id, role);

-- Course outline (sections = chapters, in order from 0).
CREATE TABLE IF NOT EXISTS lms_course_sections (
  course_id String,
  usage_key String,
  title String,
  ordering UInt32,
  hide_from_toc UInt8,
  visible_to_staff_only UInt8,
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(synced_at, is_deleted)
ORDER BY (course_id, usage_key);

-- Subsections (sequences); ordering is course-wide (0..n-1), section_key names the parent.
CREATE TABLE IF NOT EXISTS lms_course_sequences (
  course_id String,
  usage_key String,
  section_key String,
  title String,
  ordering UInt32,
  inaccessible_after_due UInt8,
  hide_from_toc UInt8,
  visible_to_staff_only UInt8,
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(synced_at, is_deleted)
ORDER BY (course_id, usage_key);
