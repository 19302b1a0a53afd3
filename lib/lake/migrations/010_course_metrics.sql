-- Small derived tables the course dashboard reads instead of rescanning a course's events
-- (lib/metrics/*). Each is kept by a materialized view on events, with a backfill INSERT for
-- lakes created before this migration. Staff are not excluded here (roles change):
-- queries apply lib/metrics/scope.ts.

-- Video events that open or close a watch segment (DESIGN §5), per learner and video in
-- time order, so segments are built from one ordered range instead of the course's events.
-- kind: 1 play, 2 pause, 3 stop, 4 seek (position = where the seek left from), 5 complete.
CREATE TABLE IF NOT EXISTS video_events (
  course_id LowCardinality(String),
  video_id String,
  user_id UInt64,
  time DateTime64(3, 'UTC'),
  event_id String,
  kind UInt8,
  position Nullable(Float64),
  duration Nullable(Float64)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (course_id, time, video_id, user_id, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS video_events_mv TO video_events AS
SELECT course_id, video_id, user_id, time, event_id,
  multiIf(name IN ('play_video', 'edx.video.played'), 1,
          name IN ('pause_video', 'edx.video.paused'), 2,
          name IN ('stop_video', 'edx.video.stopped'), 3,
          name IN ('seek_video', 'edx.video.position.changed'), 4, 5) AS kind,
  if(name IN ('seek_video', 'edx.video.position.changed'), video_old_time, video_position) AS position,
  video_duration AS duration
FROM events
WHERE is_learner = 1 AND course_id != '' AND video_id != ''
  AND name IN ('play_video', 'edx.video.played', 'pause_video', 'edx.video.paused', 'stop_video', 'edx.video.stopped',
               'seek_video', 'edx.video.position.changed', 'complete_video', 'edx.video.completed');

INSERT INTO video_events
SELECT course_id, video_id, user_id, time, event_id,
  multiIf(name IN ('play_video', 'edx.video.played'), 1,
          name IN ('pause_video', 'edx.video.paused'), 2,
          name IN ('stop_video', 'edx.video.stopped'), 3,
          name IN ('seek_video', 'edx.video.position.changed'), 4, 5) AS kind,
  if(name IN ('seek_video', 'edx.video.position.changed'), video_old_time, video_position) AS position,
  video_duration AS duration
FROM events
WHERE is_learner = 1 AND course_id != '' AND video_id != ''
  AND name IN ('play_video', 'edx.video.played', 'pause_video', 'edx.video.paused', 'stop_video', 'edx.video.stopped',
               'seek_video', 'edx.video.position.changed', 'complete_video', 'edx.video.completed');

-- Server problem_check per course, 5-minute bucket, problem and learner.
CREATE TABLE IF NOT EXISTS problem_activity (
  course_id LowCardinality(String),
  bucket DateTime('UTC'),
  problem_id String,
  user_id UInt64,
  checks SimpleAggregateFunction(sum, UInt64),
  correct SimpleAggregateFunction(sum, UInt64),
  first_attempt_correct SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (course_id, bucket, problem_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS problem_activity_mv TO problem_activity AS
SELECT course_id, toStartOfFiveMinutes(time) AS bucket, problem_id, user_id,
  toUInt64(count()) AS checks,
  toUInt64(countIf(problem_success = 'correct')) AS correct,
  toUInt64(countIf(problem_success = 'correct' AND problem_attempts = 1)) AS first_attempt_correct
FROM events
WHERE is_learner = 1 AND course_id != '' AND problem_id != '' AND event_source = 'server' AND name IN ('problem_check', 'save_problem_check')
GROUP BY course_id, bucket, problem_id, user_id;

INSERT INTO problem_activity
SELECT course_id, toStartOfFiveMinutes(time) AS bucket, problem_id, user_id,
  toUInt64(count()) AS checks,
  toUInt64(countIf(problem_success = 'correct')) AS correct,
  toUInt64(countIf(problem_success = 'correct' AND problem_attempts = 1)) AS first_attempt_correct
FROM events
WHERE is_learner = 1 AND course_id != '' AND problem_id != '' AND event_source = 'server' AND name IN ('problem_check', 'save_problem_check')
GROUP BY course_id, bucket, problem_id, user_id;

-- Facts of learner state from events, newest per key wins as of a time: enrollment
-- (kind 'enrollment', value 1/0, mode), course grade (kind 'grade', value = percent 0–1),
-- block completion (kind 'completion', key = block usage key, value 0–1).
CREATE TABLE IF NOT EXISTS learner_facts (
  course_id LowCardinality(String),
  kind LowCardinality(String),
  user_id UInt64,
  key String,
  time DateTime64(3, 'UTC'),
  event_id String,
  value Float64,
  mode LowCardinality(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (course_id, kind, user_id, key, time, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_facts_mv TO learner_facts AS
SELECT course_id,
  multiIf(name = 'edx.grades.course.grade_calculated', 'grade', name = 'edx.completion.block_completion.changed', 'completion', 'enrollment') AS kind,
  user_id,
  if(name = 'edx.completion.block_completion.changed', block_id, '') AS key,
  time, event_id,
  multiIf(name = 'edx.grades.course.grade_calculated', ifNull(grade_percent, 0),
          name = 'edx.completion.block_completion.changed', ifNull(completion, 0),
          name = 'edx.course.enrollment.deactivated', 0, 1) AS value,
  enrollment_mode AS mode
FROM events
WHERE course_id != '' AND user_id > 0
  AND (name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')
       OR (name = 'edx.grades.course.grade_calculated' AND grade_percent IS NOT NULL)
       OR (name = 'edx.completion.block_completion.changed' AND completion IS NOT NULL AND block_id != ''));

INSERT INTO learner_facts
SELECT course_id,
  multiIf(name = 'edx.grades.course.grade_calculated', 'grade', name = 'edx.completion.block_completion.changed', 'completion', 'enrollment') AS kind,
  user_id,
  if(name = 'edx.completion.block_completion.changed', block_id, '') AS key,
  time, event_id,
  multiIf(name = 'edx.grades.course.grade_calculated', ifNull(grade_percent, 0),
          name = 'edx.completion.block_completion.changed', ifNull(completion, 0),
          name = 'edx.course.enrollment.deactivated', 0, 1) AS value,
  enrollment_mode AS mode
FROM events
WHERE course_id != '' AND user_id > 0
  AND (name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')
       OR (name = 'edx.grades.course.grade_calculated' AND grade_percent IS NOT NULL)
       OR (name = 'edx.completion.block_completion.changed' AND completion IS NOT NULL AND block_id != ''));

-- Course structure with names, in course order (position), for blocks the LMS outline tables
-- do not hold (units, videos, problems). Written by the demo seed, or by a structure sync.
CREATE TABLE IF NOT EXISTS course_blocks (
  course_id String,
  block_id String,
  block_type LowCardinality(String),
  -- the unit (vertical) holding a video/problem/html block; '' for units and above
  parent String,
  display_name String,
  section String,
  subsection String,
  position UInt32,
  updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (course_id, block_id);

-- Display names events carry (context.module.display_name), the fallback for block names.
CREATE TABLE IF NOT EXISTS block_names (
  course_id String,
  block_id String,
  display_name String,
  seen DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(seen)
ORDER BY (course_id, block_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS block_names_mv TO block_names AS
SELECT course_id, block_id, JSONExtractString(raw, 'context', 'module', 'display_name') AS display_name, time AS seen
FROM events
WHERE course_id != '' AND block_id != '' AND event_source = 'server' AND name IN ('problem_check', 'showanswer', 'problem_save')
  AND display_name != '';

INSERT INTO block_names
SELECT course_id, block_id, argMax(JSONExtractString(raw, 'context', 'module', 'display_name') AS n, time), max(time)
FROM events
WHERE course_id != '' AND block_id != '' AND event_source = 'server' AND name IN ('problem_check', 'showanswer', 'problem_save')
  AND JSONExtractString(raw, 'context', 'module', 'display_name') != ''
GROUP BY course_id, block_id;
