-- The access log (NEN 7513 model): one row per event, each row's MAC chained to the previous one.
-- It holds references (opaque case/client ids, coordinator user names, codes), never client data.
-- See carecoord/audit for the MAC, the head kept in vault.keys and verification.
CREATE TABLE access_log (
    seq            INTEGER PRIMARY KEY CHECK (seq >= 1),
    at_utc         TEXT NOT NULL,             -- ISO 8601, UTC, microseconds, 'Z'
    user_name      TEXT NOT NULL,             -- who acted (the unlocking user, 'recovery', …)
    workstation    TEXT NOT NULL,             -- the access point (host name)
    action         TEXT NOT NULL,             -- carecoord.audit.Action code
    case_ref       TEXT,                      -- opaque case id, never a name
    client_ref     TEXT,                      -- opaque client id, never a name
    on_behalf_of   TEXT,                      -- responsible user, only when it differs
    detail         TEXT,                      -- canonical JSON of codes and counts, or NULL
    search_digests TEXT,                      -- keyed hashes of normalised search terms, or NULL
    mac            TEXT NOT NULL              -- HMAC(log key, canonical(row) || previous mac)
) STRICT;

CREATE INDEX access_log_by_case ON access_log (case_ref, seq) WHERE case_ref IS NOT NULL;
CREATE INDEX access_log_by_client ON access_log (client_ref, seq) WHERE client_ref IS NOT NULL;
CREATE INDEX access_log_by_user ON access_log (user_name COLLATE NOCASE, seq);
CREATE INDEX access_log_by_time ON access_log (at_utc);
CREATE INDEX access_log_by_action ON access_log (action, seq);

-- Where the chain starts once old entries have been pruned under the retention rule: the first
-- kept sequence number and the MAC of the entry before it. One row at most.
CREATE TABLE access_log_start (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    first_seq INTEGER NOT NULL CHECK (first_seq >= 1),
    prev_mac  TEXT NOT NULL
) STRICT;

-- The log's 32-byte secret: derived (HKDF) from the data key when the log starts, then kept here,
-- inside the encrypted database. Removing a user rotates the data key; keeping the secret lets the
-- chain and the search-term hashes stay verifiable across rotations.
CREATE TABLE access_log_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret BLOB NOT NULL CHECK (length(secret) = 32)
) STRICT;

-- Append-only by construction; these stop accidents and careless tools, not a key holder (the
-- MAC chain and the head in vault.keys are what detect deliberate tampering).
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;

CREATE TRIGGER access_log_delete_only_pruned BEFORE DELETE ON access_log
WHEN old.seq >= coalesce((SELECT first_seq FROM access_log_start), 1)
BEGIN
    SELECT RAISE(ABORT, 'access-log entries are only removed by pruning under the retention rule');
END;

CREATE TRIGGER access_log_secret_fixed BEFORE UPDATE ON access_log_secret
BEGIN
    SELECT RAISE(ABORT, 'the access-log secret never changes');
END;

CREATE TRIGGER access_log_secret_kept BEFORE DELETE ON access_log_secret
BEGIN
    SELECT RAISE(ABORT, 'the access-log secret is never removed');
END;
