-- Export register for statistics (issue 7): every export that left the vault, so that later
-- exports of an overlapping population are protected and audited together with it.
-- Holds only published (already anonymised) numbers and the suppression pattern; no client data.
CREATE TABLE stats_export (
    export_id     TEXT PRIMARY KEY,
    created_at    TEXT NOT NULL,          -- ISO 8601 UTC
    created_by    TEXT NOT NULL,
    period_id     TEXT NOT NULL,          -- "2024" or "2024-Q2"
    year          INTEGER NOT NULL,
    population    TEXT NOT NULL,          -- JSON array of municipality codes, sorted
    mode          TEXT NOT NULL CHECK (mode IN ('suppress', 'round5')),
    parameters    TEXT NOT NULL,          -- JSON of the disclosure settings
    app_version   TEXT NOT NULL,
    audit_ok      INTEGER NOT NULL CHECK (audit_ok IN (0, 1)),
    files         TEXT NOT NULL           -- JSON object: file name -> SHA-256
) STRICT;

CREATE INDEX stats_export_year ON stats_export (year);

CREATE TABLE stats_export_cell (
    export_id  TEXT NOT NULL REFERENCES stats_export (export_id) ON DELETE CASCADE,
    table_id   TEXT NOT NULL,
    coords     TEXT NOT NULL,             -- JSON array of codes, "_T" for totals
    value      INTEGER,                   -- NULL when suppressed
    status     TEXT NOT NULL CHECK (status IN ('F', 'A', 'D')),
    PRIMARY KEY (export_id, table_id, coords)
) STRICT;
