-- course_minute_activity.events, the all-events total per course and minute, counts each action
-- once ({{COUNTED_ACTION}}, lib/events/activity.ts): an xAPI statement stored with user 0 and stored
-- again once its learner is known counted twice (both copies fire the views), and a statement left
-- uncounted because its tracking-log twin counts added a second event. A statement still waiting
-- for its learner is counted when it is resolved; until then admins see it on the dead-letters page.
-- Learner events and learners were already right (neither copy nor twin is learner activity twice).
DROP VIEW IF EXISTS course_minute_activity_mv;
TRUNCATE TABLE IF EXISTS course_minute_activity;

CREATE MATERIALIZED VIEW IF NOT EXISTS course_minute_activity_mv TO course_minute_activity AS
SELECT course_id, toStartOfMinute(time) AS minute,
  toUInt64(countIf({{COUNTED_ACTION}})) AS events,
  toUInt64(countIf({{LEARNER_ACTIVITY}})) AS learner_events,
  uniqExactStateIf(user_id, {{LEARNER_ACTIVITY}}) AS learners
FROM events
WHERE course_id != ''
GROUP BY course_id, minute;

BACKFILL course_minute_activity_mv;
