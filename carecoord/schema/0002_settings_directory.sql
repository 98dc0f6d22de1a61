-- Coordinator settings (JSON values) and the directory of partner organisations. No client data.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE organisations (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    services       TEXT NOT NULL DEFAULT '[]',   -- JSON list of referral_type codes
    contact_person TEXT,
    email          TEXT,
    phone          TEXT,
    address        TEXT,
    active         INTEGER NOT NULL DEFAULT 1
) STRICT;
