-- Issue 18: the municipality's information position. A register of risk locations in the region,
-- the controls (inspections) held there, and signals and cases linked to a location.
--
-- A location is not a person, but it can identify one (a one-person business): its name and
-- address are identifying, never leave the vault and are in the access log (store/locations.py);
-- its codes (type, sector, municipality) are what statistics count, through the disclosure
-- control only. Retention (store/location_retention.py): kept while watched; a closed location
-- is destroyed a configurable number of years after it was last seen, with its controls.
CREATE TABLE risk_locations (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,      -- the register's number (RL-0001, or the import's)
    name          TEXT NOT NULL,             -- identifying
    location_type TEXT NOT NULL,             -- location_type code
    municipality  TEXT NOT NULL,             -- CBS code
    address       TEXT,                      -- address or description: identifying
    sector        TEXT NOT NULL,             -- sector code
    indicators    TEXT NOT NULL DEFAULT '',  -- location_indicator codes separated by ';'
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'watch',  -- location_status code
    closed_on     TEXT,                      -- the day the status became closed
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    CHECK (last_seen >= first_seen),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
) STRICT;

CREATE INDEX risk_locations_by_municipality ON risk_locations(municipality, location_type);

-- A control at a location. Its reason is free text (it may name people): identifying, as the
-- location's name. Follow-ups are control_follow_up codes separated by ';'.
CREATE TABLE location_controls (
    id           INTEGER PRIMARY KEY,
    location_id  INTEGER NOT NULL REFERENCES risk_locations(id) ON DELETE CASCADE,
    control_date TEXT NOT NULL,
    control_by   TEXT NOT NULL,              -- control_by code
    reason       TEXT,                       -- free text: identifying
    outcome      TEXT NOT NULL,              -- control_outcome code
    follow_ups   TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX location_controls_by_location ON location_controls(location_id, control_date);
CREATE INDEX location_controls_by_date ON location_controls(control_date);

-- Links: a signal or a case at a location. When a location is destroyed the link goes, the
-- signal and the case stay (they follow their own retention).
ALTER TABLE signals ADD COLUMN location_id INTEGER REFERENCES risk_locations(id) ON DELETE SET NULL;
CREATE INDEX signals_by_location ON signals(location_id);

CREATE TABLE case_locations (
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    location_id INTEGER NOT NULL REFERENCES risk_locations(id) ON DELETE CASCADE,
    linked_on   TEXT NOT NULL,
    linked_by   TEXT NOT NULL,
    PRIMARY KEY (case_id, location_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_locations_by_location ON case_locations(location_id, case_id);
