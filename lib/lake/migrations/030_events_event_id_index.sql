-- The xAPI endpoint looks statements up by id alone (WHERE event_id IN …), across
-- courses and time: a bloom filter lets it skip the granules that cannot hold them.
-- Parts written before this migration have no index until they merge; lookups stay correct.
ALTER TABLE events ADD INDEX IF NOT EXISTS events_event_id_bloom event_id TYPE bloom_filter(0.01) GRANULARITY 4;
