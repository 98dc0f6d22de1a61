"""Migration 0051 (issue 16) on a vault at schema 0050: the case-work tables appear, every
consent's recipient is copied into consent_recipients, and the referral consent gate, the meeting
gate and new consents with several recipients work on the migrated vault.

The vault is built with only the migrations up to 0050 (as tests/support/vault_0043.py does for
0043), filled by SQL with 0050's columns, locked, and opened with the real ``Vault.unlock``,
which migrates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carecoord.domain.case_work import CaseMeeting, MeetingParticipant
from carecoord.domain.consent import Consent, ConsentMissing
from carecoord.store.case_store import CaseStore
from carecoord.vault import Credentials, Vault, migrations
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, USER

VERSION_BEFORE = 50
REC = "2025-01-01T09:00:00+00:00"
# id, client, recipient, purposes, given_on, valid_until, withdrawn_on
CONSENTS = [
    (11, 1, 1, '["shelter"]', "2025-01-05", None, None),
    (12, 1, 2, '["case_consultation"]', "2025-01-05", "2025-12-31", None),
    (13, 1, 2, '["case_consultation"]', "2024-01-05", None, "2024-06-01"),  # withdrawn
]


def _fill(db: Database) -> None:
    with db.transaction():
        db.executemany(
            "INSERT INTO organisations (id, name) VALUES (?, ?)",
            [(1, "Opvang Noord"), (2, "Politie Noord"), (3, "GGD Noord")],
        )
        db.execute(
            "INSERT INTO clients (id, reference, gender, nationality, nationality_group,"
            " created_at) VALUES (1, 'CL-1', 'female', 'RO', 'eu', ?)",
            (REC,),
        )
        db.execute(
            "INSERT INTO client_identity (client_id, given_name, family_name)"
            " VALUES (1, 'Ana', 'Pop')"
        )
        db.execute(
            "INSERT INTO cases (id, reference, client_id, opened_on, phase, phase_rank,"
            " phase_since, signaller, sector, location_type, forms, form_mask, created_at)"
            " VALUES (1, 'MH-001', 1, '2025-01-02', 'intake', 1, '2025-01-03', 'police',"
            " 'unknown', 'unknown', 'labour', 2, ?)",
            (REC,),
        )
        db.execute("INSERT INTO case_forms (case_id, form) VALUES (1, 'labour')")
        db.executemany(
            "INSERT INTO phase_changes (case_id, from_phase, to_phase, changed_on, changed_by,"
            " recorded_at) VALUES (1, ?, ?, ?, 'anna', ?)",
            [(None, "signalled", "2025-01-02", REC), ("signalled", "intake", "2025-01-03", REC)],
        )
        db.executemany(
            "INSERT INTO consents (id, client_id, recipient_id, purposes, data_categories,"
            " given_on, given_by, valid_until, withdrawn_on, recorded_by, recorded_at)"
            " VALUES (?, ?, ?, ?, '[\"identity\"]', ?, 'client', ?, ?, 'anna', ?)",
            [(*c, REC) for c in CONSENTS],
        )


@pytest.fixture
def vault_at_0050(tmp_path: Path) -> Path:
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
            assert not vault.db.all("SELECT 1 FROM sqlite_master WHERE name = 'consent_recipients'")
            _fill(vault.db)
        finally:
            vault.lock()
    return folder


@pytest.fixture
def migrated(vault_at_0050: Path) -> Iterator[Vault]:
    vault = Vault.unlock(vault_at_0050, Credentials(passphrase=PASSPHRASE))
    yield vault
    if vault.is_open:
        vault.lock()


def _store(vault: Vault) -> CaseStore:
    return CaseStore.without_audit_for_tests(
        vault.db, user=USER, clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )


def test_0051_copies_each_consents_recipient_and_adds_the_case_work_tables(
    migrated: Vault,
) -> None:
    db = migrated.db
    assert db.user_version == migrations.latest_version() >= 51
    assert db.all(
        "SELECT consent_id, organisation_id FROM consent_recipients ORDER BY consent_id"
    ) == [(11, 1), (12, 2), (13, 2)]
    tables = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "case_goals",
        "case_contacts",
        "case_contact_persons",
        "case_meetings",
        "meeting_participants",
        "meeting_actions",
        "safety_assessments",
    } <= tables
    consents = {c.id: c for c in _store(migrated).read.consents(1)}
    assert consents[12].recipient_ids == (2,)
    # The migrated rows are the same consents: nothing else changed.
    assert db.all("SELECT id, recipient_id FROM consents ORDER BY id") == [
        (11, 1),
        (12, 2),
        (13, 2),
    ]


def test_the_gates_work_on_migrated_consents(migrated: Vault) -> None:
    store = _store(migrated)
    referral = store.referrals.create(1, 1, "shelter")
    assert store.referrals.send(referral).consent_id == 11
    with pytest.raises(ConsentMissing):
        store.referrals.send(store.referrals.create(1, 3, "shelter"))
    meeting = CaseMeeting(
        held_on=date(2025, 5, 1),
        kind="casusoverleg",
        participants=(MeetingParticipant(organisation_id=2),),
    )
    store.meetings.record(1, meeting)
    assert store.read.meetings(1)[0].participants[0].consent_id == 12
    # A consent given after the migration names two recipients: the store writes both rows
    # (no trigger on consents: a writer of consents writes its recipients itself).
    given = store.consents.record(
        Consent(
            client_id=1,
            recipient_id=3,
            further_recipient_ids=(1,),
            purposes=("case_consultation",),
            data_categories=("identity",),
            given_on=date(2025, 6, 1),
        )
    )
    assert migrated.db.all(
        "SELECT organisation_id FROM consent_recipients WHERE consent_id = ? ORDER BY 1",
        (given,),
    ) == [(1,), (3,)]
    both = meeting.model_copy(
        update={
            "held_on": date(2025, 6, 2),
            "participants": (
                MeetingParticipant(organisation_id=1),
                MeetingParticipant(organisation_id=3),
            ),
        }
    )
    store.meetings.record(1, both)
    assert {p.consent_id for p in store.read.meetings(1)[-1].participants} == {given}
