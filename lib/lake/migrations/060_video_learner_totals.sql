-- Whole-course video figures without regrouping every learner-video-day (lib/metrics/videoTotals.ts):
-- the video_day_segments of a course's closed days before `through`, added up once per learner and
-- video (watch time, covered length and the covered stretches), and per video (viewers, watch time,
-- complete views). Each computation is one `version`; video_totals_status names the current one and
-- how many video events its days had, so late events make it unusable until it is recomputed.
-- Staff are kept here and taken out when read, as in video_day_segments (learner first in the
-- key: reading the staff's rows, or the learners touched since, skips the others).
CREATE TABLE IF NOT EXISTS video_learner_totals (
  course_id LowCardinality(String),
  version DateTime64(3, 'UTC'),
  user_id UInt64,
  video_id String,
  dur Float64,
  watch Float64,
  covered Float64,
  merged Array(Tuple(Float64, Float64))
)
ENGINE = MergeTree
ORDER BY (course_id, version, user_id, video_id);

CREATE TABLE IF NOT EXISTS video_totals (
  course_id LowCardinality(String),
  version DateTime64(3, 'UTC'),
  video_id String,
  dur Float64,
  viewers UInt64,
  watch Float64,
  complete UInt64
)
ENGINE = MergeTree
ORDER BY (course_id, version, video_id);

CREATE TABLE IF NOT EXISTS video_totals_status (
  course_id LowCardinality(String),
  version DateTime64(3, 'UTC'),
  through Date,
  events UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY course_id;
