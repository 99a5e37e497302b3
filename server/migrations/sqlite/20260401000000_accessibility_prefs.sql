-- Accessibility and language preferences the person saved in their profile, so that they
-- follow the person to another device. No row: never saved (the device's choices apply).
CREATE TABLE accessibility_prefs (
    person_id   INTEGER PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    -- `minsida_api::a11y::AccessibilityPrefs` as JSON. Every field has a default, so older
    -- documents still read; one that no longer parses is treated as never saved.
    prefs       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);
