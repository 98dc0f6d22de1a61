"""The register of risk locations, controls and links (issue 18) over a real vault."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from carecoord.audit.integrations import store_sink
from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts
from carecoord.domain.location import LocationControl, RiskLocation
from carecoord.errors import InputRejected
from carecoord.retention import Retention
from carecoord.store.audit import AuditEvent
from carecoord.store.case_store import CaseStore
from carecoord.store.retention_repository import RetentionRules
from tests.conftest import VaultFixture

PARK = RiskLocation(
    name="Vakantiepark De Eik",
    location_type="holiday_park",
    municipality="GM0363",
    address="Eikenlaan 1",
    sector="agriculture",
    indicators=("many_registered", "housing_tied_to_employer"),
    first_seen=date(2024, 3, 1),
    last_seen=date(2025, 5, 1),
)


def _control(location_id: int, **kw: object) -> LocationControl:
    values: dict[str, object] = {
        "location_id": location_id,
        "control_date": date(2025, 6, 1),
        "control_by": "joint",
        "reason": "signaal van een buurman",
        "outcome": "indication_exploitation",
        "follow_ups": ("signal_made",),
    }
    values.update(kw)
    return LocationControl.model_validate(values)


def test_a_location_is_stored_read_and_changed_and_each_step_is_logged_without_its_name(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    location_id = store.locations.add(PARK)
    got = store.locations.get(location_id)
    assert got.model_dump(exclude={"id", "reference"}) == PARK.model_dump(
        exclude={"id", "reference"}
    )
    assert got.reference == "RL-0001"
    store.locations.update(got.model_copy(update={"status": "closed"}))
    closed = store.locations.get(location_id)
    assert closed.status == "closed"
    assert closed.closed_on == date(2025, 6, 15)  # the store's clock: the day it was closed
    assert [e.action for e in events] == ["create", "read", "update", "read"]
    assert all("Eik" not in e.detail for e in events)
    assert all(str(location_id) in e.detail for e in events)


def test_the_model_refuses_bad_codes_and_dates_without_repeating_the_name() -> None:
    with pytest.raises(ValidationError) as bad:
        RiskLocation.model_validate(
            {**PARK.model_dump(), "indicators": ("no_such_sign",), "name": "Geheime Naam"}
        )
    assert "Geheime Naam" not in str(bad.value)
    with pytest.raises(ValidationError):
        PARK.model_validate({**PARK.model_dump(), "last_seen": date(2024, 1, 1)})
    with pytest.raises(ValidationError):
        _control(1, follow_ups=("none", "referral"))
    with pytest.raises(ValidationError):
        _control(1, control_by="citizen")  # a signaller, but not one who controls


def test_a_control_moves_last_seen_and_the_dossier_shows_signals_controls_and_cases(
    store: CaseStore,
) -> None:
    location_id = store.locations.add(PARK)
    store.locations.record_control(_control(location_id))
    assert store.locations.get(location_id).last_seen == date(2025, 6, 1)
    client = store.clients.register(ClientFacts(reference="CL-1"), None)
    case_id = store.cases.open(client, Signal(signal_date=date(2025, 2, 1), municipality="GM0363"))
    anonymous = store.signals.add(Signal(signal_date=date(2025, 3, 1), signaller="citizen"))
    store.signals.set_location(anonymous, location_id)
    store.locations.link_case(case_id, location_id)
    store.locations.link_case(case_id, location_id)  # twice is once
    dossier = store.locations.dossier(location_id)
    assert [s.signal_id for s in dossier.signals] == [anonymous]
    assert dossier.signals[0].case_reference is None
    assert [c.outcome for c in dossier.controls] == ["indication_exploitation"]
    reference = store.db.scalar("SELECT reference FROM cases WHERE id = ?", (case_id,))
    assert dossier.case_references == (reference,)
    [line] = store.locations.register(municipality="GM0363")
    assert (line.signals, line.controls, line.cases) == (1, 1, 1)
    assert store.locations.register(location_type="horeca") == []
    assert [loc.id for loc in store.locations.of_case(case_id)] == [location_id]
    store.locations.unlink_case(case_id, location_id)
    assert store.locations.dossier(location_id).case_references == ()


def test_a_case_is_unlinked_with_an_access_log_entry(
    store: CaseStore, events: list[AuditEvent]
) -> None:
    """Unlinking undoes a link: logged like the link (the location by its id, the case and its
    client), counted for the case view; a link that is not there is refused and not logged."""
    location_id = store.locations.add(PARK)
    other = store.locations.add(PARK.model_copy(update={"name": "Camping De Beuk"}))
    client = store.clients.register(ClientFacts(reference="CL-1"), None)
    case_id = store.cases.open(client, Signal(signal_date=date(2025, 2, 1), municipality="GM0363"))
    store.locations.link_case(case_id, location_id)
    store.locations.link_case(case_id, other)
    assert store.locations.links_of_case(case_id) == 2
    events.clear()
    store.locations.unlink_case(case_id, location_id)
    assert [(e.action, e.detail, e.case_id, e.client_id) for e in events] == [
        ("update", f"case unlinked from risk location {location_id}", case_id, client)
    ]
    assert [loc.id for loc in store.locations.of_case(case_id)] == [other]
    assert store.locations.links_of_case(case_id) == 1
    events.clear()
    with pytest.raises(InputRejected, match="not linked"):
        store.locations.unlink_case(case_id, location_id)
    assert events == []
    assert store.locations.links_of_case(case_id) == 1


def test_refusals_name_what_is_wrong(store: CaseStore) -> None:
    with pytest.raises(InputRejected, match="no risk location"):
        store.locations.record_control(_control(99))
    location_id = store.locations.add(PARK)
    with pytest.raises(InputRejected, match="future"):
        store.locations.record_control(_control(location_id, control_date=date(2025, 7, 1)))
    with pytest.raises(InputRejected, match="future"):
        store.locations.add(PARK.model_copy(update={"last_seen": date(2026, 1, 1)}))
    with pytest.raises(InputRejected, match="already exists"):
        store.locations.add(PARK.model_copy(update={"reference": "RL-0001"}))
    signal = store.signals.add(Signal(signal_date=date(2025, 3, 1)))
    with pytest.raises(InputRejected, match="no risk location"):
        store.signals.set_location(signal, 99)


def test_retention_keeps_a_watched_location_and_destroys_a_closed_one_after_its_period(
    vault_fx: VaultFixture,
) -> None:
    vault = vault_fx.vault
    store = CaseStore(
        vault.db,
        user="anna",
        audit=store_sink(vault),
        clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC),
    )
    watched = store.locations.add(PARK)
    closed = store.locations.add(PARK.model_copy(update={"status": "closed"}))
    store.locations.record_control(_control(closed, control_date=date(2025, 5, 2)))
    signal = store.signals.add(Signal(signal_date=date(2025, 3, 1)))
    store.signals.set_location(signal, closed)
    # Last seen 2 May 2025 (the control): due on 2 May 2030 with the default of five years.
    early = Retention(vault, clock=lambda: datetime(2030, 5, 1, tzinfo=UTC))
    assert early.due_locations() == []
    late = Retention(vault, clock=lambda: datetime(2030, 5, 2, tzinfo=UTC))
    assert [d.location_id for d in late.due_locations()] == [closed]
    # The app's review confirms cases (and locations) by name: a location it did not list stays.
    assert late.apply(vacuum=False, only=[]).locations_destroyed == ()
    assert late.apply(vacuum=False, only=[], locations=[watched]).locations_destroyed == ()
    assert vault.db.scalar("SELECT count(*) FROM risk_locations") == 2
    result = late.apply(vacuum=False, only=[], locations=[closed])
    assert result.locations_destroyed == (closed,)
    assert vault.db.scalar("SELECT count(*) FROM risk_locations") == 1
    assert vault.db.scalar("SELECT count(*) FROM location_controls") == 0
    assert vault.db.scalar("SELECT location_id FROM signals WHERE id = ?", (signal,)) is None
    assert store.locations.get(watched).status == "watch"


def test_the_closed_location_period_is_a_setting(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    service = Retention(vault, clock=lambda: datetime(2027, 6, 1, tzinfo=UTC))
    store = CaseStore.without_audit_for_tests(
        vault.db, user="anna", clock=lambda: datetime(2025, 6, 15, tzinfo=UTC)
    )
    closed = store.locations.add(PARK.model_copy(update={"status": "closed"}))
    assert service.due_locations() == []
    service.set_rules(RetentionRules(closed_location_years=2))
    assert [d.location_id for d in service.due_locations()] == [closed]
    assert service.rules().closed_location_years == 2
