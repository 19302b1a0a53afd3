-- Learner activity, defined once (lib/events/activity.ts, DESIGN §5), for lakes written before it:
-- enrolling is no longer activity (it made every enrolled learner "active", with a minute of time
-- spent), a mobile play (`edx.video.played`) is a play like the browser's `play_video`, and a
-- pre-2013 `save_problem_check` is an attempt everywhere. The views that count activity are
-- recreated from the shared macros and their tables rebuilt from `events` (BACKFILL: the view's own
-- SELECT over what events holds, lib/lake/views.ts); the rollups read from
-- them are emptied and recomputed when next read (lib/metrics/learnerDays.ts, engagementTotals.ts).

-- Enrollment rows of older lakes were learner events (learner.ts said so then).
ALTER TABLE events UPDATE is_learner = 0
WHERE is_learner = 1 AND name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')
SETTINGS mutations_sync = 2;

-- Per course, learner and 5-minute bucket (migration 006), with every video alias.
DROP VIEW IF EXISTS learner_activity_mv;
TRUNCATE TABLE IF EXISTS learner_activity;
TRUNCATE TABLE IF EXISTS learner_activity_day_totals;

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_activity_mv TO learner_activity AS
SELECT course_id, toStartOfFiveMinutes(time) AS bucket, user_id,
  toUInt64(count()) AS events, min(time) AS first_time, max(time) AS last_time,
  toUInt64(countIf({{VIDEO_PLAY}})) AS video_plays,
  toUInt64(countIf({{PROBLEM_CHECK}})) AS problem_checks,
  toUInt64(countIf({{PROBLEM_CHECK}} AND problem_success = 'correct')) AS problem_checks_correct
FROM events
WHERE {{LEARNER_ACTIVITY}}
GROUP BY course_id, bucket, user_id;

-- (learner_activity_day_totals_mv, migration 016, refills the day totals from these rows.)
BACKFILL learner_activity_mv;

-- Rollups of the buckets (migrations 011, 061): recomputed from the rebuilt buckets when read.
TRUNCATE TABLE IF EXISTS learner_day_activity;
TRUNCATE TABLE IF EXISTS learner_period_totals;
TRUNCATE TABLE IF EXISTS period_totals;
TRUNCATE TABLE IF EXISTS engagement_totals_status;

-- Per course and minute (migration 002): the live chart's learner events and learners.
DROP VIEW IF EXISTS course_minute_activity_mv;
TRUNCATE TABLE IF EXISTS course_minute_activity;

CREATE MATERIALIZED VIEW IF NOT EXISTS course_minute_activity_mv TO course_minute_activity AS
SELECT course_id, toStartOfMinute(time) AS minute,
  toUInt64(count()) AS events,
  toUInt64(countIf({{LEARNER_ACTIVITY}})) AS learner_events,
  uniqExactStateIf(user_id, {{LEARNER_ACTIVITY}}) AS learners
FROM events
WHERE course_id != ''
GROUP BY course_id, minute;

BACKFILL course_minute_activity_mv;

-- Per course, learner and day (migration 041): the early-warning rules' activity, now the same.
DROP VIEW IF EXISTS learner_days_mv;
TRUNCATE TABLE IF EXISTS learner_days;

CREATE MATERIALIZED VIEW IF NOT EXISTS learner_days_mv TO learner_days AS
SELECT course_id, toDate(time) AS day, user_id,
  toUInt64(count()) AS events, min(time) AS first_time, max(time) AS last_time,
  toUInt64(countIf({{PROBLEM_CHECK}})) AS problem_checks,
  toUInt64(countIf({{PROBLEM_CHECK}} AND problem_success = 'correct')) AS problem_checks_correct
FROM events
WHERE {{LEARNER_ACTIVITY}}
GROUP BY course_id, day, user_id;

BACKFILL learner_days_mv;
