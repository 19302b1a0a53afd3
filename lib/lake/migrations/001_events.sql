-- One row per learner action (DESIGN §4). Ordered by course first: every dashboard
-- query is for one course and a time range. Dedupe happens at ingest; the replacing
-- engine is a second line of defence for the raw table only.
CREATE TABLE IF NOT EXISTS events (
  time DateTime64(3, 'UTC'),
  received_at DateTime64(3, 'UTC'),
  event_id String,
  name LowCardinality(String),
  event_source LowCardinality(String),
  user_id UInt64,
  username String,
  course_id LowCardinality(String),
  org LowCardinality(String),
  block_id String,
  video_id String,
  problem_id String,
  session String,
  is_learner UInt8,
  video_position Nullable(Float64),
  video_old_time Nullable(Float64),
  video_new_time Nullable(Float64),
  video_speed Nullable(Float64),
  video_duration Nullable(Float64),
  problem_success LowCardinality(String),
  problem_grade Nullable(Float64),
  problem_max_grade Nullable(Float64),
  problem_attempts Nullable(UInt32),
  grade_percent Nullable(Float64),
  completion Nullable(Float64),
  enrollment_mode LowCardinality(String),
  raw String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (course_id, time, event_id);

-- Lines and statements we refused, with the reason (never a silent drop).
CREATE TABLE IF NOT EXISTS rejected_events (
  received_at DateTime64(3, 'UTC'),
  source LowCardinality(String),
  reason String,
  raw String CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (source, received_at);
