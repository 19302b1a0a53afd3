-- Course overviews (display name, org, dates). Filled by the LMS sync, or by the
-- demo seed on the embedded default. Latest row per course wins.
CREATE TABLE IF NOT EXISTS courses (
  course_id String,
  display_name String,
  org LowCardinality(String),
  start Nullable(DateTime64(3, 'UTC')),
  end Nullable(DateTime64(3, 'UTC')),
  updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY course_id;

-- Small facts the server keeps about itself (e.g. the demo's course start).
CREATE TABLE IF NOT EXISTS meta (
  key String,
  value String,
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY key;
