-- Abuse limits shared by every server instance: one fixed-window counter per bucket (e.g. an
-- agency system, or a login identity as a keyed hash), so that several instances behind a load
-- balancer count together.
CREATE TABLE rate_limits (
    bucket        TEXT    PRIMARY KEY,
    window_start  INTEGER NOT NULL,
    hits          INTEGER NOT NULL
) WITHOUT ROWID;
