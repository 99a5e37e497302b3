-- Full-text search of the inbox: an FTS5 index over messages.search_text (the lower-cased
-- subject and body), kept by triggers. Words are split on anything that is not a letter or a
-- digit; å, ä and ö stay themselves (no diacritics folding).
CREATE VIRTUAL TABLE messages_fts USING fts5(
    search_text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO messages_fts (rowid, search_text) SELECT id, search_text FROM messages;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF search_text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO messages_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
