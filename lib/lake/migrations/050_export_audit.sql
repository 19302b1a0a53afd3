-- Every CSV export of at-risk learners (DESIGN §8: exports are audit-logged): who, when,
-- which course ('all' for a cross-course export, with the courses it covered), the filter
-- as JSON, how many rows, and whether emails and names were in it. Append-only.
CREATE TABLE IF NOT EXISTS export_audit (
  id UUID,
  at DateTime64(3, 'UTC'),
  actor String,
  kind LowCardinality(String),
  course_id String,
  course_ids Array(String),
  filter String,
  rows UInt32,
  pii UInt8
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, id);
