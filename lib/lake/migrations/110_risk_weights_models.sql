-- Early warning, ranked (issue 18). Each graded subsection's weight in the final grade is
-- block_schedule.weight (migration 085), filled from the LMS grading policy.

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
