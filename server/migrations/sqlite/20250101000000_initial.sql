-- Min sida: initial schema. All times are unix seconds (UTC); dates are 'YYYY-MM-DD' text.

-- The agency's population register, as far as Min sida needs it (read-only for the portal).
CREATE TABLE persons (
    id                  INTEGER PRIMARY KEY,
    -- Canonical 12-digit personal identity number or coordination number (YYYYMMDDNNNC).
    personal_number     TEXT    NOT NULL UNIQUE
                                CHECK (length(personal_number) = 12 AND personal_number NOT GLOB '*[^0-9]*'),
    first_names         TEXT    NOT NULL,
    given_name          TEXT    NOT NULL,
    last_name           TEXT    NOT NULL,
    birth_date          TEXT    NOT NULL,
    -- Registered address (folkbokföringsadress).
    care_of             TEXT,
    street              TEXT    NOT NULL,
    postal_code         TEXT    NOT NULL,
    city                TEXT    NOT NULL,
    -- Only for addresses abroad.
    country             TEXT,
    -- Special postal address (särskild postadress); present when postal_street is not NULL.
    postal_care_of      TEXT,
    postal_street       TEXT,
    postal_postal_code  TEXT,
    postal_city         TEXT,
    postal_country      TEXT,
    municipality        TEXT    NOT NULL,
    county              TEXT    NOT NULL,
    registered_since    TEXT    NOT NULL,
    citizenship         TEXT    NOT NULL,
    -- 1 for the fictitious persons the test identity provider may log in as.
    is_test_person      INTEGER NOT NULL DEFAULT 0 CHECK (is_test_person IN (0, 1)),
    CHECK ((postal_street IS NULL) = (postal_postal_code IS NULL)
       AND (postal_street IS NULL) = (postal_city IS NULL))
);

CREATE INDEX persons_test_person_idx ON persons (is_test_person, last_name, given_name);

-- Contact details the person controls. No row: never given.
CREATE TABLE contact_details (
    person_id   INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    email       TEXT,
    mobile      TEXT,
    updated_at  INTEGER NOT NULL
);

-- Server-side sessions. Only the SHA-256 of the cookie token is stored, so a copy of the
-- database does not give away live sessions.
CREATE TABLE sessions (
    id_hash       TEXT    PRIMARY KEY CHECK (length(id_hash) = 64),
    person_id     INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    csrf_token    TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    -- Absolute end of the session, whatever the activity.
    expires_at    INTEGER NOT NULL,
    CHECK (created_at <= last_seen_at AND last_seen_at <= expires_at)
) WITHOUT ROWID;

CREATE INDEX sessions_person_idx ON sessions (person_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

-- Audit trail of every access to and change of personal data. Append-only.
CREATE TABLE audit_events (
    id                 INTEGER PRIMARY KEY,
    at                 INTEGER NOT NULL,
    -- Who did it (the logged-in person).
    actor_person_id    INTEGER REFERENCES persons (id),
    -- Whose data it concerned.
    subject_person_id  INTEGER REFERENCES persons (id),
    action             TEXT    NOT NULL,
    object_type        TEXT    NOT NULL,
    object_id          TEXT,
    -- First 12 hex digits of the session's id_hash: ties events to a session without
    -- storing anything that could be used to hijack it.
    session_ref        TEXT,
    -- Extra facts as JSON; never the personal data itself.
    detail             TEXT
);

CREATE INDEX audit_events_subject_idx ON audit_events (subject_person_id, at);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_person_id, at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
