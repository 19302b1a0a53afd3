-- The learner of a grade, completion, rescore or override event is the payload's user_id, not
-- context.user_id (whoever made the request: a staff member, a task) — lib/events/metrics.ts
-- ACTED_UPON_NAMES; enrollments were already read that way. For lakes written before: re-read the
-- learner from the raw line (on-disk `event` as an object or a JSON string, in-process `data`;
-- numbers or numeric strings; anything before the first `{` is a logger prefix), then rebuild the
-- learner facts and what is derived from them (completion, grades) from events and the LMS tables.
ALTER TABLE events
UPDATE
  username = if(arrayFirst(u -> u > 0, [
      toUInt64OrZero(replaceAll(JSONExtractRaw(substring(raw, position(raw, '{')), 'event', 'user_id'), '"', '')),
      toUInt64OrZero(replaceAll(JSONExtractRaw(JSONExtractString(substring(raw, position(raw, '{')), 'event'), 'user_id'), '"', '')),
      toUInt64OrZero(replaceAll(JSONExtractRaw(substring(raw, position(raw, '{')), 'data', 'user_id'), '"', '')),
      user_id]) = user_id, username, ''),
  user_id = arrayFirst(u -> u > 0, [
      toUInt64OrZero(replaceAll(JSONExtractRaw(substring(raw, position(raw, '{')), 'event', 'user_id'), '"', '')),
      toUInt64OrZero(replaceAll(JSONExtractRaw(JSONExtractString(substring(raw, position(raw, '{')), 'event'), 'user_id'), '"', '')),
      toUInt64OrZero(replaceAll(JSONExtractRaw(substring(raw, position(raw, '{')), 'data', 'user_id'), '"', '')),
      user_id])
WHERE event_source != 'xapi' AND name IN ('edx.completion.block_completion.changed', 'edx.grades.problem.submitted',
  'edx.grades.problem.rescored', 'edx.grades.problem.score_overridden', 'edx.grades.problem.state_deleted',
  'edx.grades.subsection.grade_calculated', 'edx.grades.subsection.score_overridden', 'edx.grades.course.grade_calculated',
  'edx.course.grade.passed.first_time', 'edx.course.grade.now_passed', 'edx.course.grade.now_failed')
SETTINGS mutations_sync = 2;

-- learner_facts (migration 010) and the tables its views feed (013, 014, 015, 071), emptied, then
-- refilled: the facts from events (their views refill the event halves), the LMS halves from the LMS tables.
TRUNCATE TABLE IF EXISTS learner_facts;
TRUNCATE TABLE IF EXISTS block_completion_days;
TRUNCATE TABLE IF EXISTS block_completion_totals;
TRUNCATE TABLE IF EXISTS block_completion_day_facts;
TRUNCATE TABLE IF EXISTS block_completion_upto;
TRUNCATE TABLE IF EXISTS block_completion_upto_status;
TRUNCATE TABLE IF EXISTS learner_grades;

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

INSERT INTO block_completion_days
SELECT course_key AS course_id, block_key AS block, toDate(modified) AS day,
  groupBitmapStateIf(user_id, completion >= 1 AND is_deleted = 0) AS completed,
  groupBitmapStateIf(user_id, completion < 1 OR is_deleted = 1) AS undone,
  max(modified) AS last_time
FROM lms_block_completion
GROUP BY course_id, block, day;

INSERT INTO block_completion_day_facts
SELECT course_key AS course_id, toDate(modified) AS day, count() AS facts
FROM lms_block_completion
GROUP BY course_id, day;

INSERT INTO learner_grades
SELECT course_id, user_id,
  argMaxState(percent_grade, modified) AS percent,
  argMaxState(toUInt8(passed_timestamp IS NOT NULL), modified) AS lms_passed,
  max(modified) AS last_time,
  max(is_deleted) AS deleted
FROM lms_course_grades
GROUP BY course_id, user_id;
