-- Active learners per week across many courses (issue 21 item 4): per week (Monday, UTC), org and
-- course, the learners with a learner event as a bitmap, fed from institution_learner_weeks (150)
-- as it fills. A week's active learners on /platform are the OR of a thousand course bitmaps
-- (each with that course's staff taken out) rather than a GROUP BY over a row per learner, course
-- and week; new learners are those not in any earlier week's bitmap.
CREATE TABLE IF NOT EXISTS institution_week_learners (
  week Date,
  org LowCardinality(String),
  course_id LowCardinality(String),
  learners AggregateFunction(groupBitmap, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (week, org, course_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS institution_week_learners_mv TO institution_week_learners AS
SELECT week, org, course_id, groupBitmapState(user_id) AS learners
FROM institution_learner_weeks
GROUP BY week, org, course_id;

-- From the rows of 150, one per learner, course and week (3 million on the bench lake: seconds).
BACKFILL institution_week_learners_mv;
