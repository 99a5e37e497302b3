-- The rows still in clear, which the server seals at every start (keys::seal_plain_bodies,
-- keys::seal_plain_drafts): partial indexes, empty once everything is sealed, so that finding
-- nothing to do is an index lookup rather than a scan of every message.
CREATE INDEX messages_plain_body_idx ON messages (id) WHERE body_sealed IS NULL;
CREATE INDEX drafts_plain_idx ON drafts (id) WHERE draft_sealed IS NULL;
