-- The person's voice (feedback::*).
--
-- Feedback ("Lämna synpunkter"), logged in or not. What the person wrote and the contact
-- detail for an answer are sealed (crypto::seal_text, bound to `feedback:<reference>`);
-- person_id is the party the session acted for, kept only when the person asked for an
-- answer in Min sida or tied the feedback to one of their matters.
CREATE TABLE feedback (
    id             INTEGER PRIMARY KEY,
    reference      TEXT    NOT NULL UNIQUE,
    kind           TEXT    NOT NULL CHECK (kind IN ('praise', 'suggestion', 'complaint', 'error_report')),
    content_sealed BLOB    NOT NULL,
    kek_id         TEXT    NOT NULL,
    reply_channel  TEXT    NOT NULL CHECK (reply_channel IN ('none', 'min_sida', 'email', 'phone')),
    language       TEXT,
    logged_in      INTEGER NOT NULL CHECK (logged_in IN (0, 1)),
    person_id      INTEGER REFERENCES persons (id),
    matter_id      INTEGER REFERENCES matters (id),
    received_at    INTEGER NOT NULL
);

-- "How easy was this?" after a submission: one answer per submission. The submission is
-- named only by a keyed hash (submission_key), so the answers cannot be joined to people;
-- the day is not kept either, only the ISO week. A comment is sealed like feedback.
CREATE TABLE satisfaction (
    id              INTEGER PRIMARY KEY,
    submission_key  TEXT    NOT NULL UNIQUE,
    service         TEXT    NOT NULL,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment_sealed  BLOB,
    kek_id          TEXT,
    week            TEXT    NOT NULL
);
CREATE INDEX satisfaction_week_idx ON satisfaction (week, service);
CREATE INDEX satisfaction_comment_idx ON satisfaction (id) WHERE comment_sealed IS NOT NULL;
