-- The first day of a course's weeks (issue 20, item 6): 'monday' (ISO 8601, the default when the
-- course has no row) or 'sunday' (the US, Canada, Brazil…). The weekly engagement table groups
-- the learners' activity by these weeks (lib/metrics/weekStart.ts). Latest version wins.
CREATE TABLE IF NOT EXISTS course_week_start (
  course_id String,
  week_start LowCardinality(String),
  actor String,
  updated_at DateTime64(3, 'UTC'),
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY course_id;
