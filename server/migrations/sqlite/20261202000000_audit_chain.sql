-- Tamper evidence for the audit trail: every audit event gets a seal, in the order the sealer
-- met them (seq), whose hash covers the event's content and the previous seal's hash. A
-- changed, removed or inserted event breaks the chain from there on (`audit::chain::verify`).
-- Seals, like events, are append-only.
CREATE TABLE audit_seals (
    seq       INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL UNIQUE REFERENCES audit_events (id),
    -- SHA-256 (hex) of the previous seal's hash and the event's canonical form.
    hash      TEXT    NOT NULL CHECK (length(hash) = 64)
);

CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals
BEGIN
    SELECT RAISE(ABORT, 'audit_seals is append-only');
END;

CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals
BEGIN
    SELECT RAISE(ABORT, 'audit_seals is append-only');
END;
