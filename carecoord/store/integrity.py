"""A ``vault verify`` check for the case records: search indexes and derived columns agree with
the rows they come from. Registered in :data:`carecoord.vault.hook_points.VERIFY_HOOKS` on import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carecoord.vault.checks import VerifyCheck
from carecoord.vault.database import Database, DatabaseError
from carecoord.vault.hook_points import VERIFY_HOOKS

if TYPE_CHECKING:
    from carecoord.vault import Vault

CHECK_NAME = "case records"

# Each query counts rows that break one invariant; its text is what the report names.
_INVARIANTS: tuple[tuple[str, str], ...] = (
    (
        "cases whose phase differs from their last phase change",
        "SELECT count(*) FROM cases c WHERE c.phase IS NOT (SELECT p.to_phase FROM phase_changes p"
        " WHERE p.case_id = c.id ORDER BY p.changed_on DESC, p.id DESC LIMIT 1)",
    ),
    (
        "cases whose exploitation forms differ from their form rows",
        "SELECT count(*) FROM cases c WHERE c.forms IS NOT (SELECT group_concat(form, ';')"
        " FROM (SELECT form FROM case_forms f WHERE f.case_id = c.id ORDER BY form))",
    ),
    (
        "clients without identity that were never anonymised",
        "SELECT count(*) FROM clients cl WHERE cl.anonymised_on IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM client_identity ci WHERE ci.client_id = cl.id)",
    ),
)


# Invariants of tables a later schema added, with the table they need: a vault verified by this
# code before it was migrated (the old release's view in the migration tests) lacks them.
_LATER_INVARIANTS: tuple[tuple[str, str, str], ...] = (
    (
        # The store and the bulk writer write it with every consent (rows.consent_recipient_rows).
        "consent_recipients",
        "consents whose first recipient is missing from their recipients",
        "SELECT count(*) FROM consents c WHERE NOT EXISTS (SELECT 1 FROM consent_recipients r"
        " WHERE r.consent_id = c.id AND r.organisation_id = c.recipient_id)",
    ),
)


def _invariants(db: Database) -> list[tuple[str, str]]:
    tables = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    later = [(what, sql) for table, what, sql in _LATER_INVARIANTS if table in tables]
    return [*_INVARIANTS, *later]


def check_case_records(db: Database) -> VerifyCheck:
    try:
        # 'integrity-check' with rank 1 compares each full-text index with its content table.
        db.execute("INSERT INTO notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)")
        db.execute(
            "INSERT INTO client_names_fts(client_names_fts, rank) VALUES ('integrity-check', 1)"
        )
    except DatabaseError:
        return VerifyCheck(CHECK_NAME, False, "a full-text search index does not match its data")
    problems = [
        f"{int(db.scalar(sql))} {what}" for what, sql in _invariants(db) if int(db.scalar(sql))
    ]
    if problems:
        return VerifyCheck(CHECK_NAME, False, "; ".join(problems))
    cases = int(db.scalar("SELECT count(*) FROM cases"))
    return VerifyCheck(CHECK_NAME, True, f"{cases} cases; search indexes and derived facts agree")


def _hook(vault: Vault) -> VerifyCheck:
    return check_case_records(vault.db)


def install() -> None:
    """Add this check to ``vault verify`` (called by the command line; idempotent). Explicit, not
    done on import: a check that an import had to switch on could silently be missing."""
    if _hook not in VERIFY_HOOKS:
        VERIFY_HOOKS.append(_hook)
