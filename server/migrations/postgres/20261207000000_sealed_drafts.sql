-- Drafts sealed like message bodies (crypto::seal_text, bound to `draft:<party id>:<matter
-- id>`): drafts.draft_sealed holds the whole draft; drafts.draft keeps only
-- `{"upload_ids": [...]}`, which the cleanup of pending uploads reads. Drafts written before
-- are sealed at start like message bodies (keys::seal_plain_drafts).
ALTER TABLE drafts ADD COLUMN draft_sealed BYTEA;
ALTER TABLE drafts ADD COLUMN kek_id TEXT;
