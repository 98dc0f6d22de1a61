"""What identifies a client, in one place: anonymisation erases exactly this and keeps the facts.

Retention (another part of the app) calls :meth:`CaseStore.anonymise_client`; a test checks that
after it no name, birth date, address or free text of the client is left in the vault.
"""

from __future__ import annotations

from carecoord.vault.database import Database

# Tables whose rows are wholly identifying and are deleted per client or per case.
IDENTIFYING_TABLES = ("client_identity", "notes")

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
)

_CASES = "SELECT id FROM cases WHERE client_id = :client"


def anonymise_client(db: Database, client_id: int, on: str) -> None:
    """Run inside the caller's transaction."""
    params = {"client": client_id}
    db.execute("DELETE FROM client_identity WHERE client_id = :client", params)
    db.execute(f"DELETE FROM notes WHERE case_id IN ({_CASES})", params)
    for table, column, link in IDENTIFYING_COLUMNS:
        db.execute(f"UPDATE {table} SET {column} = NULL WHERE {link.format(cases=_CASES)}", params)
    # Plan goals are free text too, but NOT NULL: keep the life domain, drop the words.
    db.execute(
        "UPDATE exit_plan_items SET goal = '' WHERE programme_id IN"
        f" (SELECT id FROM exit_programmes WHERE case_id IN ({_CASES}))",
        params,
    )
    db.execute("UPDATE clients SET anonymised_on = :on WHERE id = :client", {**params, "on": on})
