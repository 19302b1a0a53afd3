-- A dead letter sent again (a retried body, a re-run backfill) is stored once: ingest
-- skips letters whose key is already here. Old rows get their key from the default on read.
ALTER TABLE rejected_events ADD COLUMN IF NOT EXISTS dedupe_key String DEFAULT lower(hex(substring(SHA256(concat(source, '\n', reason, '\n', raw)), 1, 16)));
ALTER TABLE rejected_events ADD INDEX IF NOT EXISTS rejected_events_dedupe_key_bloom dedupe_key TYPE bloom_filter(0.01) GRANULARITY 4;
