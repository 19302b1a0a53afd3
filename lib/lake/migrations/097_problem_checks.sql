-- One row per learner's problem check (the server problem_check, as problem_activity counts them),
-- so a staff rescore or score override can re-judge the very check it rescored: the learner's
-- latest check before it (lib/metrics/problemRescores.ts). problem_activity's 5-minute buckets
-- cannot tell which check of a bucket was the last.
CREATE TABLE IF NOT EXISTS problem_checks (
  course_id LowCardinality(String),
  problem_id String,
  user_id UInt64,
  time DateTime64(3, 'UTC'),
  event_id String,
  attempts UInt32,
  correct UInt8
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (course_id, problem_id, user_id, time);

CREATE MATERIALIZED VIEW IF NOT EXISTS problem_checks_mv TO problem_checks AS
SELECT course_id, problem_id, user_id, time, event_id, ifNull(problem_attempts, 0) AS attempts, toUInt8(problem_success = 'correct') AS correct
FROM events
WHERE {{LEARNER_ACTIVITY}} AND problem_id != '' AND {{PROBLEM_CHECK}};

BACKFILL problem_checks_mv;
