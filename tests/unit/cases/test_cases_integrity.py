"""The 'case records' check of vault verify finds indexes or derived columns out of step."""

from __future__ import annotations

from datetime import UTC, date, datetime

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.referral import Organisation
from carecoord.store.case_store import CaseStore
from carecoord.store.integrity import CHECK_NAME, check_case_records, install
from tests.conftest import VaultFixture


def filled(vault_fx: VaultFixture) -> CaseStore:
    store = CaseStore.without_audit_for_tests(
        vault_fx.vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, tzinfo=UTC)
    )
    client = store.clients.register(
        ClientFacts(reference="C-1"), ClientIdentity(given_name="Eva", family_name="Smit")
    )
    case_id = store.cases.open(client, Signal(signal_date=date(2025, 1, 1)))
    store.tasks.add_note(case_id, "first contact")
    return store


def test_healthy_vault_passes_and_is_part_of_verify(vault_fx: VaultFixture) -> None:
    filled(vault_fx)
    install()  # as the command line does, explicitly (not on import)
    report = vault_fx.vault.verify()
    check = next(c for c in report.checks if c.name == CHECK_NAME)
    assert check.ok and "1 cases" in check.detail
    assert report.ok


def test_phase_out_of_step_is_found(vault_fx: VaultFixture) -> None:
    store = filled(vault_fx)
    store.db.execute("UPDATE cases SET phase = 'closed'")
    check = check_case_records(store.db)
    assert not check.ok and "phase" in check.detail


def test_stale_search_index_is_found(vault_fx: VaultFixture) -> None:
    store = filled(vault_fx)
    store.db.execute("DROP TRIGGER notes_fts_delete")
    store.db.execute("DELETE FROM notes")
    check = check_case_records(store.db)
    assert not check.ok and "full-text" in check.detail


def test_lost_identity_is_found(vault_fx: VaultFixture) -> None:
    store = filled(vault_fx)
    store.db.execute("DELETE FROM client_identity")
    assert "identity" in check_case_records(store.db).detail


def test_a_consent_without_its_first_recipient_row_is_found(vault_fx: VaultFixture) -> None:
    store = filled(vault_fx)
    org = store.organisations.add(Organisation(name="Opvang Noord"))
    client = store.read.summary(1).client_id
    store.consents.record(
        Consent(
            client_id=client,
            recipient_id=org,
            purposes=("shelter",),
            data_categories=("identity",),
            given_on=date(2025, 2, 1),
        )
    )
    assert check_case_records(store.db).ok  # the store wrote it (no trigger since 0051)
    store.db.execute("DELETE FROM consent_recipients")
    assert "first recipient" in check_case_records(store.db).detail
