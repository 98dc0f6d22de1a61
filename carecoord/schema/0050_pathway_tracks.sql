-- Issue 15: the care phase is one track; the legal status (bedenktijd, B8/3 permit), the
-- CoMensha registration and the identification route are tracks beside it (DESIGN.md §4).
-- The data part (old phases mapped, `reported` turned into a registration, decisions into
-- outcomes) is 0050_pathway_tracks.py, run after these statements in the same transaction.

-- A closed case says why it was closed. closure_migrated marks the reason `other` that the
-- migration gave to cases closed before reasons existed, so that nobody reads it as a choice.
ALTER TABLE cases ADD COLUMN closure_reason TEXT;
ALTER TABLE cases ADD COLUMN closure_migrated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE phase_changes ADD COLUMN closure_reason TEXT;

-- The bedenktijd as the law runs it: offered by police, KMar or the labour inspectorate, the
-- IND informed, a start and an end at most three months later, and the client's choice.
-- SQLite cannot rename or add a NOT NULL column with a CHECK in place: rebuild. Nothing refers
-- to reflection_periods, so dropping it deletes nothing else.
CREATE TABLE reflection_periods_v2 (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
    offered_on      TEXT,
    offered_by      TEXT,              -- reflection_offered_by code
    ind_informed_on TEXT,
    started_on      TEXT NOT NULL,
    ends_on         TEXT NOT NULL,     -- at most three months after started_on
    outcome         TEXT NOT NULL DEFAULT 'pending',  -- reflection_outcome code
    outcome_on      TEXT               -- NULL while the outcome is pending
) STRICT;

INSERT INTO reflection_periods_v2 (id, case_id, started_on, ends_on, outcome, outcome_on)
SELECT id, case_id, started_on, ends_on,
       CASE decision
           WHEN 'report_to_police' THEN 'report_filed'
           WHEN 'other_cooperation' THEN 'other_cooperation'
           WHEN 'none' THEN 'no_cooperation'
           ELSE 'pending'
       END,
       CASE WHEN decision IS NULL THEN NULL ELSE decided_on END
FROM reflection_periods;

DROP TABLE reflection_periods;
ALTER TABLE reflection_periods_v2 RENAME TO reflection_periods;

-- A B8/3 permit from its application on: a ground, and the dates of each step. granted_on and
-- valid_until become optional (an application not yet decided). permit_renewals refers to the
-- permits with ON DELETE CASCADE, so dropping the old table first would delete every renewal:
-- both are copied to new tables, the old ones dropped child first, and the new ones renamed
-- (SQLite rewrites the renewals' REFERENCES clause on the rename).
CREATE TABLE residence_permits_v2 (
    id                   INTEGER PRIMARY KEY,
    case_id              INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    ground               TEXT NOT NULL DEFAULT 'unknown',  -- permit_ground code
    applied_on           TEXT,
    granted_on           TEXT,
    valid_until          TEXT,
    rejected_on          TEXT,
    ended_on             TEXT,
    -- voortgezet verblijf, applied for at the three-year mark
    continued_applied_on TEXT,
    continued_outcome    TEXT,         -- 'granted' or 'rejected'; NULL while undecided
    continued_decided_on TEXT
) STRICT;

INSERT INTO residence_permits_v2 (id, case_id, ground, granted_on, valid_until, ended_on)
SELECT id, case_id, 'unknown', granted_on, valid_until, ended_on FROM residence_permits;

CREATE TABLE permit_renewals_v2 (
    id          INTEGER PRIMARY KEY,
    permit_id   INTEGER NOT NULL REFERENCES residence_permits_v2(id) ON DELETE CASCADE,
    renewed_on  TEXT NOT NULL,
    valid_until TEXT NOT NULL
) STRICT;

INSERT INTO permit_renewals_v2 (id, permit_id, renewed_on, valid_until)
SELECT id, permit_id, renewed_on, valid_until FROM permit_renewals;

DROP TABLE permit_renewals;
DROP TABLE residence_permits;
ALTER TABLE residence_permits_v2 RENAME TO residence_permits;
ALTER TABLE permit_renewals_v2 RENAME TO permit_renewals;

CREATE INDEX residence_permits_by_case ON residence_permits(case_id, granted_on);
CREATE INDEX permit_renewals_by_permit ON permit_renewals(permit_id, valid_until);

-- A registration with CoMensha is an event, at any phase: on a consent for the purpose
-- comensha_registration, or anonymous with coded facts only (no consent needed).
-- The consent may be erased later (anonymisation): the registration keeps its basis.
CREATE TABLE comensha_registrations (
    id                    INTEGER PRIMARY KEY,
    case_id               INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    registered_on         TEXT NOT NULL,
    basis                 TEXT NOT NULL,                       -- comensha_basis code
    consent_id            INTEGER REFERENCES consents(id) ON DELETE SET NULL,
    already_registered_by TEXT NOT NULL DEFAULT 'unknown',     -- already_registered_by code
    migrated              INTEGER NOT NULL DEFAULT 0,          -- 1: made from a `reported` phase
    recorded_by           TEXT NOT NULL,
    recorded_at           TEXT NOT NULL
) STRICT;

CREATE INDEX comensha_registrations_by_case ON comensha_registrations(case_id, registered_on);

-- Identification outside criminal law (most Dutch and EU clients do not report): the route,
-- and for a multidisciplinary assessment its request, meeting and advice. One per case.
CREATE TABLE identification_routes (
    case_id          INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    route            TEXT NOT NULL,    -- identification_route code
    mdt_requested_on TEXT,
    mdt_meeting_on   TEXT,
    mdt_advice       TEXT,             -- mdt_advice code, route mdt only
    mdt_advice_on    TEXT,
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL
) STRICT;

-- Who the client is, for the care they need. Coded facts on clients (statistics count them);
-- the employer or agency's name identifies the client and lives with the identity, so
-- anonymisation erases it with the rest of client_identity.
ALTER TABLE clients ADD COLUMN custody TEXT;                    -- custody code (minors)
ALTER TABLE clients ADD COLUMN labour_migrant INTEGER;          -- 1 yes, 0 no, NULL unknown
ALTER TABLE clients ADD COLUMN housing_tied_to_employer TEXT;   -- yes_no_unknown code
ALTER TABLE clients ADD COLUMN residence_registration TEXT;     -- residence_registration code
ALTER TABLE client_identity ADD COLUMN employer TEXT;           -- identifying
