-- Issue 19: a case handed over, sealed, to the care coordinator of another region.
-- Each vault has one transfer identity (an age X25519 identity to receive, an Ed25519 key to
-- sign what it sends), kept here inside the encrypted vault and never anywhere else. Its one
-- write path is carecoord/transfer/identity.py.
CREATE TABLE transfer_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),  -- one identity per vault
    age_identity    TEXT NOT NULL,                       -- AGE-SECRET-KEY-1…
    age_recipient   TEXT NOT NULL,                       -- age1…, what others seal to
    signing_private BLOB NOT NULL CHECK (length(signing_private) = 32),
    signing_public  BLOB NOT NULL CHECK (length(signing_public) = 32),
    created_at      TEXT NOT NULL
) STRICT;

-- Other regions whose keys the coordinator confirmed (the fingerprint read aloud by phone).
-- A region is also an organisation of the directory, so that a client's consent can name it
-- as its recipient (purpose 'transfer'), as a referral's consent names its organisation.
-- One write path: carecoord/transfer/regions.py.
CREATE TABLE known_regions (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    age_recipient   TEXT NOT NULL UNIQUE,
    signing_public  BLOB NOT NULL UNIQUE CHECK (length(signing_public) = 32),
    fingerprint     TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    confirmed_on    TEXT NOT NULL,
    confirmed_by    TEXT NOT NULL
) STRICT;

-- Every package this vault opened, by its id: a package is received once (a replay refused).
-- Kept when the case it made is destroyed by retention, so it cannot be received again then.
CREATE TABLE received_packages (
    package_id  TEXT PRIMARY KEY,
    region_id   INTEGER NOT NULL REFERENCES known_regions(id),
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Every package this vault sealed: to which region, on which ground (a consent of the client
-- for purpose 'transfer', or a written override with who and when, as a referral's). Goes with
-- the case (retention); the override's words are free text (store/anonymise.py).
CREATE TABLE sent_packages (
    package_id      TEXT PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    region_id       INTEGER NOT NULL REFERENCES known_regions(id),
    sent_at         TEXT NOT NULL,
    sent_by         TEXT NOT NULL,
    consent_id      INTEGER REFERENCES consents(id) ON DELETE SET NULL,
    override_reason TEXT,
    CHECK (consent_id IS NULL OR override_reason IS NULL)
) STRICT, WITHOUT ROWID;

CREATE INDEX sent_packages_by_case ON sent_packages(case_id);

-- A case that arrived from another region: from which region (its name as it signed), on which
-- date, and the reference the sender knew it by. Written with the case row (store/rows.py
-- case_row), NULL for every case that began here.
ALTER TABLE cases ADD COLUMN received_from TEXT;
ALTER TABLE cases ADD COLUMN received_on TEXT;
ALTER TABLE cases ADD COLUMN sender_reference TEXT;
