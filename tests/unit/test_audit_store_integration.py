"""The case store's reads and writes reach the access log: one entry per case shown or changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carecoord.audit import AccessLog, Action
from carecoord.letters.events import DocumentEvent, record_document_event
from carecoord.store.case_list import CaseQuery
from carecoord.store.case_store import CaseStore
from carecoord.workspace import open_store
from tests.conftest import VaultFixture
from tests.unit.cases.test_cases_store import OVERRIDE, new_case, org


@pytest.fixture
def store(vault_fx: VaultFixture) -> CaseStore:
    store = open_store(vault_fx.vault)
    store._clock = lambda: datetime(2025, 6, 15, 12, 0, tzinfo=UTC)  # type: ignore[method-assign]
    return store


def _entries(vault_fx: VaultFixture) -> list[tuple[str, str | None]]:
    rows = vault_fx.vault.db.all("SELECT action, case_ref FROM access_log ORDER BY seq")
    return [(r[0], r[1]) for r in rows]


def _new_since(vault_fx: VaultFixture, before: int) -> list[tuple[str, str | None]]:
    return _entries(vault_fx)[before:]


def test_open_read_list_search_and_override_are_logged(
    vault_fx: VaultFixture, store: CaseStore
) -> None:
    case_a = new_case(store, "CL-1")
    case_b = new_case(store, "CL-2", given="Ana", family="Ionescu")

    before = len(_entries(vault_fx))
    store.cases.case_file(case_a)
    assert _new_since(vault_fx, before) == [("read", str(case_a))]

    before = len(_entries(vault_fx))
    page = store.cases.page(CaseQuery())
    assert len(page.rows) == 2
    assert sorted(_new_since(vault_fx, before)) == sorted(
        [("read", str(case_a)), ("read", str(case_b))]
    )

    before = len(_entries(vault_fx))
    found = store.cases.search("Ionescu")
    assert [c.id for c in found] == [case_b]
    assert _new_since(vault_fx, before) == [("search", str(case_b))]

    shelter = org(store)
    referral = store.referrals.create(case_a, shelter, "shelter")
    before = len(_entries(vault_fx))
    store.referrals.send(referral, override_reason=OVERRIDE)
    assert _new_since(vault_fx, before) == [("consent_override", str(case_a))]
    assert AccessLog(vault_fx.vault).verify().ok


def test_log_holds_no_client_data(vault_fx: VaultFixture, store: CaseStore) -> None:
    case_id = new_case(store, "CL-9", given="Zorabel", family="Quintanilla")
    store.tasks.add_note(case_id, "Met Zorabel at the station")
    store.cases.case_file(case_id)
    store.cases.search("Quintanilla")
    dump = repr(vault_fx.vault.db.all("SELECT * FROM access_log"))
    for secret in ("Zorabel", "Quintanilla", "station"):
        assert secret not in dump


def test_printed_document_is_logged(vault_fx: VaultFixture, store: CaseStore) -> None:
    case_id = new_case(store)
    before = len(_entries(vault_fx))
    record_document_event(
        vault_fx.vault,
        DocumentEvent(
            action="print",
            kind="referral_letter",
            reference="V-1",
            referral_id="7",
            case_ref=str(case_id),
            language="nl",
        ),
    )
    assert _new_since(vault_fx, before) == [(Action.PRINT.value, str(case_id))]
