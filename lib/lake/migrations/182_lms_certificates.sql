-- Course certificates copied from the LMS (certificates_generatedcertificate, lib/lms/tables.ts),
-- as the other LMS tables of 005: one row per (course, learner), versioned by the LMS's
-- modified_date, read with FINAL. status 'downloadable' = earned; a revoked certificate
-- becomes 'unavailable' (or 'notpassing') with a later modified. The institutional completion
-- (lib/institution/courseFigures.ts) counts an earned certificate as completion.
-- A new, empty table: nothing to backfill on an existing lake.
CREATE TABLE IF NOT EXISTS lms_certificates (
  course_id String,
  user_id UInt64,
  status LowCardinality(String),
  mode LowCardinality(String),
  grade String,
  created DateTime64(6, 'UTC'),
  modified DateTime64(6, 'UTC'),
  synced_at DateTime64(6, 'UTC'),
  is_deleted UInt8 DEFAULT 0,
  INDEX synced_at_idx synced_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(modified, is_deleted)
ORDER BY (course_id, user_id);
