-- Full-text search of the inbox: a tsvector of messages.search_text (the lower-cased subject
-- and body) in PostgreSQL's Swedish configuration (Snowball stemming), with a GIN index.
ALTER TABLE messages
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('swedish', search_text)) STORED;
CREATE INDEX messages_search_idx ON messages USING GIN (search_vector);
