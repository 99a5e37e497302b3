-- How many messages each party has per folder, and unread, kept by triggers on messages, so
-- that an inbox page without filters needs no COUNT over all of the party's messages.
-- A message is in exactly one of inbox (incoming, not archived), archived (incoming,
-- archived) and sent (outgoing); unread counts the inbox's unread ones (the unread folder
-- and the badge).
CREATE TABLE mailbox_counts (
    person_id  INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    inbox      INTEGER NOT NULL DEFAULT 0,
    archived   INTEGER NOT NULL DEFAULT 0,
    sent       INTEGER NOT NULL DEFAULT 0,
    unread     INTEGER NOT NULL DEFAULT 0
);

INSERT INTO mailbox_counts (person_id, inbox, archived, sent, unread)
SELECT person_id,
       SUM(direction = 'incoming' AND archived = 0),
       SUM(direction = 'incoming' AND archived = 1),
       SUM(direction = 'outgoing'),
       SUM(direction = 'incoming' AND archived = 0 AND read = 0)
FROM messages GROUP BY person_id;

CREATE TRIGGER mailbox_counts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO mailbox_counts (person_id, inbox, archived, sent, unread)
    VALUES (new.person_id,
            new.direction = 'incoming' AND new.archived = 0,
            new.direction = 'incoming' AND new.archived = 1,
            new.direction = 'outgoing',
            new.direction = 'incoming' AND new.archived = 0 AND new.read = 0)
    ON CONFLICT (person_id) DO UPDATE SET
        inbox = inbox + excluded.inbox,
        archived = archived + excluded.archived,
        sent = sent + excluded.sent,
        unread = unread + excluded.unread;
END;

CREATE TRIGGER mailbox_counts_delete AFTER DELETE ON messages BEGIN
    UPDATE mailbox_counts SET
        inbox = inbox - (old.direction = 'incoming' AND old.archived = 0),
        archived = archived - (old.direction = 'incoming' AND old.archived = 1),
        sent = sent - (old.direction = 'outgoing'),
        unread = unread - (old.direction = 'incoming' AND old.archived = 0 AND old.read = 0)
    WHERE person_id = old.person_id;
END;

CREATE TRIGGER mailbox_counts_update AFTER UPDATE OF person_id, direction, archived, read ON messages BEGIN
    UPDATE mailbox_counts SET
        inbox = inbox - (old.direction = 'incoming' AND old.archived = 0),
        archived = archived - (old.direction = 'incoming' AND old.archived = 1),
        sent = sent - (old.direction = 'outgoing'),
        unread = unread - (old.direction = 'incoming' AND old.archived = 0 AND old.read = 0)
    WHERE person_id = old.person_id;
    INSERT INTO mailbox_counts (person_id, inbox, archived, sent, unread)
    VALUES (new.person_id,
            new.direction = 'incoming' AND new.archived = 0,
            new.direction = 'incoming' AND new.archived = 1,
            new.direction = 'outgoing',
            new.direction = 'incoming' AND new.archived = 0 AND new.read = 0)
    ON CONFLICT (person_id) DO UPDATE SET
        inbox = inbox + excluded.inbox,
        archived = archived + excluded.archived,
        sent = sent + excluded.sent,
        unread = unread + excluded.unread;
END;
