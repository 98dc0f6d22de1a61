"""Migration 0052 (issue 16) on a vault at schema 0051: every exit plan item becomes a goal of
the case plan that names its programme, nothing lost (words, life domain, achieved date as the
date it was reached), an anonymised item stays without words, ``exit_plan_items`` is gone, and
the store reads and writes the migrated plan through ``store.plan``.

The vault is built with only the migrations up to 0051 (as test_migration_0051.py does for 0050),
filled by SQL with 0051's columns (the case goals already there keep theirs), locked, and opened
with the real ``Vault.unlock``, which migrates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carecoord.domain.case_work import CaseGoal
from carecoord.domain.support import exit_goals
from carecoord.errors import InputRejected
from carecoord.store.case_store import CaseStore
from carecoord.vault import Credentials, Vault, migrations
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER

VERSION_BEFORE = 51
REC = "2025-01-01T09:00:00+00:00"
# programme, life domain, goal, achieved_on
ITEMS = [
    (1, "housing", "  Own flat in Zwolle ", "2025-04-01"),
    (1, "income_debts", "Debt counselling", None),
    (1, "work_education", "Dutch lessons", "2025-03-15"),
    (2, "health", "", None),  # anonymised: the words were erased, the domain kept
]


def _case(db: Database, case_id: int, reference: str, anonymised_on: str | None) -> None:
    db.execute(
        "INSERT INTO clients (id, reference, gender, nationality, nationality_group,"
        " created_at) VALUES (?, ?, 'female', 'RO', 'eu', ?)",
        (case_id, f"CL-{case_id}", REC),
    )
    db.execute(
        "INSERT INTO cases (id, reference, client_id, opened_on, phase, phase_rank,"
        " phase_since, signaller, sector, location_type, forms, form_mask, created_at,"
        " anonymised_on) VALUES (?, ?, ?, '2025-01-02', 'support', 3, '2025-01-03', 'police',"
        " 'unknown', 'unknown', 'sexual', 1, ?, ?)",
        (case_id, reference, case_id, REC, anonymised_on),
    )
    db.execute("INSERT INTO case_forms (case_id, form) VALUES (?, 'sexual')", (case_id,))


def _fill(db: Database) -> None:
    with db.transaction():
        _case(db, 1, "MH-001", None)
        _case(db, 2, "MH-002", "2025-05-01")
        db.execute(
            "INSERT INTO client_identity (client_id, given_name, family_name)"
            " VALUES (1, 'Ana', 'Pop')"
        )
        db.executemany(
            "INSERT INTO exit_programmes (id, case_id, scheme_name, enrolled_on)"
            " VALUES (?, ?, 'Uitstapprogramma', ?)",
            [(1, 1, "2025-02-01"), (2, 2, "2025-02-10")],
        )
        db.executemany(
            "INSERT INTO exit_plan_items (programme_id, life_domain, goal, achieved_on)"
            " VALUES (?, ?, ?, ?)",
            ITEMS,
        )
        # A goal of the case plan recorded under 0051: it stays as it was, of no programme.
        db.execute(
            "INSERT INTO case_goals (id, case_id, domain, goal, status, status_on, target_on,"
            " recorded_by, recorded_at) VALUES (7, 1, 'legal', 'See the lawyer', 'open',"
            " '2025-02-02', '2025-08-01', 'anna', ?)",
            (REC,),
        )


@pytest.fixture
def vault_at_0051(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    shipped = migrations.all_migrations()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            migrations,
            "all_migrations",
            lambda: [m for m in shipped if m.version <= VERSION_BEFORE],
        )
        vault, _recovery = Vault.create(folder, USER, PASSPHRASE)
        try:
            assert vault.db.user_version == VERSION_BEFORE
            _fill(vault.db)
            assert vault.db.scalar("SELECT count(*) FROM exit_plan_items") == len(ITEMS)
        finally:
            vault.lock()
    return folder


@pytest.fixture
def migrated(vault_at_0051: Path) -> Iterator[Vault]:
    vault = Vault.unlock(vault_at_0051, Credentials(passphrase=PASSPHRASE))
    yield vault
    if vault.is_open:
        vault.lock()


def _store(vault: Vault) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault.db, user=USER, clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )


def test_0052_moves_every_plan_item_into_the_case_plan(migrated: Vault) -> None:
    db = migrated.db
    assert db.user_version == migrations.latest_version() >= 52
    assert not db.all("SELECT 1 FROM sqlite_master WHERE name = 'exit_plan_items'")
    rows = db.all(
        "SELECT case_id, exit_programme_id, domain, goal, status, status_on, target_on,"
        " referral_id, task_id, recorded_by FROM case_goals WHERE id <> 7"
        " ORDER BY exit_programme_id, domain"
    )
    assert rows == [
        (1, 1, "housing", "Own flat in Zwolle", "reached", "2025-04-01", None, None, None,
         "migration"),
        (1, 1, "income_debts", "Debt counselling", "open", "2025-02-01", None, None, None,
         "migration"),
        (1, 1, "work_education", "Dutch lessons", "reached", "2025-03-15", None, None, None,
         "migration"),
        (2, 2, "health", None, "open", "2025-02-10", None, None, None, "migration"),
    ]  # fmt: skip
    # When it ran, as every recorded_at: an ISO moment in UTC.
    for (recorded_at,) in db.all("SELECT recorded_at FROM case_goals WHERE id <> 7"):
        assert datetime.fromisoformat(recorded_at).tzinfo is not None
    # The goal of 0051 is untouched, of no programme.
    assert db.all(
        "SELECT domain, goal, status, target_on, exit_programme_id FROM case_goals WHERE id = 7"
    ) == [("legal", "See the lawyer", "open", "2025-08-01", None)]
    assert db.scalar("PRAGMA foreign_key_check") is None


def test_the_migrated_plan_is_read_and_written_through_the_case_plan(migrated: Vault) -> None:
    store = _store(migrated)
    case = store.cases.case_file(1)
    plan = exit_goals(case.goals, case.exit_programme)
    assert [(g.domain, g.goal, g.status, g.status_on) for g in plan] == [
        ("housing", "Own flat in Zwolle", "reached", date(2025, 4, 1)),
        ("income_debts", "Debt counselling", "open", date(2025, 2, 1)),
        ("work_education", "Dutch lessons", "reached", date(2025, 3, 15)),
    ]
    debts = next(g for g in plan if g.domain == "income_debts")
    assert debts.id is not None
    store.plan.set_goal_status(debts.id, "in_progress", date(2025, 6, 1))
    # A second goal in a life domain (the old table had one per domain).
    store.plan.add_goal(1, CaseGoal(domain="housing", goal="Rent allowance", exit_programme_id=1))
    plan = exit_goals(store.cases.case_file(1).goals, case.exit_programme)
    assert [(g.domain, g.status) for g in plan] == [
        ("housing", "reached"),
        ("housing", "open"),
        ("income_debts", "in_progress"),
        ("work_education", "reached"),
    ]
    with pytest.raises(InputRejected):
        store.plan.add_goal(1, CaseGoal(domain="housing", goal="x", exit_programme_id=2))


def test_anonymisation_and_destruction_reach_the_migrated_plan(migrated: Vault) -> None:
    from carecoord.store import anonymise

    db = migrated.db
    with db.transaction():
        anonymise.anonymise_case(db, 1, "2025-06-15")
    assert db.all("SELECT count(*), count(goal) FROM case_goals WHERE case_id = 1") == [(4, 0)]
    with db.transaction():
        anonymise.destroy_case(db, 1)
    assert db.scalar("SELECT count(*) FROM case_goals WHERE case_id = 1") == 0
