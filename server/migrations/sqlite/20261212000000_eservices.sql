-- E-services ("Mina e-tjänster", eservices::*).
--
-- Every published version of a service's definition: a system publishes with
-- PUT /api/system/v1/eservices/{id}; a changed definition is a new version, the latest one is
-- what people fill in. A service id belongs to the system that first published it.
CREATE TABLE eservices (
    id                 INTEGER PRIMARY KEY,
    service_id         TEXT    NOT NULL,
    version            INTEGER NOT NULL CHECK (version >= 1),
    system_id          INTEGER NOT NULL REFERENCES agency_systems (id),
    title              TEXT    NOT NULL,
    -- `minsida_api::eservices::ServiceDefinition` as JSON, checked when published.
    definition         TEXT    NOT NULL,
    definition_sha256  TEXT    NOT NULL,
    published_at       INTEGER NOT NULL,
    withdrawn_at       INTEGER,
    UNIQUE (service_id, version)
);

-- A party's answers so far, saved on every step. Sealed (crypto::seal_text, bound to
-- `eservice-draft:<party id>:<service id>`); upload_ids (a JSON array) are the uploads the
-- answers refer to, kept past the usual lifetime of pending uploads while the draft lives.
CREATE TABLE eservice_drafts (
    id              INTEGER PRIMARY KEY,
    party_id        INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    service_id      TEXT    NOT NULL,
    answers_sealed  BLOB    NOT NULL,
    kek_id          TEXT    NOT NULL,
    upload_ids      TEXT    NOT NULL,
    saved_by        INTEGER NOT NULL REFERENCES persons (id),
    saved_at        INTEGER NOT NULL,
    UNIQUE (party_id, service_id)
);
CREATE INDEX eservice_drafts_saved_idx ON eservice_drafts (saved_at);

-- What was sent: the matter it opened, the message with the answers and its receipt. The
-- checked answers are sealed (bound to `eservice-submission:<receipt number>`), with the
-- SHA-256 of their canonical JSON that the receipt shows. One submission per party and
-- idempotency key: a retried request finds the first.
CREATE TABLE eservice_submissions (
    id               INTEGER PRIMARY KEY,
    eservice_id      INTEGER NOT NULL REFERENCES eservices (id),
    service_id       TEXT    NOT NULL,
    party_id         INTEGER NOT NULL REFERENCES persons (id),
    submitted_by     INTEGER NOT NULL REFERENCES persons (id),
    matter_id        INTEGER NOT NULL REFERENCES matters (id),
    message_id       INTEGER NOT NULL REFERENCES messages (id),
    receipt_number   TEXT    NOT NULL UNIQUE,
    idempotency_key  TEXT    NOT NULL,
    answers_sealed   BLOB    NOT NULL,
    kek_id           TEXT    NOT NULL,
    answers_sha256   TEXT    NOT NULL,
    submitted_at     INTEGER NOT NULL,
    UNIQUE (party_id, idempotency_key)
);
CREATE INDEX eservice_submissions_service_idx ON eservice_submissions (service_id, id);
CREATE INDEX eservice_submissions_party_idx ON eservice_submissions (party_id, service_id, id);

-- Feedback may be about an e-service (its id; kept even when the service is withdrawn later).
ALTER TABLE feedback ADD COLUMN service_id TEXT;

-- Telling the publishing system of a submission (eservices::callbacks), when it has a
-- callback configured: one row per submission, queued in the submission's transaction and
-- sent by the worker with retries like the notice outbox.
CREATE TABLE eservice_callbacks (
    id               INTEGER PRIMARY KEY,
    submission_id    INTEGER NOT NULL UNIQUE REFERENCES eservice_submissions (id),
    system_id        INTEGER NOT NULL REFERENCES agency_systems (id),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'retrying', 'sending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX eservice_callbacks_due_idx ON eservice_callbacks (next_attempt_at, id)
    WHERE status IN ('pending', 'retrying', 'sending');
