-- xAPI actors: the anonymised account name event-routing-backends puts in a statement's
-- actor → the LMS user. Mirrors the LMS table external_user_id_externalid (type 'xapi');
-- filled by the LMS sync (or by upsertXapiActors). Latest row per actor wins.
CREATE TABLE IF NOT EXISTS xapi_actors (
  actor_id String,
  user_id UInt64,
  username String,
  updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY actor_id;
