"""Bulk writing (import, demo) refuses what the store refuses, with the same error.

Each history (phases; referral steps; a consent) is tried twice in its own vault: step by step through the store (open_case, then
change_phase for every later entry) and whole through the BulkWriter. Both must accept it, or
both refuse it with the same exception type and message (the rule lives once, in
``carecoord.domain.pathway.check_transition``).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from carecoord.domain.case import CaseFacts, PhaseChange, Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.consent import Consent
from carecoord.domain.pathway import TransitionRefused
from carecoord.domain.referral import Organisation, Referral
from carecoord.errors import InputRejected
from carecoord.store.bulk import BulkWriter, NewCase, NewReferral
from carecoord.store.case_store import CaseStore
from carecoord.store.organisations import OrganisationRepository
from carecoord.vault import Vault
from tests.conftest import PASSPHRASE, USER

NOW = datetime(2025, 6, 15, 12, tzinfo=UTC)
TODAY = NOW.date()
OPENED = date(2025, 1, 10)
REASON = "recorded after the home visit"

# (from, to, days after OPENED, reason): the entries after the first, in order.
Step = tuple[str, str, int, str | None]


def _history(steps: list[Step]) -> list[PhaseChange]:
    first = PhaseChange(from_phase=None, to_phase="signalled", changed_on=OPENED, changed_by=USER)
    return [first] + [
        PhaseChange(
            from_phase=before,
            to_phase=after,
            changed_on=OPENED + timedelta(days=days),
            changed_by=USER,
            reason=reason,
        )
        for before, after, days, reason in steps
    ]


def _through_store(folder: Path, steps: list[Step], birth: date | None) -> InputRejected | None:
    vault, _ = Vault.create(folder, USER, PASSPHRASE)
    try:
        store = CaseStore.without_audit_for_tests(vault.db, user=USER, clock=lambda: NOW)
        client = store.clients.register(
            ClientFacts(reference="CL-1"), ClientIdentity(birth_date=birth)
        )
        case_id = store.cases.open(client, Signal(signal_date=OPENED))
        for _before, after, days, reason in steps:
            store.pathway.change_phase(
                case_id, after, on=OPENED + timedelta(days=days), reason=reason
            )
    except InputRejected as refusal:
        return refusal
    finally:
        vault.lock()
    return None


def _through_bulk(folder: Path, steps: list[Step], birth: date | None) -> InputRejected | None:
    vault, _ = Vault.create(folder, USER, PASSPHRASE)
    try:
        case = NewCase(
            client=ClientFacts(reference="CL-1"),
            identity=ClientIdentity(birth_date=birth),
            facts=CaseFacts(),
            signals=[Signal(signal_date=OPENED)],
            phase_history=_history(steps),
        )
        BulkWriter(vault.db, user=USER, now=NOW).write([case])
        assert vault.db.scalar("SELECT count(*) FROM cases") == 1
    except InputRejected as refusal:
        assert vault.db.scalar("SELECT count(*) FROM cases") == 0
        return refusal
    finally:
        vault.lock()
    return None


HISTORIES: dict[str, list[Step]] = {
    "allowed, back-dated with reasons": [
        ("signalled", "intake", 5, REASON),
        ("intake", "shelter", 9, REASON),
    ],
    "allowed, last step today without a reason": [
        ("signalled", "intake", 5, REASON),
        ("intake", "support", (TODAY - OPENED).days, None),
    ],
    "step not in the pathway": [("signalled", "support", 5, REASON)],
    "same phase again": [("signalled", "signalled", 5, REASON)],
    # Steps carry no closure reason here, so closing is refused by both writers alike.
    "closing without a closure reason": [
        ("signalled", "closed", 5, REASON),
        ("closed", "intake", 6, REASON),
    ],
    "dated before the previous change": [
        ("signalled", "intake", 9, REASON),
        ("intake", "shelter", 5, REASON),
    ],
    # Before issue 14 the bulk writer accepted these two; the store refused them.
    "dated in the future": [("signalled", "intake", (TODAY - OPENED).days + 1, REASON)],
    "back-dated without a reason": [("signalled", "intake", 5, None)],
}


@pytest.mark.parametrize("name", list(HISTORIES))
def test_bulk_refuses_what_the_store_refuses_with_the_same_error(tmp_path: Path, name: str) -> None:
    steps = HISTORIES[name]
    by_store = _through_store(tmp_path / "store", steps, None)
    by_bulk = _through_bulk(tmp_path / "bulk", steps, None)
    assert type(by_bulk) is type(by_store)
    if by_store is not None:
        assert isinstance(by_store, TransitionRefused)
        assert by_bulk is not None and by_bulk.message == by_store.message
    assert (by_store is None) == name.startswith("allowed")


def test_signal_before_birth_refused_alike(tmp_path: Path) -> None:
    birth = OPENED + timedelta(days=1)
    by_store = _through_store(tmp_path / "store", [], birth)
    by_bulk = _through_bulk(tmp_path / "bulk", [], birth)
    assert by_store is not None and by_bulk is not None
    assert by_bulk.message == by_store.message


def test_a_change_recorded_on_its_own_day_needs_no_reason(tmp_path: Path) -> None:
    """A history from a system that recorded each change on the day (the demo does so) carries
    ``recorded_at``: the rule asks a reason only of a change recorded after the day it names."""
    vault, _ = Vault.create(tmp_path / "v", USER, PASSPHRASE)
    try:
        history = _history([("signalled", "intake", 5, None)])
        on_the_day = datetime.combine(history[1].changed_on, NOW.timetz())
        history[1] = history[1].model_copy(update={"recorded_at": on_the_day})
        late = history[1].model_copy(update={"recorded_at": on_the_day + timedelta(days=1)})
        case = NewCase(
            client=ClientFacts(reference="CL-1"),
            identity=None,
            facts=CaseFacts(),
            signals=[Signal(signal_date=OPENED)],
            phase_history=history,
        )
        writer = BulkWriter(vault.db, user=USER, now=NOW)
        with pytest.raises(TransitionRefused, match="back-dated"):
            writer.write([dataclasses.replace(case, phase_history=[history[0], late])])
        [case_id] = writer.write([case])
        assert (
            vault.db.scalar(
                "SELECT recorded_at FROM phase_changes WHERE case_id = ? AND to_phase = 'intake'",
                (case_id,),
            )
            == on_the_day.isoformat()
        )
    finally:
        vault.lock()


# (referral type, events after 'draft', override reason); the consent covers 'legal_aid' only.
REFERRALS: dict[str, tuple[str, list[tuple[str, int]], str | None]] = {
    "allowed: sent under the consent, accepted, done": (
        "legal_aid",
        [("sent", 1), ("accepted", 5), ("done", 9)],
        None,
    ),
    "allowed: sent on a written override": ("medical", [("sent", 1)], "x" * 25),
    "sent without a covering consent": ("medical", [("sent", 1)], None),
    "override reason too short": ("medical", [("sent", 1)], "urgent"),
    "accepted before it was sent": ("legal_aid", [("accepted", 1)], None),
    "answered before the previous step": ("legal_aid", [("sent", 4), ("rejected", 2)], None),
}
CREATED = OPENED + timedelta(days=10)


def _referral_through_store(folder: Path, name: str) -> InputRejected | None:
    referral_type, events, override = REFERRALS[name]
    vault, _ = Vault.create(folder, USER, PASSPHRASE)
    try:
        store = CaseStore.without_audit_for_tests(vault.db, user=USER, clock=lambda: NOW)
        org = store.organisations.add(Organisation(name="Partner", services=("legal_aid",)))
        client = store.clients.register(ClientFacts(reference="CL-1"), None)
        case_id = store.cases.open(client, Signal(signal_date=OPENED))
        store.consents.record(_consent(client, org))
        referral = store.referrals.create(case_id, org, referral_type, created_on=CREATED)
        for status, days in events:
            on = CREATED + timedelta(days=days)
            if status == "sent":
                store.referrals.send(referral, on=on, override_reason=override)
            else:
                store.referrals.set_status(referral, status, on=on)
    except InputRejected as refusal:
        return refusal
    finally:
        vault.lock()
    return None


def _consent(client_id: int, org: int) -> Consent:
    return Consent(
        client_id=client_id,
        recipient_id=org,
        purposes=("legal_aid",),
        data_categories=("identity",),
        given_on=CREATED,
    )


def _referral_through_bulk(folder: Path, name: str) -> InputRejected | None:
    referral_type, events, override = REFERRALS[name]
    vault, _ = Vault.create(folder, USER, PASSPHRASE)
    try:
        org = OrganisationRepository(vault.db).add(
            Organisation(name="Partner", services=("legal_aid",))
        )
        dated = [(status, CREATED + timedelta(days=days)) for status, days in events]
        sent_on = next((on for status, on in dated if status == "sent"), None)
        referral = Referral(
            case_id=0,
            organisation_id=org,
            referral_type=referral_type,
            status=dated[-1][0],
            created_on=CREATED,
            sent_on=sent_on,
            override_reason=override,
        )
        case = NewCase(
            client=ClientFacts(reference="CL-1"),
            identity=None,
            facts=CaseFacts(),
            signals=[Signal(signal_date=OPENED)],
            phase_history=_history([]),
            consents=[_consent(0, org)],
            referrals=[NewReferral(referral, 0, dated)],
        )
        BulkWriter(vault.db, user=USER, now=NOW).write([case])
    except InputRejected as refusal:
        assert vault.db.scalar("SELECT count(*) FROM referrals") == 0
        return refusal
    finally:
        vault.lock()
    return None


@pytest.mark.parametrize("name", list(REFERRALS))
def test_referral_steps_refused_alike(tmp_path: Path, name: str) -> None:
    by_store = _referral_through_store(tmp_path / "store", name)
    by_bulk = _referral_through_bulk(tmp_path / "bulk", name)
    assert type(by_bulk) is type(by_store)
    if by_store is not None:
        assert by_bulk is not None and by_bulk.message == by_store.message
    assert (by_store is None) == name.startswith("allowed")


def test_consent_of_a_child_given_by_the_child_refused_alike(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "store", USER, PASSPHRASE)
    try:
        store = CaseStore.without_audit_for_tests(vault.db, user=USER, clock=lambda: NOW)
        org = store.organisations.add(Organisation(name="Partner", services=("legal_aid",)))
        child = ClientIdentity(birth_date=date(2012, 1, 1))
        client = store.clients.register(ClientFacts(reference="CL-1"), child)
        with pytest.raises(InputRejected) as by_store:
            store.consents.record(_consent(client, org))
    finally:
        vault.lock()
    vault, _ = Vault.create(tmp_path / "bulk", USER, PASSPHRASE)
    try:
        org = OrganisationRepository(vault.db).add(
            Organisation(name="Partner", services=("legal_aid",))
        )
        case = NewCase(
            client=ClientFacts(reference="CL-1"),
            identity=child,
            facts=CaseFacts(),
            signals=[Signal(signal_date=OPENED)],
            phase_history=_history([]),
            consents=[_consent(0, org)],
        )
        with pytest.raises(InputRejected) as by_bulk:
            BulkWriter(vault.db, user=USER, now=NOW).write([case])
    finally:
        vault.lock()
    assert by_bulk.value.message == by_store.value.message
