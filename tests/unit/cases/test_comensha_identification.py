"""The tracks beside the care phase that are not legal status (issue 15): the registration with
CoMensha and its consent rule, the identification route outside criminal law and its labels per
region, and the client's circumstances (the employer's name erased on anonymisation)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pydantic import ValidationError

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientCircumstances, ClientFacts, ClientIdentity
from carecoord.domain.comensha import ComenshaRegistration, covering_consents
from carecoord.domain.consent import Consent
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import ReflectionPeriod
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.store.audit import AuditEvent
from carecoord.store.case_store import CaseStore

D = date
MARCH = D(2025, 3, 1)
EMPLOYER = "Uitzendbureau Snel & Goedkoop BV"


def open_case(store: CaseStore, ref: str = "CL-1") -> tuple[int, int]:
    client = store.clients.register(
        ClientFacts(reference=ref, nationality="PL"),
        ClientIdentity(given_name="Jan", family_name="Kowalski", birth_date=D(1990, 1, 1)),
    )
    return client, store.cases.open(client, Signal(signal_date=D(2025, 1, 5)))


def consent(store: CaseStore, client: int, **changes: object) -> int:
    comensha = store.db.scalar("SELECT id FROM organisations WHERE name = 'CoMensha'")
    if comensha is None:
        comensha = store.organisations.add(Organisation(name="CoMensha", services=("other",)))
    base = Consent(
        client_id=client,
        recipient_id=int(comensha),
        purposes=("comensha_registration",),
        data_categories=("identity",),
        given_on=D(2025, 2, 1),
        valid_until=D(2025, 12, 31),
    )
    return store.consents.record(base.model_copy(update=changes))


def on_consent(consent_id: int | None, on: date = MARCH) -> ComenshaRegistration:
    return ComenshaRegistration(registered_on=on, basis="consent", consent_id=consent_id)


# -- CoMensha -----------------------------------------------------------------------------------
def test_registration_on_a_valid_consent_is_stored(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    client, case = open_case(store)
    given = consent(store, client)
    registration = on_consent(given).model_copy(
        update={"already_registered_by": "police", "migrated": True, "recorded_by": "someone"}
    )
    reg_id = store.comensha.register(case, registration)
    (stored,) = store.read.comensha(case)
    assert (stored.id, stored.basis, stored.consent_id) == (reg_id, "consent", given)
    assert stored.already_registered_by == "police"
    # Who recorded it is the store's user; 'migrated' belongs to the migration only.
    assert (stored.recorded_by, stored.migrated) == ("anna", False)
    assert store.read.case_file(case).comensha == (stored,)
    assert events[-1] == AuditEvent(
        "create", "comensha registration (consent)", case_id=case, client_id=client
    )


@pytest.mark.parametrize(
    ("changes", "on"),
    [
        ({"valid_until": D(2025, 2, 28)}, D(2025, 3, 1)),  # expired
        ({"withdrawn_on": D(2025, 2, 15)}, D(2025, 3, 1)),  # withdrawn
        ({"purposes": ("shelter",)}, D(2025, 3, 1)),  # another purpose
        ({}, D(2025, 1, 20)),  # not yet given
    ],
    ids=["expired", "withdrawn", "other purpose", "not yet given"],
)
def test_registration_on_a_consent_that_does_not_cover_it_is_refused(
    store: CaseStore, changes: dict[str, object], on: date
) -> None:
    client, case = open_case(store)
    given = consent(store, client, **changes)
    with pytest.raises(InputRejected, match="does not cover registration with CoMensha"):
        store.comensha.register(case, on_consent(given, on))
    assert store.read.comensha(case) == []


def test_another_clients_consent_never_covers(store: CaseStore) -> None:
    _client, case = open_case(store)
    other_client, _other_case = open_case(store, "CL-2")
    theirs = consent(store, other_client)
    with pytest.raises(InputRejected, match="does not cover"):
        store.comensha.register(case, on_consent(theirs))
    assert store.read.comensha(case) == []


def test_registration_on_consent_without_naming_one_is_refused(store: CaseStore) -> None:
    client, case = open_case(store)
    consent(store, client)  # a valid consent exists, but the registration must name it
    with pytest.raises(InputRejected, match="register anonymously"):
        store.comensha.register(case, on_consent(None))


def test_anonymous_registration_needs_no_consent_and_names_none(store: CaseStore) -> None:
    _client, case = open_case(store)
    anonymous = ComenshaRegistration(registered_on=D(2025, 1, 6), basis="anonymous")
    first = store.comensha.register(case, anonymous)
    second = store.comensha.register(
        case, anonymous.model_copy(update={"registered_on": D(2025, 1, 5)})
    )
    assert [r.id for r in store.read.comensha(case)] == [second, first]  # by date
    with pytest.raises(InputRejected, match="does not name a consent"):
        store.comensha.register(case, anonymous.model_copy(update={"consent_id": 1}))
    with pytest.raises(InputRejected, match="future"):
        store.comensha.register(case, anonymous.model_copy(update={"registered_on": D(2025, 7, 1)}))


def test_covering_consents_are_what_the_screen_offers(store: CaseStore) -> None:
    client, _case = open_case(store)
    good = consent(store, client)
    consent(store, client, purposes=("shelter",))
    consent(store, client, withdrawn_on=D(2025, 2, 10))
    offered = covering_consents(store.read.consents(client), D(2025, 3, 1))
    assert [c.id for c in offered] == [good]


def test_registration_survives_the_consent_being_erased(store: CaseStore) -> None:
    client, case = open_case(store)
    given = consent(store, client)
    store.comensha.register(case, on_consent(given))
    with store.db.transaction():
        store.db.execute("DELETE FROM consents WHERE id = ?", (given,))
    (stored,) = store.read.comensha(case)
    assert (stored.basis, stored.consent_id) == ("consent", None)


# -- identification outside criminal law --------------------------------------------------------
def test_identification_model_rules() -> None:
    with pytest.raises(ValidationError, match="only the MDT route"):
        IdentificationRoute(route="criminal_law", mdt_requested_on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="meeting cannot precede the request"):
        IdentificationRoute(
            route="mdt", mdt_requested_on=D(2025, 2, 1), mdt_meeting_on=D(2025, 1, 1)
        )
    with pytest.raises(ValidationError, match="needs its date"):
        IdentificationRoute(route="mdt", mdt_advice="plausible")
    with pytest.raises(ValidationError, match="needs its date"):
        IdentificationRoute(route="mdt", mdt_advice="pending", mdt_advice_on=D(2025, 3, 1))
    with pytest.raises(ValidationError, match="advice cannot precede the meeting"):
        IdentificationRoute(
            route="mdt",
            mdt_meeting_on=D(2025, 3, 1),
            mdt_advice="not_plausible",
            mdt_advice_on=D(2025, 2, 1),
        )
    with pytest.raises(ValidationError, match="identification_route"):
        IdentificationRoute(route="police")
    IdentificationRoute(route="mdt", mdt_requested_on=D(2025, 1, 1), mdt_advice="pending")


def test_identification_route_set_and_replaced(store: CaseStore, events: list[AuditEvent]) -> None:
    _client, case = open_case(store)
    assert store.read.identification(case) is None
    store.identification.set_route(
        case,
        IdentificationRoute(
            route="mdt", mdt_requested_on=D(2025, 2, 1), mdt_meeting_on=D(2025, 7, 1)
        ),
    )
    planned = store.read.identification(case)
    assert planned is not None and planned.mdt_meeting_on == D(2025, 7, 1)  # planned ahead
    advice = IdentificationRoute(
        route="mdt",
        mdt_requested_on=D(2025, 2, 1),
        mdt_meeting_on=D(2025, 3, 1),
        mdt_advice="plausible",
        mdt_advice_on=D(2025, 3, 8),
    )
    store.identification.set_route(case, advice)
    stored = store.read.identification(case)
    assert stored is not None
    assert stored.model_dump(exclude={"recorded_by", "recorded_at"}) == advice.model_dump(
        exclude={"recorded_by", "recorded_at"}
    )
    assert stored.recorded_by == "anna"
    assert store.read.case_file(case).identification == stored
    assert store.db.scalar("SELECT count(*) FROM identification_routes") == 1
    assert [e.detail for e in events[-2:]] == [
        "identification route mdt",
        "identification route mdt (plausible)",
    ]
    with pytest.raises(InputRejected, match="future"):
        store.identification.set_route(
            case, IdentificationRoute(route="mdt", mdt_requested_on=D(2025, 6, 16))
        )
    assert store.read.identification(case) == stored


def test_identification_labels_per_region_codes_fixed(store: CaseStore) -> None:
    assert store.settings.identification_labels() == {}
    store.settings.set_identification_labels(
        {"mdt": "  MDT-toets   Zorg en Veiligheidshuis ", "none": ""}
    )
    assert store.settings.identification_labels() == {"mdt": "MDT-toets Zorg en Veiligheidshuis"}
    with pytest.raises(InputRejected, match="Unknown identification routes: police"):
        store.settings.set_identification_labels({"police": "Politie"})
    with pytest.raises(InputRejected, match="at most 100"):
        store.settings.set_identification_labels({"mdt": "x" * 101})
    with pytest.raises(InputRejected, match="control character"):
        store.settings.set_identification_labels({"mdt": "MDT\x07"})
    assert store.settings.identification_labels() == {"mdt": "MDT-toets Zorg en Veiligheidshuis"}
    store.settings.set_identification_labels({})
    assert store.settings.identification_labels() == {}


# -- the client's circumstances -----------------------------------------------------------------
def test_circumstances_round_trip_and_survive_an_identity_update(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    client, case = open_case(store)
    assert store.read.circumstances(client) == ClientCircumstances()
    found = ClientCircumstances(
        labour_migrant=True,
        housing_tied_to_employer="yes",
        residence_registration="rni",
        employer=f"  {EMPLOYER} ",
    )
    store.clients.set_circumstances(client, found)
    assert store.read.circumstances(client) == found
    assert store.read.circumstances(client).employer == EMPLOYER
    assert store.read.case_file(case).client.circumstances == found
    # Correcting the identity keeps the employer (it shares the identity's row).
    store.clients.update_identity(client, ClientIdentity(given_name="Janek"))
    store.clients.rectify_identity(client, ClientIdentity(given_name="Jan"))
    assert store.read.circumstances(client) == found
    # A minor's custody; no longer a labour migrant: the coded facts are replaced, not merged.
    minor = ClientCircumstances(custody="nidos", labour_migrant=False)
    store.clients.set_circumstances(client, minor)
    assert store.read.circumstances(client) == minor
    assert EMPLOYER not in " ".join(e.detail for e in events)
    with pytest.raises(ValidationError, match="custody"):
        ClientCircumstances(custody="aunt")


def test_employer_erased_on_anonymisation_and_coded_facts_kept(store: CaseStore) -> None:
    client, case = open_case(store)
    store.clients.set_circumstances(
        client,
        ClientCircumstances(labour_migrant=True, residence_registration="brp", employer=EMPLOYER),
    )
    store.clients.anonymise(client)
    assert store.read.circumstances(client) == ClientCircumstances(
        labour_migrant=True, residence_registration="brp"
    )
    assert store.db.scalar("SELECT count(*) FROM client_identity WHERE employer IS NOT NULL") == 0
    # Without an identity there is nowhere to keep an employer's name.
    with pytest.raises(InputRejected, match="kept with the client's identity"):
        store.clients.set_circumstances(client, ClientCircumstances(employer=EMPLOYER))
    store.clients.set_circumstances(client, ClientCircumstances(labour_migrant=False))
    assert store.read.circumstances(client).labour_migrant is False
    assert store.read.case_file(case).client.identity is None


# -- the access log learns codes, never words ---------------------------------------------------
CODES_ONLY = re.compile(r"[a-z_]+( [a-z_]+| ->| \([a-z_]+\))*")


def test_every_event_of_the_new_tracks_holds_codes_only(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    client, case = open_case(store)
    events.clear()
    store.clients.set_circumstances(client, ClientCircumstances(employer=EMPLOYER))
    store.comensha.register(case, ComenshaRegistration(registered_on=MARCH, basis="anonymous"))
    store.identification.set_route(
        case, IdentificationRoute(route="mdt", mdt_advice="plausible", mdt_advice_on=MARCH)
    )
    store.legal.save_reflection(case, ReflectionPeriod(started_on=MARCH))
    store.legal.set_reflection_outcome(case, "withdrawn", D(2025, 3, 20))
    permit = store.legal.record_granted_permit(
        case, ground="cannot_cooperate", granted_on=D(2025, 4, 1), valid_until=D(2026, 4, 1)
    )
    store.legal.end_permit(permit, D(2025, 5, 1))
    store.pathway.change_phase(
        case,
        "closed",
        on=D(2025, 6, 1),
        reason="Client went home to Gdansk",
        closure_reason="returned_origin",
    )
    assert len(events) == 8
    for event in events:
        assert CODES_ONLY.fullmatch(event.detail), event.detail
        assert event.case_id in (None, case) and event.client_id == client
    assert events[-1].detail == "phase signalled -> closed (returned_origin)"
