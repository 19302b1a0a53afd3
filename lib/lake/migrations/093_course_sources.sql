-- Both paths at once (lib/xapiOverlap.ts): the courses whose learner activity arrives as tracking
-- logs, so the LRS can leave their xAPI twins uncounted; and how many statements it left so, per
-- course and day, for admins. A statement's event_id is its UUID (36 characters); a tracking event's has 32 hex digits.
CREATE TABLE IF NOT EXISTS course_tracking_sources (
  course_id String,
  first_time SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  events SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY course_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS course_tracking_sources_mv TO course_tracking_sources AS
SELECT course_id, min(time) AS first_time, max(time) AS last_time, toUInt64(count()) AS events
FROM events
WHERE {{LEARNER_ACTIVITY}} AND length(event_id) != 36
GROUP BY course_id;

BACKFILL course_tracking_sources_mv;

CREATE TABLE IF NOT EXISTS xapi_overlap_days (
  course_id String,
  day Date,
  statements UInt64
)
ENGINE = SummingMergeTree
ORDER BY (course_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS xapi_overlap_days_mv TO xapi_overlap_days AS
SELECT course_id, toDate(time) AS day, count() AS statements
FROM events
WHERE event_source = 'xapi-overlap'
GROUP BY course_id, day;
