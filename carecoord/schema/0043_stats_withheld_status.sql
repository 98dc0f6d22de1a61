-- Issue 13: every withheld cell is published with the one status C (primary and secondary
-- suppressions must not be told apart). Releases registered before keep their A and D, which
-- the audit treats as known to the attacker. SQLite cannot change a CHECK in place: rebuild.
-- The population (municipality codes) of every release is already kept in stats_export.
CREATE TABLE stats_export_cell_new (
    export_id  TEXT NOT NULL REFERENCES stats_export (export_id) ON DELETE CASCADE,
    table_id   TEXT NOT NULL,
    coords     TEXT NOT NULL,             -- JSON array of codes, "_T" for totals
    value      INTEGER,                   -- NULL when withheld
    status     TEXT NOT NULL CHECK (status IN ('F', 'C', 'A', 'D')),
    PRIMARY KEY (export_id, table_id, coords)
) STRICT;

INSERT INTO stats_export_cell_new (export_id, table_id, coords, value, status)
SELECT export_id, table_id, coords, value, status FROM stats_export_cell;

DROP TABLE stats_export_cell;

ALTER TABLE stats_export_cell_new RENAME TO stats_export_cell;
