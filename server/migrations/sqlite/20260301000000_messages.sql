-- Secure messages, matters, requests to supplement, encrypted documents, receipts and the
-- agency systems that deliver them. All times are unix seconds (UTC); dates 'YYYY-MM-DD'.

-- Agency systems allowed to use the system-to-system API. Only the SHA-256 of the API key is
-- stored. The configuration is the source of truth: systems no longer configured are revoked
-- at start.
CREATE TABLE agency_systems (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    key_hash    TEXT    NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- Matters (ärenden). Each belongs to one person and was opened by one agency system.
CREATE TABLE matters (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    system_id    INTEGER NOT NULL REFERENCES agency_systems (id),
    -- The system's own identifier; makes matter creation idempotent.
    external_id  TEXT    NOT NULL,
    -- Ärendenummer, 'YYYY-NNNNNN'.
    reference    TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    category     TEXT    NOT NULL CHECK (category IN ('recurring', 'life_event', 'ongoing', 'other')),
    status       TEXT    NOT NULL CHECK (status IN ('received', 'in_progress', 'awaiting_person', 'decided', 'closed')),
    handler      TEXT    NOT NULL,
    opened_at    INTEGER NOT NULL,
    -- Time of the latest timeline event.
    updated_at   INTEGER NOT NULL,
    UNIQUE (system_id, external_id)
);

CREATE INDEX matters_person_idx ON matters (person_id, updated_at DESC);

-- Messages in both directions. Never deleted: archiving only sets a flag.
CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES persons (id),
    -- The system that delivered it (incoming) or whose matter it was written in (outgoing);
    -- NULL for receipts, which Min sida itself writes.
    system_id         INTEGER REFERENCES agency_systems (id),
    matter_id         INTEGER REFERENCES matters (id),
    direction         TEXT    NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    kind              TEXT    NOT NULL CHECK (kind IN ('message', 'supplement_request', 'receipt')),
    sender            TEXT    NOT NULL,
    subject           TEXT    NOT NULL,
    -- Plain text in the body markup, exactly as written.
    body              TEXT    NOT NULL,
    -- Lower-cased subject and body for case-insensitive search (Unicode-aware, done in Rust).
    search_text       TEXT    NOT NULL,
    sent_at           INTEGER NOT NULL,
    read              INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
    -- Read receipt: when the person first opened it. Never overwritten.
    first_read_at     INTEGER,
    archived          INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    attachment_count  INTEGER NOT NULL DEFAULT 0
);

-- Inbox and archive, newest first; also serves the COUNT of a folder.
CREATE INDEX messages_folder_idx ON messages (person_id, direction, archived, sent_at DESC, id DESC);
-- The unread folder and the unread badge count.
CREATE INDEX messages_unread_idx ON messages (person_id, direction, archived, read, sent_at DESC, id DESC);
-- Messages of one matter (filter and timeline).
CREATE INDEX messages_matter_idx ON messages (matter_id, sent_at DESC, id DESC);
-- The system API's read receipts.
CREATE INDEX messages_system_idx ON messages (system_id, id);

-- Requests to supplement (kompletteringsbegäran).
CREATE TABLE supplement_requests (
    id                 INTEGER PRIMARY KEY,
    matter_id          INTEGER NOT NULL REFERENCES matters (id),
    person_id          INTEGER NOT NULL REFERENCES persons (id),
    -- The message that carried the request.
    message_id         INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    -- JSON array of strings.
    requested_items    TEXT    NOT NULL,
    due_date           TEXT    NOT NULL,
    -- 'waiting' is shown as open or overdue depending on the due date.
    state              TEXT    NOT NULL CHECK (state IN ('waiting', 'answered', 'withdrawn')),
    answered_at        INTEGER,
    answer_message_id  INTEGER REFERENCES messages (id)
);

CREATE INDEX supplement_requests_matter_idx ON supplement_requests (matter_id, state);

-- Receipts (kvittenser) for what the person sent.
CREATE TABLE receipts (
    id                  INTEGER PRIMARY KEY,
    receipt_number      TEXT    NOT NULL UNIQUE,
    person_id           INTEGER NOT NULL REFERENCES persons (id),
    sent_message_id     INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    -- The receipt as a message in the person's inbox.
    receipt_message_id  INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    received_at         INTEGER NOT NULL
);

-- Documents: attachments of messages and the person's pending uploads (message_id NULL).
-- The content is encrypted with a per-document data key (AES-256-GCM); the data key is
-- stored wrapped by the server's key encryption key. The ciphertext lives in the document
-- store under `storage_key`.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons (id),
    message_id    INTEGER REFERENCES messages (id),
    storage_key   TEXT    NOT NULL UNIQUE,
    file_name     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size          INTEGER NOT NULL,
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    nonce         BLOB    NOT NULL,
    wrapped_key   BLOB    NOT NULL,
    key_nonce     BLOB    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE INDEX documents_message_idx ON documents (message_id);
CREATE INDEX documents_person_idx ON documents (person_id, message_id);
CREATE INDEX documents_pending_idx ON documents (created_at) WHERE message_id IS NULL;

-- A matter's history, shown as its timeline.
CREATE TABLE matter_events (
    id                     INTEGER PRIMARY KEY,
    matter_id              INTEGER NOT NULL REFERENCES matters (id),
    at                     INTEGER NOT NULL,
    kind                   TEXT    NOT NULL CHECK (kind IN ('opened', 'status_changed', 'message_received', 'supplement_requested', 'message_sent')),
    status                 TEXT,
    message_id             INTEGER REFERENCES messages (id),
    text                   TEXT,
    supplement_request_id  INTEGER REFERENCES supplement_requests (id),
    receipt_number         TEXT,
    document_count         INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX matter_events_matter_idx ON matter_events (matter_id, at, id);

-- Audit events caused by an agency system rather than a person. Adding a column keeps the
-- append-only triggers.
ALTER TABLE audit_events ADD COLUMN actor_system INTEGER REFERENCES agency_systems (id);
CREATE INDEX audit_events_system_idx ON audit_events (actor_system, at);
