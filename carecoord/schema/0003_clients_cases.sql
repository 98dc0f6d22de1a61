-- Clients and cases. Coded facts (clients, cases, case_forms, signals' codes) are kept apart from
-- what identifies a person (client_identity, free-text columns listed in store/anonymise.py), so
-- anonymisation deletes the identifying rows and keeps the facts that statistics count.
CREATE TABLE clients (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    gender            TEXT NOT NULL,
    nationality       TEXT,
    nationality_group TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    anonymised_on     TEXT
) STRICT;

CREATE TABLE client_identity (
    client_id          INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    given_name         TEXT,
    family_name        TEXT,
    aliases            TEXT NOT NULL DEFAULT '[]',  -- JSON list
    birth_date         TEXT,
    phone              TEXT,
    email              TEXT,
    address            TEXT,
    address_is_secret  INTEGER NOT NULL DEFAULT 0,
    language           TEXT,
    interpreter_needed INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Names and aliases for search. External content: the text lives only in client_identity, the
-- index inside the same encrypted file. (contentless_delete needs SQLite 3.43; the plain-SQLite
-- benchmark runs on Python's bundled 3.40, so the classic external-content triggers are used.)
CREATE VIRTUAL TABLE client_names_fts USING fts5(
    given_name, family_name, aliases,
    content='client_identity', content_rowid='client_id',
    tokenize="unicode61 remove_diacritics 2", prefix='2 3'
);

CREATE TRIGGER client_identity_fts_insert AFTER INSERT ON client_identity BEGIN
    INSERT INTO client_names_fts(rowid, given_name, family_name, aliases)
    VALUES (new.client_id, new.given_name, new.family_name, new.aliases);
END;

CREATE TRIGGER client_identity_fts_update AFTER UPDATE ON client_identity BEGIN
    INSERT INTO client_names_fts(client_names_fts, rowid, given_name, family_name, aliases)
    VALUES ('delete', old.client_id, old.given_name, old.family_name, old.aliases);
    INSERT INTO client_names_fts(rowid, given_name, family_name, aliases)
    VALUES (new.client_id, new.given_name, new.family_name, new.aliases);
END;

CREATE TRIGGER client_identity_fts_delete AFTER DELETE ON client_identity BEGIN
    INSERT INTO client_names_fts(client_names_fts, rowid, given_name, family_name, aliases)
    VALUES ('delete', old.client_id, old.given_name, old.family_name, old.aliases);
END;

CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    client_id     INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    opened_on     TEXT NOT NULL,       -- the first signal date: when the case starts
    phase         TEXT NOT NULL,
    phase_rank    INTEGER NOT NULL,    -- position of phase in the pathway, for sorting
    phase_since   TEXT NOT NULL,
    closed_on     TEXT,
    signaller     TEXT NOT NULL,
    sector        TEXT NOT NULL,
    location_type TEXT NOT NULL,
    municipality  TEXT,
    age_at_signal INTEGER,
    forms         TEXT NOT NULL,       -- sorted codes joined by ';' (display); filter via case_forms
    next_deadline TEXT,                -- earliest open deadline or task, kept by the store
    created_at    TEXT NOT NULL
) STRICT;

CREATE INDEX cases_by_client ON cases(client_id);
CREATE INDEX cases_by_opened ON cases(opened_on, reference);
CREATE INDEX cases_by_phase ON cases(phase, reference);
CREATE INDEX cases_by_phase_rank ON cases(phase_rank, reference);
CREATE INDEX cases_by_municipality ON cases(municipality, reference);
CREATE INDEX cases_by_next_deadline ON cases(next_deadline, reference);

CREATE TABLE case_forms (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    form    TEXT NOT NULL,
    PRIMARY KEY (case_id, form)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_forms_by_form ON case_forms(form, case_id);

CREATE TABLE signals (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER REFERENCES cases(id) ON DELETE CASCADE,  -- NULL: no identified person
    signal_date   TEXT NOT NULL,
    signaller     TEXT NOT NULL,
    location_type TEXT NOT NULL,
    sector        TEXT NOT NULL,
    municipality  TEXT,
    forms         TEXT NOT NULL,
    description   TEXT,                -- free text: identifying
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
) STRICT;

CREATE INDEX signals_by_case ON signals(case_id, signal_date);
CREATE INDEX signals_by_date ON signals(signal_date);

CREATE TABLE phase_changes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    from_phase  TEXT,
    to_phase    TEXT NOT NULL,
    changed_on  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    reason      TEXT,                  -- free text: identifying
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX phase_changes_by_case ON phase_changes(case_id, changed_on, id);
