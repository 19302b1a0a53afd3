-- Early warning, ranked (issue 18).
--
-- The weight of each graded subsection in the final grade (0–1), which the missed-deadline
-- rule, off track and the risk score need: the LMS grading policy (the course's GRADER
-- entries: a format's weight shared by its subsections, minus drop_count) gives it; the
-- grading-policy sync fills it, the demo seed and bench write it. NULL = not known: the
-- readers then share the unknown weight equally among those subsections.
ALTER TABLE block_schedule ADD COLUMN IF NOT EXISTS weight Nullable(Float64) AFTER due;

-- Trained risk-score models (lib/risk/model.ts): scope 'global' (key '') is the platform's own,
-- retrained on a schedule from its finished course runs and the earlier weeks of running ones.
-- With none here, the shipped prior (lib/risk/priorModel.json) scores. Latest version wins.
CREATE TABLE IF NOT EXISTS risk_models (
  scope LowCardinality(String),
  key String,
  model String,
  trained_at DateTime64(3, 'UTC'),
  examples UInt64,
  positives UInt64,
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (scope, key);
