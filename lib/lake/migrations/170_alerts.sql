-- Alerts that reach people (issue 22): rules admins configure, who asked for what, what was
-- detected, and every delivery with its status, so nothing is sent twice across restarts.

-- Alert rules by scope ('global' with key '', 'org' with the org, 'course' with the course id).
-- spec: the rule as JSON (kind, its parameters, schedule, quiet hours, audience, webhook);
-- lib/alerts/rules.ts validates it. Latest version wins; read with FINAL.
CREATE TABLE IF NOT EXISTS alert_rules (
  id String,
  scope LowCardinality(String),
  key String,
  spec String,
  actor String,
  updated_at DateTime64(3, 'UTC'),
  version UInt64,
  is_deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY id;

-- Every change of a rule: who, when, the spec before and after ('' = none: created / deleted).
CREATE TABLE IF NOT EXISTS alert_rules_history (
  at DateTime64(3, 'UTC'),
  actor String,
  rule_id String,
  scope LowCardinality(String),
  key String,
  old String,
  new String
)
ENGINE = MergeTree
ORDER BY (at, rule_id);

-- A person's choices (the /notifications page): per course, or '' for every course.
-- schedule '' = as the rule says.
CREATE TABLE IF NOT EXISTS alert_preferences (
  user_id UInt64,
  course_id String,
  opted_out UInt8,
  schedule LowCardinality(String),
  updated_at DateTime64(3, 'UTC'),
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (user_id, course_id);

-- Per rule, course and subject (a learner's user id; 0 = the course itself): whether the rule
-- matches now and since when. A match that was not matching before is "new" and alerted once;
-- matched = 0 ends it, so the next match is new again.
CREATE TABLE IF NOT EXISTS alert_matches (
  rule_id String,
  course_id String,
  subject UInt64,
  matched UInt8,
  since DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC'),
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (rule_id, course_id, subject);

-- One line of a digest for one recipient ('user:<id>' or 'webhook:<rule id>'). item_key is
-- recipient|rule|course|subject|since: the same match never makes a second line for anyone.
-- due_at follows the recipient's schedule and the rule's quiet hours. payload: what the line
-- says (username, reasons, severity…), never emails (added when rendered, for PII-allowed readers).
CREATE TABLE IF NOT EXISTS alert_items (
  item_key String,
  recipient String,
  rule_id String,
  course_id String,
  subject UInt64,
  since DateTime64(3, 'UTC'),
  detected_at DateTime64(3, 'UTC'),
  due_at DateTime64(3, 'UTC'),
  payload String
)
ENGINE = ReplacingMergeTree
ORDER BY item_key;

-- The delivery log: one email, webhook call or outbox entry, with the items it carries (an
-- item in any delivery is never put in another). status: pending, sent, failed (retried at
-- next_attempt_at), abandoned (out of attempts; an admin may retry). Latest version wins.
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id String,
  channel LowCardinality(String),
  recipient String,
  address String,
  subject String,
  body String,
  item_keys Array(String),
  status LowCardinality(String),
  attempts UInt16,
  next_attempt_at DateTime64(3, 'UTC'),
  last_error String,
  created_at DateTime64(3, 'UTC'),
  sent_at Nullable(DateTime64(3, 'UTC')),
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
