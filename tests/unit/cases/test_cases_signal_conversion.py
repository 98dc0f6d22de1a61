"""A signal without a person becomes part of a case once the person is identified: a new case
opened from it, or attached to an existing case. Real vault, real access log."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from carecoord.audit import AccessLog
from carecoord.domain.case import CaseFacts, Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.errors import InputRejected
from carecoord.store.case_store import CaseStore
from carecoord.store.intake import open_client_case_from_signal
from carecoord.workspace import open_store
from tests.conftest import VaultFixture
from tests.unit.cases.test_cases_store import new_case


@pytest.fixture
def store(vault_fx: VaultFixture) -> CaseStore:
    store = open_store(vault_fx.vault)
    store._clock = lambda: datetime(2025, 6, 15, 12, 0, tzinfo=UTC)  # type: ignore[method-assign]
    return store


def loose_signal(store: CaseStore, on: date = date(2025, 3, 4)) -> int:
    return store.signals.add(
        Signal(
            signal_date=on,
            signaller="labour_inspectorate",
            location_type="holiday_park",
            sector="agriculture",
            municipality="GM0363",
            exploitation_forms=("labour",),
            description="Vier personen in één chalet, paspoorten bij de werkgever.",
            recorded_by="bram",
        )
    )


def _log(vault_fx: VaultFixture) -> list[tuple[str, str | None, str]]:
    """(action, case, what) of every access-log entry, oldest first."""
    rows = vault_fx.vault.db.all("SELECT action, case_ref, detail FROM access_log ORDER BY seq")
    return [(r[0], r[1], json.loads(r[2] or "{}").get("what", "")) for r in rows]


def test_open_case_from_signal_keeps_the_signal_as_recorded(
    vault_fx: VaultFixture, store: CaseStore
) -> None:
    signal_id = loose_signal(store)
    before = len(_log(vault_fx))
    case_id = open_client_case_from_signal(
        store,
        ClientFacts(reference="CL-9", gender="male", nationality="UA"),
        ClientIdentity(family_name="Kovalenko", birth_date=date(1990, 1, 1)),
        signal_id,
        CaseFacts(exploitation_forms=("labour", "criminal"), sector="agriculture"),
    )
    case = store.cases.case_file(case_id)
    assert [s.id for s in case.signals] == [signal_id]
    first = case.signals[0]
    assert first.signal_date == date(2025, 3, 4)
    assert first.signaller == "labour_inspectorate"
    assert first.recorded_by == "bram"
    assert first.description is not None and "chalet" in first.description
    assert first.exploitation_forms == ("labour",)  # the signal's own codes stay
    assert case.facts.exploitation_forms == ("criminal", "labour")  # the case's facts as given
    assert case.summary.opened_on == date(2025, 3, 4)
    assert case.summary.reference == "2025-000001"
    assert case.age_at_signal == 35
    assert store.signals.list_without_person() == []
    assert store.db.scalar("SELECT count(*) FROM signals") == 1
    entries = _log(vault_fx)[before:]
    assert ("create", str(case_id), f"case_from_signal_{signal_id}") in entries
    assert AccessLog(vault_fx.vault).verify().ok


def test_case_facts_default_to_the_signals_codes(store: CaseStore) -> None:
    signal_id = loose_signal(store)
    client_id = store.clients.register(ClientFacts(reference="CL-3"), None)
    case_id = store.cases.open_from_signal(client_id, signal_id)
    facts = store.cases.case_file(case_id).facts
    assert facts.signaller == "labour_inspectorate"
    assert facts.sector == "agriculture"
    assert facts.municipality == "GM0363"


def test_attach_signal_to_an_existing_case_is_logged(
    vault_fx: VaultFixture, store: CaseStore
) -> None:
    case_id = new_case(store, "CL-1", signal_date=date(2025, 4, 1))
    signal_id = loose_signal(store, date(2025, 2, 1))
    before = len(_log(vault_fx))
    store.signals.attach(signal_id, case_id)
    entries = _log(vault_fx)[before:]
    assert entries == [("update", str(case_id), f"signal_{signal_id}_attached_to_the_case")]
    case = store.cases.case_file(case_id)
    assert [s.signal_date for s in case.signals] == [date(2025, 2, 1), date(2025, 4, 1)]
    assert case.summary.opened_on == date(2025, 4, 1)  # the case keeps its opening date
    assert store.signals.list_without_person() == []
    assert AccessLog(vault_fx.vault).verify().ok


def test_a_signal_that_belongs_to_a_case_is_refused_and_nothing_changes(
    vault_fx: VaultFixture, store: CaseStore
) -> None:
    first = new_case(store, "CL-1")
    second = new_case(store, "CL-2", given="Ana")
    signal_id = loose_signal(store)
    store.signals.attach(signal_id, first)
    before = len(_log(vault_fx))
    with pytest.raises(InputRejected, match="already belongs to case 2025-000001"):
        store.signals.attach(signal_id, second)
    with pytest.raises(InputRejected, match="already belongs to case 2025-000001"):
        open_client_case_from_signal(store, ClientFacts(reference="CL-3"), None, signal_id)
    # Neither the refused attach nor the refused intake left anything behind.
    assert store.db.scalar("SELECT case_id FROM signals WHERE id = ?", (signal_id,)) == first
    assert store.clients.id_for_reference("CL-3") is None
    assert store.db.scalar("SELECT count(*) FROM cases") == 2
    assert _log(vault_fx)[before:] == []
    # A case's own first signal cannot be moved either.
    own = store.cases.case_file(second).signals[0].id
    assert own is not None
    with pytest.raises(InputRejected, match="already belongs to case 2025-000002"):
        store.signals.attach(own, first)


def test_unknown_signal_or_case_and_signal_before_birth_are_refused(store: CaseStore) -> None:
    case_id = new_case(store, "CL-1", birth=date(2025, 1, 1), signal_date=date(2025, 5, 1))
    with pytest.raises(InputRejected, match="no signal with id 999"):
        store.signals.attach(999, case_id)
    signal_id = loose_signal(store, date(2024, 12, 1))
    with pytest.raises(InputRejected, match="no case with id 77"):
        store.signals.attach(signal_id, 77)
    with pytest.raises(InputRejected, match="birth date"):
        store.signals.attach(signal_id, case_id)
    assert [s.id for s in store.signals.list_without_person()] == [signal_id]


def test_reading_one_signal_without_person_is_logged(
    vault_fx: VaultFixture, store: CaseStore
) -> None:
    signal_id = loose_signal(store)
    before = len(_log(vault_fx))
    signal = store.signals.without_person(signal_id)
    assert signal.id == signal_id and signal.case_id is None
    assert [(a, d) for a, _ref, d in _log(vault_fx)[before:]] == [("read", f"signal_{signal_id}")]
