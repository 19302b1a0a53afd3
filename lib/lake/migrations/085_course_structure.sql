-- The course as the LMS knows it (lib/lms/structure.ts writes and reads it; the structure sync
-- server/lms/structureSync.ts and the demo seed both write through it):
--   course_blocks   + duration: a video's length in seconds where the LMS knows it (Blocks API
--                   student_view_data.duration), NULL otherwise.
--   block_schedule  + format: the subsection's assignment type (Blocks API `format`);
--                   + weight: its share of the final grade = the type's weight ÷ the number of
--                   subsections of that type (at least the policy's count); drops in
--                   course_grading_policy. NULL: not known (no grading policy); the early-
--                   warning readers then share the unknown rest equally (lib/risk/gradedWork.ts).
--   course_grading_policy  the grading policy (/api/grades/v1/policy/courses/<id>/): one row per
--                   assignment type with count, dropped and weight.
--   lms_due_extensions     per-learner due dates (edx_when_userdate over edx_when_contentdate and
--                   edx_when_datepolicy), copied by the LMS sync: the learner's own due date of a
--                   subsection, later than the course's.
ALTER TABLE course_blocks ADD COLUMN IF NOT EXISTS duration Nullable(Float64);

ALTER TABLE block_schedule ADD COLUMN IF NOT EXISTS format LowCardinality(String) DEFAULT '';

ALTER TABLE block_schedule ADD COLUMN IF NOT EXISTS weight Nullable(Float64);

CREATE TABLE IF NOT EXISTS course_grading_policy (
  course_id String,
  assignment_type String,
  count UInt32,
  dropped UInt32,
  weight Float64,
  updated_at DateTime64(3, 'UTC'),
  is_deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY (course_id, assignment_type);

CREATE TABLE IF NOT EXISTS lms_due_extensions (
  course_id String,
  user_id UInt64,
  usage_key String,
  due DateTime64(6, 'UTC'),
  modified DateTime64(6, 'UTC'),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(modified, is_deleted)
ORDER BY (course_id, user_id, usage_key);
