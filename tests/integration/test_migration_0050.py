"""Migration 0050 (issue 15) on a vault made by the release before it.

The vault is built from the old schema itself (tests/support/vault_0043.py: a real SQLCipher
vault created with only the migrations up to 0043, filled with old-style rows by SQL), closed,
and then opened with the real ``Vault.unlock``, which migrates. The expected values are written out by
hand from the rules of issue 15 and DESIGN.md §4, not computed by the code under test.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from carecoord.domain.codelists import codelist
from carecoord.domain.comensha import covering_consents
from carecoord.domain.consent import Consent
from carecoord.store.integrity import check_case_records
from carecoord.vault import Credentials, Vault, migrations
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER, run_cli
from tests.support.vault_0043 import (
    CASES,
    CONSENTS,
    HISTORY,
    NEXT_DEADLINE,
    OLD_VERSION,
    RENEWALS,
    TASKS,
    build_old_vault,
)

SHIPPED = migrations.all_migrations()
STEP = importlib.import_module("carecoord.schema.0050_pathway_tracks")


@pytest.fixture
def old_vault(tmp_path: Path) -> Path:
    """A vault as the release before issue 15 left it (schema 0043, old rows), locked."""
    folder = tmp_path / "vault"
    build_old_vault(folder, USER, PASSPHRASE)
    return folder


@pytest.fixture
def migrated(old_vault: Path) -> Iterator[Vault]:
    vault = Vault.unlock(old_vault, Credentials(passphrase=PASSPHRASE))
    yield vault
    if vault.is_open:
        vault.lock()


def _rank(phase: str) -> int:
    return codelist("phase").values.index(phase)


def _by_case(db: Database, sql: str) -> dict[int, list[tuple[Any, ...]]]:
    found: dict[int, list[tuple[Any, ...]]] = {}
    for case_id, *rest in db.all(sql):
        found.setdefault(case_id, []).append(tuple(rest))
    return found


# -- the tests --------------------------------------------------------------------------------
def test_the_migrated_vault_is_at_the_newest_version_and_verifies(migrated: Vault) -> None:
    assert migrated.db.user_version == migrations.latest_version()
    report = migrated.verify()
    assert report.ok, [(c.name, c.detail) for c in report.checks if not c.ok]
    assert "access log" in {c.name for c in report.checks}
    records = check_case_records(migrated.db)
    assert records.ok, records.detail


def test_old_phases_map_and_repeated_phases_collapse(migrated: Vault) -> None:
    history = _by_case(
        migrated.db,
        "SELECT case_id, id, from_phase, to_phase, changed_on, closure_reason FROM phase_changes"
        " ORDER BY case_id, changed_on, id",
    )
    assert history[1] == [
        (101, None, "signalled", "2024-01-10", None),
        (103, "signalled", "intake", "2024-01-20", None),
        (104, "intake", "shelter", "2024-02-01", None),
        (106, "shelter", "support", "2024-05-01", None),
    ]
    assert history[2] == [
        (201, None, "signalled", "2024-03-01", None),
        (203, "signalled", "shelter", "2024-03-10", None),
        (204, "shelter", "closed", "2024-06-01", "other"),
    ]
    assert history[3] == [
        (301, None, "signalled", "2024-04-01", None),
        (304, "signalled", "intake", "2024-04-05", None),
        (305, "intake", "support", "2024-04-10", None),
    ]
    assert history[4] == [
        (401, None, "signalled", "2024-06-20", None),
        (403, "signalled", "shelter", "2024-07-02", None),
    ]
    assert history[5] == [
        (501, None, "signalled", "2024-01-01", None),
        (502, "signalled", "intake", "2024-01-05", None),
        (503, "intake", "support", "2024-01-10", None),
        (505, "support", "outflow", "2024-02-01", None),
    ]
    removed = {"reported", "reflection_period", "residence_permit"}
    left = migrated.db.all("SELECT from_phase, to_phase FROM phase_changes")
    assert not removed & {p for row in left for p in row}


def test_cases_take_phase_rank_and_since_from_the_collapsed_history(migrated: Vault) -> None:
    cases = {
        row[0]: row[1:]
        for row in migrated.db.all(
            "SELECT id, phase, phase_rank, phase_since, closed_on, closure_reason,"
            " closure_migrated FROM cases"
        )
    }
    assert cases == {
        1: ("support", _rank("support"), "2024-05-01", None, None, 0),
        2: ("closed", _rank("closed"), "2024-06-01", "2024-06-01", "other", 1),
        3: ("support", _rank("support"), "2024-04-10", None, None, 0),
        # The permit row repeated shelter and went: the case is in shelter since the stay began.
        4: ("shelter", _rank("shelter"), "2024-07-02", None, None, 0),
        5: ("outflow", _rank("outflow"), "2024-02-01", None, None, 0),
    }


def test_a_reported_step_becomes_a_comensha_registration(migrated: Vault) -> None:
    rows = migrated.db.all(
        "SELECT case_id, registered_on, basis, consent_id, already_registered_by, migrated,"
        " recorded_by, recorded_at FROM comensha_registrations ORDER BY case_id, id"
    )
    assert rows == [
        # consent 11 covers the day
        (1, "2024-01-12", "consent", 11, "unknown", 1, "migration", "2024-01-12T11:00:00+00:00"),
        # 21 expired, 22 withdrawn that very day, 23 is for another purpose
        (
            2,
            "2024-03-05",
            "anonymous",
            None,
            "unknown",
            1,
            "migration",
            "2024-03-05T08:30:00+00:00",
        ),
        # no consent at all; the repeated `reported` row is one registration
        (
            3,
            "2024-04-02",
            "anonymous",
            None,
            "unknown",
            1,
            "migration",
            "2024-04-02T12:00:00+00:00",
        ),
        # 41 ends that day and 42 starts that day: both cover it, the latest given is named
        (4, "2024-07-01", "consent", 42, "unknown", 1, "migration", "2024-07-01T16:00:00+00:00"),
    ]


def _days_around(*days: date | None) -> list[date]:
    return [d + timedelta(days=k) for d in days if d is not None for k in (-1, 0, 1)]


def test_the_consent_rule_is_the_domains() -> None:
    """The step judges consents on the stored dates (not as domain objects, whose validation
    follows today's code lists); its rule must be the domain's, at every boundary."""
    for consent_id, client_id, _purposes, given_on, valid_until, withdrawn_on in CONSENTS:
        consent = Consent(
            id=consent_id,
            client_id=client_id,
            recipient_id=1,
            purposes=("comensha_registration",),
            data_categories=("identity",),
            given_on=date.fromisoformat(given_on),
            valid_until=date.fromisoformat(valid_until) if valid_until else None,
            withdrawn_on=date.fromisoformat(withdrawn_on) if withdrawn_on else None,
        )
        mine = STEP._Consent(
            consent_id, consent.given_on, consent.valid_until, consent.withdrawn_on
        )
        for day in _days_around(consent.given_on, consent.valid_until, consent.withdrawn_on):
            assert mine.valid_on(day) == bool(covering_consents([consent], day)), (consent_id, day)


def test_the_legal_track_keeps_its_dates(migrated: Vault) -> None:
    reflections = migrated.db.all(
        "SELECT case_id, started_on, ends_on, outcome, outcome_on, offered_on"
        " FROM reflection_periods ORDER BY case_id"
    )
    assert reflections == [
        (1, "2024-02-01", "2024-05-01", "report_filed", "2024-04-15", None),
        (2, "2024-03-10", "2024-06-10", "no_cooperation", "2024-05-30", None),
        (3, "2024-04-10", "2024-07-10", "pending", None, None),
        (4, "2024-07-02", "2024-10-02", "other_cooperation", "2024-08-20", None),
    ]
    permits = migrated.db.all(
        "SELECT id, case_id, ground, applied_on, granted_on, valid_until, ended_on"
        " FROM residence_permits ORDER BY id"
    )
    assert permits == [
        (1, 1, "unknown", None, "2024-05-01", "2025-05-01", None),
        (2, 4, "unknown", None, "2024-09-01", "2025-09-01", None),
    ]
    renewals = migrated.db.all(
        "SELECT id, permit_id, renewed_on, valid_until FROM permit_renewals ORDER BY id"
    )
    assert renewals == RENEWALS
    # The renewals still belong to the (rebuilt) permits, removed with them.
    references = migrated.db.all("PRAGMA foreign_key_list(permit_renewals)")
    assert [(r[2], r[3], r[4], r[6]) for r in references] == [
        ("residence_permits", "permit_id", "id", "CASCADE")
    ]


def test_tasks_are_left_as_they_were(migrated: Vault) -> None:
    rows = migrated.db.all(
        "SELECT id, case_id, kind, due_on, source_id, title FROM tasks ORDER BY id"
    )
    assert rows == TASKS
    next_deadline = dict(migrated.db.all("SELECT id, next_deadline FROM cases"))
    assert next_deadline == {c[0]: NEXT_DEADLINE.get(c[0]) for c in CASES}


def test_a_backup_of_the_old_vault_is_taken_and_opens(migrated: Vault, old_vault: Path) -> None:
    taken = list((old_vault / "backups").glob(f"pre-migration-v{OLD_VERSION}-*.db"))
    assert len(taken) == 1
    assert not taken[0].read_bytes().startswith(b"SQLite format 3")
    copy = Database.open(taken[0], migrated.dek)
    try:
        assert copy.user_version == OLD_VERSION
        assert copy.scalar("SELECT count(*) FROM phase_changes WHERE to_phase = 'reported'") == 5
        assert copy.scalar("SELECT decision FROM reflection_periods WHERE case_id = 1") == (
            "report_to_police"
        )
        assert copy.scalar("SELECT count(*) FROM permit_renewals") == 2
        assert (
            copy.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'comensha_registrations'")
            == 0
        )
    finally:
        copy.close()


def test_the_command_line_verifies_the_migrated_vault(migrated: Vault, old_vault: Path) -> None:
    migrated.lock()
    result = run_cli("vault", "verify", vault=old_vault, env={"CARECOORD_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "case records" in result.stdout
    assert "access log" in result.stdout


def test_the_command_line_migrates_an_old_vault_it_opens_first(old_vault: Path) -> None:
    result = run_cli("vault", "verify", vault=old_vault, env={"CARECOORD_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    vault = Vault.unlock(old_vault, Credentials(passphrase=PASSPHRASE))
    try:
        assert vault.db.user_version == migrations.latest_version()
        assert vault.db.scalar("SELECT count(*) FROM comensha_registrations") == 4
    finally:
        vault.lock()


def test_a_failing_data_step_leaves_the_old_vault_as_it_was(
    old_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = STEP.migrate

    def failing(db: Database) -> None:
        real(db)  # everything written, then the failure
        raise RuntimeError("the data step failed")

    monkeypatch.setattr(STEP, "migrate", failing)
    with pytest.raises(RuntimeError, match="data step failed"):
        Vault.unlock(old_vault, Credentials(passphrase=PASSPHRASE))
    monkeypatch.setattr(STEP, "migrate", real)

    # Opened as the old release would: still version 0043, old phases and decisions in place.
    with monkeypatch.context() as patch:
        patch.setattr(
            migrations, "all_migrations", lambda: [m for m in SHIPPED if m.version <= OLD_VERSION]
        )
        vault = Vault.unlock(old_vault, Credentials(passphrase=PASSPHRASE))
        try:
            assert vault.db.user_version == OLD_VERSION
            assert vault.db.scalar("SELECT count(*) FROM phase_changes") == len(HISTORY)
            assert vault.db.scalar("SELECT phase FROM cases WHERE id = 1") == "residence_permit"
            assert (
                vault.db.scalar(
                    "SELECT count(*) FROM reflection_periods WHERE decision IS NOT NULL"
                )
                == 3
            )
            assert vault.verify().ok
        finally:
            vault.lock()
    # And the real step then migrates it.
    vault = Vault.unlock(old_vault, Credentials(passphrase=PASSPHRASE))
    try:
        assert vault.db.user_version == migrations.latest_version()
        assert vault.db.scalar("SELECT phase FROM cases WHERE id = 1") == "support"
        assert vault.verify().ok
    finally:
        vault.lock()
    # Each attempt took its own backup, also within the same second.
    assert len(list((old_vault / "backups").glob(f"pre-migration-v{OLD_VERSION}-*.db"))) == 2


def test_the_deadlines_the_store_derives_are_the_migrated_ones(migrated: Vault) -> None:
    """Why the step does not refresh the derived deadlines: for migrated facts the store's
    rules give the ones the old release stored (see the data step's docstring)."""
    from carecoord.store import deadline_sync

    def derived() -> list[tuple[Any, ...]]:
        return migrated.db.all(
            "SELECT case_id, kind, due_on, source_id FROM tasks WHERE kind <> 'manual'"
            " ORDER BY case_id, kind, due_on"
        ) + migrated.db.all("SELECT id, next_deadline FROM cases ORDER BY id")

    stored = derived()
    with migrated.db.transaction():
        for (case_id,) in migrated.db.all("SELECT id FROM cases"):
            deadline_sync.refresh_case(migrated.db, case_id)
    assert derived() == stored
