"""Property: for random appends and one random tampering, verification fails exactly when the log
was tampered with, and names the first affected sequence number. Real vaults, real SQLCipher."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecoord.audit import AccessLog, Action
from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, USER
from tests.support import audit_tamper

ACTIONS = [Action.CREATE, Action.READ, Action.UPDATE, Action.SEARCH, Action.PRINT, Action.EXPORT]
COLUMNS = ["user_name", "action", "at_utc", "case_ref", "detail", "mac"]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[tuple[Action, int]], str, int, str, bool]:
    appends = draw(
        st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 3)), min_size=1, max_size=8)
    )
    total = 1 + len(appends)  # the login written at creation comes first
    operation = draw(
        st.sampled_from(["none", "modify", "delete", "swap", "insert", "truncate", "rollback"])
    )
    upper = total - 1 if operation == "swap" else total
    position = draw(st.integers(0 if operation == "truncate" else 1, max(upper, 1)))
    if operation == "truncate":
        position = min(position, total - 1)
    column = draw(st.sampled_from(COLUMNS))
    reopen = draw(st.booleans())
    return appends, operation, position, column, reopen


def _unlock(folder: Path) -> Vault:
    return Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(scenarios())
def test_verification_fails_exactly_when_tampered_and_names_the_first_entry(
    scenario: tuple[list[tuple[Action, int]], str, int, str, bool],
) -> None:
    appends, operation, position, column, reopen = scenario
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        vault, _ = Vault.create(folder, USER, PASSPHRASE)
        try:
            log = AccessLog(vault)
            for action, case in appends:
                terms = "Jansen" if action == Action.SEARCH else None
                log.record(action, case_ref=f"c-{case}", search_terms=terms)
            expected: int | None
            if operation == "rollback":  # copy vault.db aside, add entries, put the copy back
                vault.lock()
                copied = _entries_in_closed_vault(folder)
                shutil.copy(folder / "vault.db", Path(tmp) / "old.db")
                vault = _unlock(folder)
                AccessLog(vault).record(Action.READ, case_ref="c-9")
                vault.lock()
                shutil.copy(Path(tmp) / "old.db", folder / "vault.db")
                vault = _unlock(folder)
                expected = copied + 1
            else:
                expected = _tamper(vault, operation, position, column)
            if reopen and vault.is_open:
                vault.lock()
                vault = _unlock(folder)
            result = AccessLog(vault).verify()
            assert result.first_bad_seq == expected, result.summary()
            check = next(c for c in vault.verify().checks if c.name == "access log")
            assert check.ok == (expected is None)
            if expected is not None:
                assert check.detail.startswith(f"entry {expected} ")
        finally:
            if vault.is_open:
                vault.lock()


def _tamper(vault: Vault, operation: str, position: int, column: str) -> int | None:
    """Tamper in place; returns the sequence number verification must name (None: untouched)."""
    db = vault.db
    if operation == "none":
        return None
    if operation == "modify":
        audit_tamper.modify(db, position, column)
    elif operation == "delete":
        audit_tamper.delete(db, position)
    elif operation == "swap":
        audit_tamper.swap(db, position)
    elif operation == "insert":
        audit_tamper.insert(db, position)
    elif operation == "truncate":
        audit_tamper.truncate(db, position)
        return position + 1
    return position


def _entries_in_closed_vault(folder: Path) -> int:
    """How many entries the file will hold once this look has ended: its lock is the last one."""
    vault = _unlock(folder)
    try:
        return audit_tamper.last_seq(vault.db) + 1
    finally:
        vault.lock()
