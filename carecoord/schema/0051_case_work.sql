-- Issue 16: case work. A plan of goals, the people and organisations around the client, case
-- meetings (casusoverleg, Zorg- en Veiligheidshuis, MDT) with their actions, and a safety
-- assessment; and a consent that names more than one recipient organisation (a meeting's
-- participants). Coded columns here; the free text that identifies the client is named in
-- store/anonymise.py, and a contact person's details live apart (case_contact_persons), as the
-- client's own do in client_identity, so anonymisation deletes them and keeps the codes.

-- A consent may name several recipient organisations (a case meeting shares data with each
-- participant). consents.recipient_id stays: the first-named recipient, NOT NULL as before, so
-- that readers of one recipient keep working. This table holds every recipient, the first one
-- included. Its one write path is the row builder consent_recipient_rows (store/case_work_rows.py),
-- used by the store and the bulk writer alike: no trigger, so no second, hidden writer.
CREATE TABLE consent_recipients (
    consent_id      INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (consent_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX consent_recipients_by_organisation ON consent_recipients(organisation_id, consent_id);

-- Data migration: the consents recorded before this schema name one recipient each.
INSERT INTO consent_recipients (consent_id, organisation_id) SELECT id, recipient_id FROM consents;

-- The case plan: goals per domain (the five life domains of the exit programme plus safety
-- and legal: case_goal_domain), several per domain. The target date is a deadline until the
-- goal is reached or dropped. A goal may name the referral or the (manual) task that serves it.
CREATE TABLE case_goals (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    domain      TEXT NOT NULL,             -- case_goal_domain code
    goal        TEXT,                      -- free text: identifying (NULL once anonymised)
    status      TEXT NOT NULL DEFAULT 'open',  -- goal_status code
    status_on   TEXT NOT NULL,             -- the date of the current status
    target_on   TEXT,
    referral_id INTEGER REFERENCES referrals(id) ON DELETE SET NULL,
    task_id     INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX case_goals_by_case ON case_goals(case_id, domain, id);

-- The people and organisations around the client, per case, each with a role. An organisation
-- comes from the partner directory; a person's name and number are in case_contact_persons.
CREATE TABLE case_contacts (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,         -- contact_role code
    organisation_id INTEGER REFERENCES organisations(id),
    ended_on        TEXT,                  -- no longer involved
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
) STRICT;

CREATE INDEX case_contacts_by_case ON case_contacts(case_id, role);

-- Identifying: deleted on anonymisation (store/anonymise.py), in the subject access export.
CREATE TABLE case_contact_persons (
    contact_id INTEGER PRIMARY KEY REFERENCES case_contacts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    phone      TEXT,
    email      TEXT
) STRICT;

-- A case meeting: date, kind, the participating organisations (each covered by a consent for
-- purpose case_consultation naming it, valid that day, or else by the meeting's recorded legal
-- ground), what was decided, and actions with an owner and a due date.
CREATE TABLE case_meetings (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    held_on      TEXT NOT NULL,
    kind         TEXT NOT NULL,            -- meeting_kind code
    decisions    TEXT,                     -- free text: identifying
    legal_ground TEXT,                     -- free text: identifying; set when a participant has no consent
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX case_meetings_by_case ON case_meetings(case_id, held_on);

CREATE TABLE meeting_participants (
    meeting_id      INTEGER NOT NULL REFERENCES case_meetings(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    consent_id      INTEGER REFERENCES consents(id) ON DELETE SET NULL,  -- NULL: the legal ground
    PRIMARY KEY (meeting_id, organisation_id)
) STRICT, WITHOUT ROWID;

-- An action is a deadline (task kind meeting_action) until it is done. Its owner is a user of
-- this vault or a partner organisation, never both.
CREATE TABLE meeting_actions (
    id                    INTEGER PRIMARY KEY,
    meeting_id            INTEGER NOT NULL REFERENCES case_meetings(id) ON DELETE CASCADE,
    description           TEXT,            -- free text: identifying
    owner_user            TEXT,
    owner_organisation_id INTEGER REFERENCES organisations(id),
    due_on                TEXT NOT NULL,
    done_on               TEXT,
    CHECK ((owner_user IS NULL) <> (owner_organisation_id IS NULL))
) STRICT;

CREATE INDEX meeting_actions_by_meeting ON meeting_actions(meeting_id, due_on);
CREATE INDEX meeting_actions_open_by_owner ON meeting_actions(owner_user, due_on)
    WHERE done_on IS NULL;

-- A safety assessment: each one kept (the history of the risk), the latest the current one.
-- Its review date is a deadline (task kind safety_review) until a newer assessment is made.
CREATE TABLE safety_assessments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    assessed_on TEXT NOT NULL,
    risk_level  TEXT NOT NULL,             -- risk_level code
    threats     TEXT NOT NULL DEFAULT '[]',  -- JSON list of threat codes
    measures    TEXT,                      -- free text: identifying
    review_on   TEXT,                      -- required for medium and high (domain/case_work.py)
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX safety_assessments_by_case ON safety_assessments(case_id, assessed_on, id);
