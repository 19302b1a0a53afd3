-- Per course and block, all time: the learners with a completion fact, as bitmaps (like
-- block_completion_days, 013, without the day). When none of them went below 1 and no fact is
-- later than a window's end — the current week, any window ending now — a unit's learners are
-- these few hundred bitmaps, not a merge of every day's.
CREATE TABLE IF NOT EXISTS block_completion_totals (
  course_id LowCardinality(String),
  block String,
  completed AggregateFunction(groupBitmap, UInt64),
  undone AggregateFunction(groupBitmap, UInt64),
  last_time SimpleAggregateFunction(max, DateTime64(6, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (course_id, block);

CREATE MATERIALIZED VIEW IF NOT EXISTS block_completion_totals_mv TO block_completion_totals AS
SELECT course_id, block, groupBitmapMergeState(completed) AS completed, groupBitmapMergeState(undone) AS undone, max(last_time) AS last_time
FROM block_completion_days
GROUP BY course_id, block;

INSERT INTO block_completion_totals
SELECT course_id, block, groupBitmapMergeState(completed) AS completed, groupBitmapMergeState(undone) AS undone, max(last_time) AS last_time
FROM block_completion_days
GROUP BY course_id, block;
