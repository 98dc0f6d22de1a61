-- Retention (issue 4): when an anonymised case was anonymised, legal holds, the destruction
-- register and the history of rectified identities. The register and the holds hold references,
-- codes, dates and coordinator user names only; never what a case contained.
ALTER TABLE cases ADD COLUMN anonymised_on TEXT;

-- A hold suspends anonymisation and destruction of one case until it is lifted. The reason is
-- the coordinator's own short text (e.g. "criminal case pending"); it is erased with the hold.
CREATE TABLE legal_holds (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    reason  TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 3 AND 300),
    set_on  TEXT NOT NULL,
    set_by  TEXT NOT NULL
) STRICT;

-- What was done, when, by whom, to which case reference, under which rule. Never contents.
CREATE TABLE destruction_register (
    id        INTEGER PRIMARY KEY,
    done_at   TEXT NOT NULL,
    done_by   TEXT NOT NULL,
    case_id   INTEGER NOT NULL,        -- the opaque id the access log uses for this case
    case_ref  TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('anonymise', 'destroy')),
    rule      TEXT NOT NULL,           -- e.g. 'support_given:15y', 'erasure:art17_1a'
    closed_on TEXT,
    due_on    TEXT
) STRICT;

CREATE INDEX destruction_register_by_case ON destruction_register(case_ref);

-- Rectification (AVG art. 16): the values an identity had before each correction. Identifying,
-- so it is erased with the identity (store/anonymise.py).
CREATE TABLE client_identity_history (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    replaced_at TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    previous    TEXT NOT NULL          -- JSON of the identity as it was
) STRICT;

CREATE INDEX client_identity_history_by_client ON client_identity_history(client_id, id);
