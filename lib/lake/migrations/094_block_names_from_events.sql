-- Display names events carry (context.module.display_name, for the block of context.module.usage_key),
-- the fallback for block names the structure does not hold (lib/metrics/structure.ts): from every
-- server event that has one (completion, grading, drag and drop, ORA… besides problem events).
DROP VIEW IF EXISTS block_names_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS block_names_mv TO block_names AS
SELECT course_id, JSONExtractString(raw, 'context', 'module', 'usage_key') AS block_id,
  JSONExtractString(raw, 'context', 'module', 'display_name') AS display_name, time AS seen
FROM events
WHERE course_id != '' AND event_source = 'server' AND position(raw, '"display_name"') > 0
  AND block_id != '' AND display_name != '';

INSERT INTO block_names
SELECT course_id, JSONExtractString(raw, 'context', 'module', 'usage_key') AS key,
  argMax(JSONExtractString(raw, 'context', 'module', 'display_name'), time), max(time)
FROM events
WHERE course_id != '' AND event_source = 'server' AND position(raw, '"display_name"') > 0
  AND JSONExtractString(raw, 'context', 'module', 'usage_key') != ''
  AND JSONExtractString(raw, 'context', 'module', 'display_name') != ''
GROUP BY course_id, key;
