-- Reflection period, B8 residence permits, shelter stays and the exit programme.
CREATE TABLE reflection_periods (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
    started_on TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    decision   TEXT,
    decided_on TEXT
) STRICT;

CREATE TABLE residence_permits (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    granted_on  TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    ended_on    TEXT
) STRICT;

CREATE INDEX residence_permits_by_case ON residence_permits(case_id);

CREATE TABLE permit_renewals (
    id          INTEGER PRIMARY KEY,
    permit_id   INTEGER NOT NULL REFERENCES residence_permits(id) ON DELETE CASCADE,
    renewed_on  TEXT NOT NULL,
    valid_until TEXT NOT NULL
) STRICT;

CREATE INDEX permit_renewals_by_permit ON permit_renewals(permit_id, valid_until);

CREATE TABLE shelter_stays (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    shelter_type TEXT NOT NULL,
    provider_id  INTEGER REFERENCES organisations(id),
    started_on   TEXT NOT NULL,
    ended_on     TEXT,
    end_reason   TEXT
) STRICT;

CREATE INDEX shelter_stays_by_case ON shelter_stays(case_id, started_on);

CREATE TABLE exit_programmes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
    scheme_name TEXT NOT NULL,
    enrolled_on TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT 'ongoing',
    outcome_on  TEXT
) STRICT;

CREATE TABLE exit_plan_items (
    programme_id INTEGER NOT NULL REFERENCES exit_programmes(id) ON DELETE CASCADE,
    life_domain  TEXT NOT NULL,
    goal         TEXT NOT NULL,        -- free text: identifying
    achieved_on  TEXT,
    PRIMARY KEY (programme_id, life_domain)
) STRICT;

CREATE TABLE exit_milestones (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES exit_programmes(id) ON DELETE CASCADE,
    milestone    TEXT NOT NULL,
    reached_on   TEXT NOT NULL
) STRICT;

CREATE INDEX exit_milestones_by_programme ON exit_milestones(programme_id, reached_on);
