-- xAPI statements stored before their actor was known (user 0: ERB creates the anonymous id at
-- the learner's first event, the LMS sync brings it up to a minute later). Listed here by a view
-- on events, so lib/xapiActors.ts resolveLateStatements can store them again with their learner
-- once the mapping arrives, and admins can see the ones that never resolve (the dead-letters page).
-- A statement's event_id is its UUID (tracking events have 32 hex digits). resolved_at 1970 = not
-- yet; the latest row per statement wins.
CREATE TABLE IF NOT EXISTS xapi_unresolved (
  event_id String,
  course_id String,
  actor String,
  received_at DateTime64(3, 'UTC'),
  resolved_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(resolved_at)
ORDER BY event_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS xapi_unresolved_mv TO xapi_unresolved AS
SELECT event_id, course_id, JSONExtractRaw(raw, 'actor') AS actor, received_at, toDateTime64(0, 3, 'UTC') AS resolved_at
FROM events
WHERE user_id = 0 AND course_id != '' AND match(event_id, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');

INSERT INTO xapi_unresolved
SELECT event_id, course_id, JSONExtractRaw(raw, 'actor') AS actor, received_at, toDateTime64(0, 3, 'UTC') AS resolved_at
FROM events
WHERE user_id = 0 AND course_id != '' AND match(event_id, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
  AND event_id NOT IN (SELECT event_id FROM events WHERE user_id > 0);
