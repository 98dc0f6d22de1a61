-- Consents (per client, recipient and purpose) and referrals with their dated status history.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    recipient_id    INTEGER NOT NULL REFERENCES organisations(id),
    purposes        TEXT NOT NULL,     -- JSON list of consent_purpose codes
    data_categories TEXT NOT NULL,     -- JSON list of data_category codes
    given_on        TEXT NOT NULL,
    given_by        TEXT NOT NULL,
    valid_until     TEXT,
    withdrawn_on    TEXT,
    note            TEXT,              -- free text: identifying
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
) STRICT;

CREATE INDEX consents_by_client ON consents(client_id, recipient_id);

CREATE TABLE referrals (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    referral_type   TEXT NOT NULL,
    urgency         TEXT NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT,              -- free text: identifying
    created_on      TEXT NOT NULL,
    sent_on         TEXT,
    consent_id      INTEGER REFERENCES consents(id),
    override_reason TEXT,              -- free text: identifying
    override_by     TEXT,
    override_at     TEXT,
    feedback        TEXT,              -- free text: identifying
    feedback_on     TEXT
) STRICT;

CREATE INDEX referrals_by_case ON referrals(case_id);
CREATE INDEX referrals_by_status ON referrals(status, id);

CREATE TABLE referral_events (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    changed_on  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    note        TEXT                   -- free text: identifying
) STRICT;

CREATE INDEX referral_events_by_referral ON referral_events(referral_id, id);
