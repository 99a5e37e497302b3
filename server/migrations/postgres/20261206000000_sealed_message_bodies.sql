-- Message bodies encrypted at rest, and the key encryption key behind every wrapped data key
-- (key rotation; see crypto.rs and keys.rs). As the SQLite migration of the same version.
--
-- messages.search_text now holds the blind search index (keyed hashes of the words'
-- prefixes, no plain word): indexed with the 'simple' configuration, since stemming would
-- change the hashes.
ALTER TABLE messages ADD COLUMN body_sealed BYTEA;
ALTER TABLE messages ADD COLUMN kek_id TEXT;
ALTER TABLE documents ADD COLUMN kek_id TEXT;

DROP INDEX messages_search_idx;
ALTER TABLE messages DROP COLUMN search_vector;
ALTER TABLE messages
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX messages_search_idx ON messages USING GIN (search_vector);
