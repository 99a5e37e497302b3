-- How many messages each party has per folder, and unread, kept by a trigger on messages, so
-- that an inbox page without filters needs no COUNT over all of the party's messages. As the
-- SQLite migration of the same version.
CREATE TABLE mailbox_counts (
    person_id  BIGINT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    inbox      BIGINT NOT NULL DEFAULT 0,
    archived   BIGINT NOT NULL DEFAULT 0,
    sent       BIGINT NOT NULL DEFAULT 0,
    unread     BIGINT NOT NULL DEFAULT 0
);

INSERT INTO mailbox_counts (person_id, inbox, archived, sent, unread)
SELECT person_id,
       COUNT(*) FILTER (WHERE direction = 'incoming' AND NOT archived),
       COUNT(*) FILTER (WHERE direction = 'incoming' AND archived),
       COUNT(*) FILTER (WHERE direction = 'outgoing'),
       COUNT(*) FILTER (WHERE direction = 'incoming' AND NOT archived AND NOT read)
FROM messages GROUP BY person_id;

CREATE FUNCTION minsida_mailbox_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE mailbox_counts SET
            inbox = inbox - (OLD.direction = 'incoming' AND NOT OLD.archived)::int,
            archived = archived - (OLD.direction = 'incoming' AND OLD.archived)::int,
            sent = sent - (OLD.direction = 'outgoing')::int,
            unread = unread - (OLD.direction = 'incoming' AND NOT OLD.archived AND NOT OLD.read)::int
        WHERE person_id = OLD.person_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO mailbox_counts (person_id, inbox, archived, sent, unread)
        VALUES (NEW.person_id,
                (NEW.direction = 'incoming' AND NOT NEW.archived)::int,
                (NEW.direction = 'incoming' AND NEW.archived)::int,
                (NEW.direction = 'outgoing')::int,
                (NEW.direction = 'incoming' AND NOT NEW.archived AND NOT NEW.read)::int)
        ON CONFLICT (person_id) DO UPDATE SET
            inbox = mailbox_counts.inbox + EXCLUDED.inbox,
            archived = mailbox_counts.archived + EXCLUDED.archived,
            sent = mailbox_counts.sent + EXCLUDED.sent,
            unread = mailbox_counts.unread + EXCLUDED.unread;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER mailbox_counts_insert_delete AFTER INSERT OR DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION minsida_mailbox_counts();
CREATE TRIGGER mailbox_counts_update AFTER UPDATE OF person_id, direction, archived, read ON messages
    FOR EACH ROW EXECUTE FUNCTION minsida_mailbox_counts();
