-- Staff rescores and score overrides of a learner's problem (edx.grades.problem.rescored /
-- .score_overridden, credited to event.user_id since 091), with whether the new score is full:
-- the Problems card counts a learner's latest judgement (lib/metrics/problemRescores.ts).
CREATE TABLE IF NOT EXISTS problem_rescores (
  course_id LowCardinality(String),
  problem_id String,
  user_id UInt64,
  time DateTime64(3, 'UTC'),
  event_id String,
  correct UInt8
)
ENGINE = ReplacingMergeTree
ORDER BY (course_id, problem_id, user_id, time, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS problem_rescores_mv TO problem_rescores AS
SELECT course_id, problem_id, user_id, time, event_id, toUInt8(problem_success = 'correct') AS correct
FROM events
WHERE course_id != '' AND problem_id != '' AND user_id > 0 AND problem_success != ''
  AND name IN ('edx.grades.problem.rescored', 'edx.grades.problem.score_overridden');

-- Older lakes: their rows have no problem_success yet; the new score is read from the raw line
-- (on-disk `event` as an object or a JSON string, in-process `data`; numbers or numeric strings).
INSERT INTO problem_rescores
SELECT course_id, problem_id, user_id, time, event_id, toUInt8(earned >= possible) AS correct
FROM (
  SELECT course_id, problem_id, user_id, time, event_id, substring(raw, position(raw, '{')) AS j,
    if(JSONType(j, 'event') = 'String', JSONExtractString(j, 'event'), if(JSONHas(j, 'event'), JSONExtractRaw(j, 'event'), JSONExtractRaw(j, 'data'))) AS payload,
    toFloat64OrNull(replaceAll(JSONExtractRaw(payload, 'new_weighted_earned'), '"', '')) AS earned,
    toFloat64OrNull(replaceAll(JSONExtractRaw(payload, 'new_weighted_possible'), '"', '')) AS possible
  FROM events
  WHERE course_id != '' AND problem_id != '' AND user_id > 0
    AND name IN ('edx.grades.problem.rescored', 'edx.grades.problem.score_overridden')
)
WHERE earned IS NOT NULL AND possible > 0;
