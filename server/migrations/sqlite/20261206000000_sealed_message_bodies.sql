-- Message bodies encrypted at rest, and the key encryption key behind every wrapped data key
-- (key rotation; see crypto.rs and keys.rs).
--
-- messages.body_sealed: the sealed body (crypto::seal_text, bound to `message:<id>`); the
-- plain `body` column is then ''. Rows written before this migration keep their plain body
-- until the server seals them at start (keys::seal_plain_bodies), in batches, each row once.
-- messages.search_text then holds the blind search index (messaging::search::index_text):
-- keyed hashes of the words' prefixes, no plain word.
-- kek_id: crypto::KeyEncryptionKey::id of the key that wrapped the row's data key; NULL for
-- rows written before (a plain body, or a document: every known key is tried).
ALTER TABLE messages ADD COLUMN body_sealed BLOB;
ALTER TABLE messages ADD COLUMN kek_id TEXT;
ALTER TABLE documents ADD COLUMN kek_id TEXT;
