-- An API token acts as an LMS user id, not a username (a username can be given up and taken by
-- a new account). Set at creation when the user is synced, else bound at the token's first use
-- once they are (lib/auth/apiTokens.ts). Tokens created before this migration are bound so too.
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS user_id Nullable(UInt64) AFTER username;
