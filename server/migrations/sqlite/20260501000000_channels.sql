-- Channel preferences ("Kontaktval"), verification of contact details with one-time codes,
-- the history of changes, and the durable outbox of e-mail and SMS notices. All times are
-- unix seconds (UTC).

-- The person's saved choices. No row: never saved (the defaults apply).
CREATE TABLE channel_prefs (
    person_id   INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    -- `minsida_api::channels::ChannelPrefs` as JSON, validated and normalised when saved.
    prefs       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- When the current e-mail address and mobile number were verified with a one-time code.
-- Cleared whenever the value changes: an unverified detail is never used for anything.
ALTER TABLE contact_details ADD COLUMN email_verified_at INTEGER;
ALTER TABLE contact_details ADD COLUMN mobile_verified_at INTEGER;

-- The one-time code that can currently be entered, at most one per person and detail (a new
-- code replaces the old one). Only a keyed hash (HMAC-SHA256) of the code is stored, bound to
-- the person, the detail and the address it was sent to.
CREATE TABLE verification_codes (
    person_id      INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    target         TEXT    NOT NULL CHECK (target IN ('email', 'mobile')),
    -- The address or number the code was sent to; a code is void once the detail changes.
    address        TEXT    NOT NULL,
    code_hash      TEXT    NOT NULL CHECK (length(code_hash) = 64),
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    -- Wrong codes still allowed; 0 = spent.
    attempts_left  INTEGER NOT NULL CHECK (attempts_left >= 0),
    PRIMARY KEY (person_id, target)
) WITHOUT ROWID;

-- Every change of the choices and of the verification state, shown to the person.
CREATE TABLE channel_pref_history (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    -- `minsida_api::channels::PreferenceChange` as JSON.
    change     TEXT    NOT NULL
);

CREATE INDEX channel_pref_history_person_idx ON channel_pref_history (person_id, at DESC, id DESC);

-- Durable outbox of e-mails and SMS to send. Rows are written in the same transaction as
-- what causes them (a delivered message, a requested code) and sent by the background worker.
-- A row is handed over at most once: a row found in 'sending' after its lease ran out (the
-- server stopped mid-send) is marked 'failed', never sent again.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    channel          TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    purpose          TEXT    NOT NULL CHECK (purpose IN ('new_message', 'verification_code')),
    -- E-mail address or E.164 mobile number.
    recipient        TEXT    NOT NULL,
    -- E-mail only.
    subject          TEXT,
    -- Plain text. Never any content of a message; a verification code's text is blanked once
    -- the row is sent or given up.
    body             TEXT    NOT NULL,
    -- E.g. 'new_message:<message id>:email'; inserting the same key twice queues nothing.
    idempotency_key  TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'retrying', 'sending', 'sent', 'failed')),
    -- Attempts started so far.
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    -- While 'sending': the worker's claim ends at this time.
    lease_until      INTEGER,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    last_error       TEXT,
    CHECK ((status = 'sending') = (lease_until IS NOT NULL)),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

-- The worker's queue of due rows, and the rows it may have been interrupted on.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status IN ('pending', 'retrying');
CREATE INDEX outbox_sending_idx ON outbox (lease_until) WHERE status = 'sending';
-- The person's notice log, newest first, and the rate limit of verification codes.
CREATE INDEX outbox_person_idx ON outbox (person_id, created_at DESC, id DESC);
