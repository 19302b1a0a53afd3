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
-- refilled by the views' own SELECTs: the facts from events (their views refill the event halves),
-- the LMS halves from the LMS tables.
TRUNCATE TABLE IF EXISTS learner_facts;
TRUNCATE TABLE IF EXISTS block_completion_days;
TRUNCATE TABLE IF EXISTS block_completion_totals;
TRUNCATE TABLE IF EXISTS block_completion_day_facts;
TRUNCATE TABLE IF EXISTS block_completion_upto;
TRUNCATE TABLE IF EXISTS block_completion_upto_status;
TRUNCATE TABLE IF EXISTS learner_grades;

BACKFILL learner_facts_mv;

BACKFILL block_completion_days_lms_mv;

BACKFILL block_completion_day_facts_lms_mv;

BACKFILL learner_grades_lms_mv;
