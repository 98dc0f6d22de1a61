"""What identifies a client, in one place: anonymisation erases exactly this and keeps the facts.

Retention (:mod:`carecoord.retention`) calls :func:`anonymise_case` / :func:`destroy_case` and
then :func:`carecoord.store.retention_repository.vacuum`: only after that are the erased words also gone
from the full-text index segments and from free pages (tests/unit/test_retention.py checks a
decrypted copy of the vault for canary strings).
"""

from __future__ import annotations

from carecoord.vault.database import Database

# Free-text columns in otherwise coded tables, (table, column, how the row links to the client).
IDENTIFYING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("signals", "description", "case_id IN ({cases})"),
    ("phase_changes", "reason", "case_id IN ({cases})"),
    ("referrals", "reason", "case_id IN ({cases})"),
    ("referrals", "override_reason", "case_id IN ({cases})"),
    ("referrals", "feedback", "case_id IN ({cases})"),
    (
        "referral_events",
        "note",
        "referral_id IN (SELECT id FROM referrals WHERE case_id IN ({cases}))",
    ),
    ("tasks", "title", "case_id IN ({cases})"),
    ("consents", "note", "client_id = :client"),
    # Case work (issue 16): a goal's words (the exit programme's plan too, since schema 0052),
    # a meeting's decisions and legal ground, an action's
    # words, the agreed safety measures. Domains, kinds, risk levels and dates stay.
    ("case_goals", "goal", "case_id IN ({cases})"),
    ("case_meetings", "decisions", "case_id IN ({cases})"),
    ("case_meetings", "legal_ground", "case_id IN ({cases})"),
    (
        "meeting_actions",
        "description",
        "meeting_id IN (SELECT id FROM case_meetings WHERE case_id IN ({cases}))",
    ),
    ("safety_assessments", "measures", "case_id IN ({cases})"),
    # A handover to another region on an override (issue 19): the written reason.
    ("sent_packages", "override_reason", "case_id IN ({cases})"),
)

# Rows that are identifying as a whole, (table, how the row links to the client's cases): a
# contact person's name, phone and e-mail (the contact's role and organisation stay).
IDENTIFYING_ROWS: tuple[tuple[str, str], ...] = (
    (
        "case_contact_persons",
        "contact_id IN (SELECT id FROM case_contacts WHERE case_id IN ({cases}))",
    ),
)

_CASES = "SELECT id FROM cases WHERE client_id = :client"


def anonymise_client(db: Database, client_id: int, on: str) -> None:
    """Run inside the caller's transaction."""
    params = {"client": client_id}
    # The identity row holds the employer's or agency's name too (a circumstance that identifies
    # a labour migrant, issue 15): it goes with the row.
    db.execute("DELETE FROM client_identity WHERE client_id = :client", params)
    db.execute("DELETE FROM client_identity_history WHERE client_id = :client", params)
    db.execute(f"DELETE FROM notes WHERE case_id IN ({_CASES})", params)
    for table, link in IDENTIFYING_ROWS:
        db.execute(f"DELETE FROM {table} WHERE {link.format(cases=_CASES)}", params)
    for table, column, link in IDENTIFYING_COLUMNS:
        db.execute(f"UPDATE {table} SET {column} = NULL WHERE {link.format(cases=_CASES)}", params)
    db.execute("UPDATE clients SET anonymised_on = :on WHERE id = :client", {**params, "on": on})
    db.execute(f"UPDATE cases SET anonymised_on = :on WHERE id IN ({_CASES})", {**params, "on": on})
    db.execute(f"DELETE FROM documents WHERE {_DOCUMENTS_OF_CASES.format(cases=_CASES)}", params)


# Printed letters are whole documents about the client (names, addresses): they go with the
# identity. The letters area keeps the store's identifiers as text (see 0030_documents.sql).
_DOCUMENTS_OF_CASES = (
    "case_ref IN (SELECT reference FROM cases WHERE id IN ({cases}))"
    " OR case_ref IN (SELECT CAST(id AS TEXT) FROM cases WHERE id IN ({cases}))"
    " OR referral_id IN (SELECT CAST(id AS TEXT) FROM referrals WHERE case_id IN ({cases}))"
)


def anonymise_case(db: Database, case_id: int, on: str) -> None:
    """Erase one case's free text and documents; the client's identity too once no other case
    of theirs still needs it (every other case of the client already anonymised).

    Run inside the caller's transaction."""
    params: dict[str, object] = {"case": case_id, "on": on}
    one = ":case"
    db.execute("DELETE FROM notes WHERE case_id = :case", params)
    for table, link in IDENTIFYING_ROWS:
        db.execute(f"DELETE FROM {table} WHERE {link.format(cases=one)}", params)
    for table, column, link in IDENTIFYING_COLUMNS:
        if "{cases}" in link:
            db.execute(f"UPDATE {table} SET {column} = NULL WHERE {link.format(cases=one)}", params)
    db.execute(f"DELETE FROM documents WHERE {_DOCUMENTS_OF_CASES.format(cases=one)}", params)
    db.execute("UPDATE cases SET anonymised_on = :on WHERE id = :case", params)
    client_id = int(db.scalar("SELECT client_id FROM cases WHERE id = :case", params))
    if not db.scalar(
        "SELECT 1 FROM cases WHERE client_id = ? AND anonymised_on IS NULL", (client_id,)
    ):
        anonymise_client(db, client_id, on)


def destroy_case(db: Database, case_id: int) -> None:
    """Remove one case entirely, and its client when no other case of theirs remains.

    Run inside the caller's transaction."""
    params = {"case": case_id}
    client_id = int(db.scalar("SELECT client_id FROM cases WHERE id = :case", params))
    db.execute(f"DELETE FROM documents WHERE {_DOCUMENTS_OF_CASES.format(cases=':case')}", params)
    # Foreign-key cascades remove signals, pathway, support, referrals, tasks and notes (and the
    # notes' full-text entries through their delete trigger).
    db.execute("DELETE FROM cases WHERE id = :case", params)
    if not db.scalar("SELECT 1 FROM cases WHERE client_id = ?", (client_id,)):
        # Referrals of other clients never point at this client's consents, so this cascades.
        db.execute("DELETE FROM clients WHERE id = ?", (client_id,))
