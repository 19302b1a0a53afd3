-- Who exported or administered what, and when (lib/auth/audit.ts). Append-only.
CREATE TABLE IF NOT EXISTS audit_log (
  at DateTime64(3, 'UTC'),
  username String,
  source String,
  action String,
  course_id String,
  detail String
)
ENGINE = MergeTree
ORDER BY at;
