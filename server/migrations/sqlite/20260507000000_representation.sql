-- Legal persons and representation: organisations become parties of the register next to
-- natural persons, and the register of who may act for whom.
--
-- The party register stays the table `persons`, so that every per-subject table (messages,
-- matters, documents, receipts, requests to supplement, contact details, preferences, audit
-- events) keeps its `persons (id)` key and works unchanged for organisations. `persons` is
-- rebuilt to add `kind` and to relax the person-only columns for organisations. A rebuild of
-- a referenced table needs foreign keys off (SQLite's "making other kinds of table schema
-- changes" procedure): `db::migrate` runs the migrations on a connection with foreign keys
-- off and runs `PRAGMA foreign_key_check` afterwards. Ids are copied unchanged, so every
-- reference stays valid.

CREATE TABLE persons_new (
    id                  INTEGER PRIMARY KEY,
    -- 'person' (natural person) or 'organisation' (legal person).
    kind                TEXT    NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation')),
    -- Canonical 12-digit party identifier: the personal identity number or coordination
    -- number (YYYYMMDDNNNC) of a person, `16` + the organisation number of an organisation.
    -- (The column keeps its historical name.)
    personal_number     TEXT    NOT NULL UNIQUE
                                CHECK (length(personal_number) = 12 AND personal_number NOT GLOB '*[^0-9]*'),
    first_names         TEXT,
    given_name          TEXT,
    last_name           TEXT,
    birth_date          TEXT,
    -- Registered address (folkbokföringsadress).
    care_of             TEXT,
    street              TEXT,
    postal_code         TEXT,
    city                TEXT,
    -- Only for addresses abroad.
    country             TEXT,
    -- Special postal address (särskild postadress); present when postal_street is not NULL.
    postal_care_of      TEXT,
    postal_street       TEXT,
    postal_postal_code  TEXT,
    postal_city         TEXT,
    postal_country      TEXT,
    municipality        TEXT,
    county              TEXT,
    registered_since    TEXT,
    citizenship         TEXT,
    -- 1 for the fictitious persons the test identity provider may log in as.
    is_test_person      INTEGER NOT NULL DEFAULT 0 CHECK (is_test_person IN (0, 1)),
    CHECK ((postal_street IS NULL) = (postal_postal_code IS NULL)
       AND (postal_street IS NULL) = (postal_city IS NULL)),
    -- A person has every register field, as before.
    CHECK (kind <> 'person' OR (first_names IS NOT NULL AND given_name IS NOT NULL
       AND last_name IS NOT NULL AND birth_date IS NOT NULL AND street IS NOT NULL
       AND postal_code IS NOT NULL AND city IS NOT NULL AND municipality IS NOT NULL
       AND county IS NOT NULL AND registered_since IS NOT NULL AND citizenship IS NOT NULL)),
    -- An organisation has a `16` identifier, no person fields (its data is in
    -- `organisations`) and can never log in.
    CHECK (kind <> 'organisation' OR (substr(personal_number, 1, 2) = '16'
       AND is_test_person = 0 AND first_names IS NULL AND given_name IS NULL
       AND last_name IS NULL AND birth_date IS NULL AND care_of IS NULL AND street IS NULL
       AND postal_code IS NULL AND city IS NULL AND country IS NULL AND postal_street IS NULL
       AND postal_care_of IS NULL AND postal_country IS NULL AND municipality IS NULL
       AND county IS NULL AND registered_since IS NULL AND citizenship IS NULL))
);

INSERT INTO persons_new (id, kind, personal_number, first_names, given_name, last_name,
    birth_date, care_of, street, postal_code, city, country, postal_care_of, postal_street,
    postal_postal_code, postal_city, postal_country, municipality, county, registered_since,
    citizenship, is_test_person)
SELECT id, 'person', personal_number, first_names, given_name, last_name, birth_date, care_of,
    street, postal_code, city, country, postal_care_of, postal_street, postal_postal_code,
    postal_city, postal_country, municipality, county, registered_since, citizenship,
    is_test_person
FROM persons;

DROP TABLE persons;
ALTER TABLE persons_new RENAME TO persons;
CREATE INDEX persons_test_person_idx ON persons (is_test_person, last_name, given_name);

-- The register data of an organisation (read-only for the portal, like the person fields).
-- The organisation number is the party's identifier in `persons`.
CREATE TABLE organisations (
    party_id          INTEGER PRIMARY KEY REFERENCES persons (id),
    name              TEXT    NOT NULL,
    -- E.g. 'Aktiebolag', 'Handelsbolag', 'Ekonomisk förening'.
    legal_form        TEXT    NOT NULL,
    care_of           TEXT,
    street            TEXT    NOT NULL,
    postal_code       TEXT    NOT NULL,
    city              TEXT    NOT NULL,
    country           TEXT,
    -- Date of registration, 'YYYY-MM-DD'.
    registered_since  TEXT    NOT NULL
);

CREATE TRIGGER organisations_party_is_organisation BEFORE INSERT ON organisations
WHEN (SELECT kind FROM persons WHERE id = NEW.party_id) IS NOT 'organisation'
BEGIN
    SELECT RAISE(ABORT, 'organisation data needs a party of kind organisation');
END;

-- Tax registrations: F-skatt, VAT (moms), employer.
CREATE TABLE organisation_registrations (
    party_id          INTEGER NOT NULL REFERENCES organisations (party_id),
    kind              TEXT    NOT NULL CHECK (kind IN ('f_tax', 'vat', 'employer')),
    registered_since  TEXT    NOT NULL,
    PRIMARY KEY (party_id, kind)
) WITHOUT ROWID;

-- Who may act for whom. A representation is valid on a (Swedish) day when
-- valid_from <= day <= valid_until (open-ended when NULL) and it is not revoked. Rows are never
-- deleted; the only change is setting revoked_at, once.
CREATE TABLE representations (
    id                 INTEGER PRIMARY KEY,
    -- The natural person who acts.
    representative_id  INTEGER NOT NULL REFERENCES persons (id),
    -- The person or organisation acted for.
    represented_id     INTEGER NOT NULL REFERENCES persons (id),
    role               TEXT    NOT NULL
                               CHECK (role IN ('signatory', 'representative', 'guardian', 'trustee', 'administrator')),
    valid_from         TEXT    NOT NULL,
    valid_until        TEXT,
    -- 'system': registered through the system API by `system_id`; 'grant': given in Min
    -- sida by the represented person themself.
    source             TEXT    NOT NULL CHECK (source IN ('system', 'grant')),
    system_id          INTEGER REFERENCES agency_systems (id),
    created_at         INTEGER NOT NULL,
    revoked_at         INTEGER,
    CHECK (representative_id <> represented_id),
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CHECK ((source = 'system') = (system_id IS NOT NULL)),
    CHECK (source <> 'grant' OR (role = 'representative' AND valid_until IS NOT NULL))
);

CREATE INDEX representations_representative_idx ON representations (representative_id, represented_id);
CREATE INDEX representations_represented_idx ON representations (represented_id, created_at);
CREATE INDEX representations_system_idx ON representations (system_id, represented_id);

CREATE TRIGGER representations_representative_is_person BEFORE INSERT ON representations
WHEN (SELECT kind FROM persons WHERE id = NEW.representative_id) IS NOT 'person'
BEGIN
    SELECT RAISE(ABORT, 'a representative must be a natural person');
END;

CREATE TRIGGER representations_no_delete BEFORE DELETE ON representations
BEGIN
    SELECT RAISE(ABORT, 'representations are never deleted; revoke them');
END;

CREATE TRIGGER representations_only_revoke BEFORE UPDATE ON representations
WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.representative_id IS NOT OLD.representative_id
  OR NEW.represented_id IS NOT OLD.represented_id OR NEW.role IS NOT OLD.role
  OR NEW.valid_from IS NOT OLD.valid_from OR NEW.valid_until IS NOT OLD.valid_until
  OR NEW.source IS NOT OLD.source OR NEW.system_id IS NOT OLD.system_id
  OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'a representation can only be revoked, once');
END;

-- The areas a representation covers and how far: one row per area.
CREATE TABLE representation_scopes (
    representation_id  INTEGER NOT NULL REFERENCES representations (id),
    area               TEXT    NOT NULL CHECK (area IN ('messages', 'matters', 'preferences', 'personal_data')),
    level              TEXT    NOT NULL CHECK (level IN ('read', 'act')),
    PRIMARY KEY (representation_id, area)
) WITHOUT ROWID;

CREATE TRIGGER representation_scopes_no_update BEFORE UPDATE ON representation_scopes
BEGIN
    SELECT RAISE(ABORT, 'the scopes of a representation never change');
END;

CREATE TRIGGER representation_scopes_no_delete BEFORE DELETE ON representation_scopes
BEGIN
    SELECT RAISE(ABORT, 'the scopes of a representation never change');
END;

-- Whose data a session shows: NULL = the logged-in person's own. Checked against a valid
-- representation on every request.
ALTER TABLE sessions ADD COLUMN acting_party_id INTEGER REFERENCES persons (id);

-- Actions on behalf of someone: actor_person_id is the representative, subject_person_id the
-- represented party; the role they acted in and the representation used.
ALTER TABLE audit_events ADD COLUMN actor_role TEXT;
ALTER TABLE audit_events ADD COLUMN representation_id INTEGER REFERENCES representations (id);
