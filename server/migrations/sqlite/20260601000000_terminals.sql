-- Service-office customer terminals (kundterminaler), visitors' requests for staff help and
-- server-side drafts of messages. All times are unix seconds (UTC).

-- Browsers an office has enrolled as shared customer terminals. The device cookie holds a
-- random token; only its SHA-256 is stored. A terminal is never deleted (audit events and
-- sessions refer to it): unenrolling sets revoked_at.
CREATE TABLE terminals (
    id            INTEGER PRIMARY KEY,
    -- Office id as configured (`--terminal-office ID=NAME=KEY`).
    office_id     TEXT    NOT NULL,
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    token_hash    TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    enrolled_at   INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    revoked_at    INTEGER,
    CHECK (enrolled_at <= last_seen_at)
);

-- Names are unique among an office's active terminals, so staff can tell them apart.
CREATE UNIQUE INDEX terminals_active_name_idx ON terminals (office_id, name) WHERE revoked_at IS NULL;

-- A session started on a terminal: shorter idle timeout, no downloads, ended with the visit.
ALTER TABLE sessions ADD COLUMN terminal_id INTEGER REFERENCES terminals (id);
CREATE INDEX sessions_terminal_idx ON sessions (terminal_id) WHERE terminal_id IS NOT NULL;

-- The one open request for staff help of a terminal. Tied to the visitor's session when they
-- are logged in (and so deleted with it: logout, timeout, a new login), or to the terminal
-- alone when asked before login (deleted at the next login or logout on the terminal, or
-- after the terminal idle timeout without activity).
CREATE TABLE help_requests (
    terminal_id   INTEGER PRIMARY KEY REFERENCES terminals (id),
    session_hash  TEXT    REFERENCES sessions (id_hash) ON DELETE CASCADE,
    requested_at  INTEGER NOT NULL,
    -- The visitor's consent to let staff see which step (kind of page) they are on.
    share_step    INTEGER NOT NULL CHECK (share_step IN (0, 1)),
    -- `minsida_api::terminal::VisitStep`, only ever set while share_step = 1.
    step          TEXT    CHECK (step IS NULL OR share_step = 1),
    updated_at    INTEGER NOT NULL,
    CHECK (requested_at <= updated_at)
);

CREATE INDEX help_requests_session_idx ON help_requests (session_hash);

-- Drafts of messages in a matter, so that a timeout or a new login loses nothing typed. One
-- per person and matter. Deleted when the message is sent, by the person, or after 7 days
-- without a change.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    matter_id   INTEGER NOT NULL REFERENCES matters (id),
    -- `minsida_api::terminal::Draft` as JSON, written by the server after validation.
    draft       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (person_id, matter_id)
);

CREATE INDEX drafts_updated_idx ON drafts (updated_at);

-- Audit events on or from a terminal (enrollment, help requests, refused downloads, logins).
ALTER TABLE audit_events ADD COLUMN terminal_id INTEGER REFERENCES terminals (id);
CREATE INDEX audit_events_terminal_idx ON audit_events (terminal_id, at) WHERE terminal_id IS NOT NULL;
