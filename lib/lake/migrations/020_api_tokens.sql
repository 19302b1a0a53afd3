-- API tokens for scripts and data teams (lib/auth/apiTokens.ts): a bearer token acts as
-- an LMS user, with that user's roles resolved as for a browser session. Only the SHA-256
-- of the token is stored. Revoking writes a newer row with revoked_at set; read with FINAL.
CREATE TABLE IF NOT EXISTS api_tokens (
  id String,
  token_hash String,
  username String,
  label String,
  created_by String,
  created_at DateTime64(3, 'UTC'),
  revoked_at Nullable(DateTime64(3, 'UTC')),
  version DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
