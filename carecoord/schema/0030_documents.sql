-- Printed documents kept with the case inside the vault (issue 6): the exact PDF bytes that
-- were produced, so a letter can be shown or reprinted later exactly as it was sent.
-- referral_id / case_ref are the store's identifiers, kept as text so this table does not
-- depend on how the case store numbers its records.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('referral_letter', 'handover_summary', 'access_report')),
    referral_id TEXT,
    case_ref    TEXT,
    language    TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    reference   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    size        INTEGER NOT NULL CHECK (size > 0),
    content     BLOB NOT NULL,
    CHECK (kind <> 'referral_letter' OR referral_id IS NOT NULL)
) STRICT;

CREATE INDEX documents_by_referral ON documents (referral_id, created_at);
CREATE INDEX documents_by_case ON documents (case_ref, created_at);

-- What was sent stays as it was sent: documents can be removed (retention) but never changed.
CREATE TRIGGER documents_are_immutable
BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'archived documents cannot be changed');
END;
