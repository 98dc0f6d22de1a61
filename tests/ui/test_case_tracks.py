"""Issue 15 in the case view: the header shows the four tracks side by side (care phase, legal
status, CoMensha, identification route), the CoMensha dialog offers only the anonymous
registration without a valid consent, a COSM placement goes to CoMensha, the legal dialogs keep
the bedenktijd within three months, and the client's circumstances are shown and saved.

Real vault, real Qt (offscreen); the store is written directly only to set the scene."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QWidget

from carecoord import i18n
from carecoord.domain.case import CaseSummary
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.consent import Consent
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import ReflectionPeriod, reflection_end
from carecoord.store.organisations import new_partner
from carecoord.workspace import open_store
from tests.ui.test_coordinator_day import (
    _field,
    _idle,
    _open_dialog,
    _submit,
    assert_header_fits,
)
from tests.ui.test_form_traps import _core, _new_case
from tests.ui.test_unlock_flow import _create
from ui.dialogs.comensha import ComenshaDialog
from ui.main_window import MainWindow
from ui.track_texts import phase_text
from ui.widgets import format_date

TODAY = date.today()


def _shown(qtbot, window: MainWindow) -> dict[str, str]:  # type: ignore[no-untyped-def]
    view = window.workspace.cases.view
    view.reload()
    _idle(qtbot, window)
    return view.tracks.texts()


def _partner(qtbot, window: MainWindow, name: str, *services: str) -> int:  # type: ignore[no-untyped-def]
    return int(
        _core(  # type: ignore[arg-type]
            qtbot,
            window,
            lambda v: open_store(v).organisations.add(new_partner(name=name, services=services)),
        )
    )


def _codes(combo) -> list[object]:  # type: ignore[no-untyped-def]
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_header_shows_each_track(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    view = window.workspace.cases.view
    assert view.tracks.texts() == {
        "phase": f"Signalled since {format_date(TODAY - timedelta(days=40))}",
        "legal": "None",  # an EU or Dutch client: the legal track stays empty
        "comensha": "Not registered",
        "identification": "Not recorded",
    }

    start = TODAY - timedelta(days=20)
    _core(
        qtbot,
        window,
        lambda v: open_store(v).legal.save_reflection(case_id, ReflectionPeriod(started_on=start)),
    )
    assert _shown(qtbot, window)["legal"] == (
        f"Reflection period until {format_date(reflection_end(start))}"
    )
    _core(
        qtbot,
        window,
        lambda v: open_store(v).legal.record_granted_permit(
            case_id,
            ground="report_filed",
            granted_on=TODAY - timedelta(days=2),
            valid_until=TODAY + timedelta(days=360),
        ),
    )
    _core(
        qtbot,
        window,
        lambda v: open_store(v).comensha.register(
            case_id,
            ComenshaRegistration(registered_on=TODAY - timedelta(days=5), basis="anonymous"),
        ),
    )
    _core(
        qtbot,
        window,
        lambda v: open_store(v).identification.set_route(
            case_id,
            IdentificationRoute(
                route="mdt",
                mdt_requested_on=TODAY - timedelta(days=9),
                mdt_meeting_on=TODAY - timedelta(days=4),
            ),
        ),
    )
    shown = _shown(qtbot, window)
    assert shown["legal"] == (
        "Residence permit for trafficking victims (B8/3) granted, valid until"
        f" {format_date(TODAY + timedelta(days=360))}, ground: report filed"
    )
    assert shown["comensha"] == (
        f"Registered with CoMensha on {format_date(TODAY - timedelta(days=5))} (anonymous)"
    )
    assert shown["identification"] == (
        "Multidisciplinary assessment (MDT): meeting on"
        f" {format_date(TODAY - timedelta(days=4))}, advice pending"
    )
    # The region's own name for a route (settings) replaces the code list's.
    _core(
        qtbot,
        window,
        lambda v: open_store(v).settings.set_identification_labels({"mdt": "MDT-pilot Oost"}),
    )
    assert _shown(qtbot, window)["identification"].startswith("MDT-pilot Oost: meeting on")
    # Each track has its history on the timeline.
    timeline = [view.overview.events.item(i).text() for i in range(view.overview.events.count())]
    for step in (
        "Reflection period started",
        "B8/3 permit granted (report filed)",
        "Registered with CoMensha (anonymous)",
        "MDT requested",
        "MDT meeting",
    ):
        assert any(step in line for line in timeline), step
    assert_header_fits(qtbot, window)


@pytest.mark.parametrize(
    ("language", "migrated", "chosen"),
    [
        ("en", "Closed on 1 Mar 2025: other (migrated)", "Closed on 1 Mar 2025: pathway completed"),
        (
            "nl",
            "Afgesloten op 1 mrt 2025: overig (gemigreerd)",
            "Afgesloten op 1 mrt 2025: traject afgerond",
        ),
    ],
)
def test_a_closed_case_shows_its_reason_and_a_migrated_one_says_so(
    language: str, migrated: str, chosen: str
) -> None:
    summary = CaseSummary(
        id=1,
        reference="Z-1",
        client_id=1,
        client_reference="CL-1",
        display_name="X",
        phase="closed",
        phase_since=date(2025, 3, 1),
        opened_on=date(2024, 1, 2),
        closed_on=date(2025, 3, 1),
        closure_reason="other",
        closure_migrated=True,
        municipality=None,
        exploitation_forms=(),
        next_deadline=None,
    )
    i18n.set_language(language)
    try:
        assert phase_text(summary) == migrated
        completed = summary.model_copy(
            update={"closure_reason": "completed", "closure_migrated": False}
        )
        assert phase_text(completed) == chosen
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_the_comensha_dialog_offers_only_anonymous_without_a_valid_consent(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    view = window.workspace.cases.view
    comensha = _partner(qtbot, window, "CoMensha", "cosm_placement")
    client_id = view.case.summary.client_id  # type: ignore[union-attr]

    dialog = view.comensha.register()
    assert isinstance(dialog, ComenshaDialog)
    assert _codes(dialog.basis) == [None, "anonymous"]
    assert dialog.basis.code() is None  # still a choice the coordinator makes
    assert not dialog.consent.isVisibleTo(dialog)
    assert dialog.note.isVisibleTo(dialog) and "anonymous" in dialog.note.text()
    dialog.discard()

    # A consent for another purpose does not cover the registration.
    def consent(purposes: tuple[str, ...], given_on: date, **more: object) -> Consent:
        return Consent(
            client_id=client_id,
            recipient_id=comensha,
            purposes=purposes,
            data_categories=("identity",),
            given_on=given_on,
            **more,  # type: ignore[arg-type]
        )

    _core(
        qtbot,
        window,
        lambda v: open_store(v).consents.record(consent(("shelter",), TODAY - timedelta(days=30))),
    )
    _shown(qtbot, window)
    dialog = view.comensha.register()
    assert _codes(dialog.basis) == [None, "anonymous"]
    dialog.discard()

    given = TODAY - timedelta(days=10)
    consent_id = _core(
        qtbot,
        window,
        lambda v: open_store(v).consents.record(consent(("comensha_registration",), given)),
    )
    _shown(qtbot, window)
    dialog = view.comensha.register()
    assert _codes(dialog.basis) == [None, "consent", "anonymous"]
    assert not dialog.note.isVisibleTo(dialog)
    # Before the consent was given only the anonymous registration is possible.
    dialog.on.set_value(given - timedelta(days=1))
    assert _codes(dialog.basis) == [None, "anonymous"]
    dialog.on.set_value(TODAY)
    dialog.basis.set_code("consent")
    assert dialog.consent.isVisibleTo(dialog)
    assert _codes(dialog.consent) == [None, consent_id]
    dialog.already.set_code("police")
    dialog.submit()
    assert "Consent" in dialog.error.text()  # the consent itself is still to be chosen
    dialog.consent.set_value(consent_id)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    _idle(qtbot, window)
    saved = view.case.comensha  # type: ignore[union-attr]
    assert [(r.basis, r.consent_id, r.already_registered_by) for r in saved] == [
        ("consent", consent_id, "police")
    ]
    assert view.tracks.comensha.text() == (
        f"Registered with CoMensha on {format_date(TODAY)} (with consent)"
    )
    assert "already registered by police" in view.comensha.list.item(0).text()

    # Withdrawn: only anonymous again.
    _core(
        qtbot,
        window,
        lambda v: open_store(v).consents.withdraw(int(consent_id), TODAY),  # type: ignore[call-overload]
    )
    _shown(qtbot, window)
    dialog = view.comensha.register()
    dialog.on.set_value(TODAY + timedelta(days=1))
    assert _codes(dialog.basis) == [None, "anonymous"]
    dialog.discard()


def test_a_cosm_placement_goes_to_comensha(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    view = window.workspace.cases.view
    shelter = _partner(qtbot, window, "Vrouwenopvang De Haven", "shelter")
    view.referrals.new_referral()
    _idle(qtbot, window)
    dialog = _open_dialog()
    kind = _field(dialog, "Type")
    org = _field(dialog, "Organisation")
    kind.set_code("cosm_placement")  # type: ignore[attr-defined]
    # No CoMensha in the directory: the form says what to do, and cannot be saved.
    assert _codes(org) == [None]
    notes = [w for w in dialog.findChildren(type(dialog.error)) if "CoMensha" in w.text()]
    assert notes and notes[0].isVisibleTo(dialog)
    dialog.discard()

    comensha = _partner(qtbot, window, "CoMensha", "cosm_placement")
    view.referrals.new_referral()
    _idle(qtbot, window)
    dialog = _open_dialog()
    kind, org = _field(dialog, "Type"), _field(dialog, "Organisation")
    assert org.value() is None  # type: ignore[attr-defined]
    kind.set_code("cosm_placement")  # type: ignore[attr-defined]
    assert _codes(org) == [None, comensha] and org.value() == comensha  # type: ignore[attr-defined]
    kind.set_code("shelter")  # type: ignore[attr-defined]
    assert set(_codes(org)) == {None, comensha, shelter}
    kind.set_code("cosm_placement")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    referral = view.case.referrals[0]  # type: ignore[union-attr]
    assert (referral.referral_type, referral.organisation_id) == ("cosm_placement", comensha)


def test_the_bedenktijd_lasts_at_most_three_months_and_permits_are_followed(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    view = window.workspace.cases.view
    start = TODAY - timedelta(days=30)
    dialog = view.legal.reflection.record_reflection()
    _field(dialog, "Start").set_value(start)  # type: ignore[attr-defined]
    _field(dialog, "End (empty: three months after the start)").set_value(  # type: ignore[attr-defined]
        reflection_end(start) + timedelta(days=1)
    )
    dialog.submit()
    assert "at most three months" in dialog.error.text()
    _field(dialog, "End (empty: three months after the start)").set_value(None)  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case.reflection.end == reflection_end(start)  # type: ignore[union-attr]

    # The choice after the bedenktijd is kept when the bedenktijd is corrected later.
    dialog = view.legal.reflection.record_outcome()
    assert dialog is not None
    assert "pending" not in _codes(_field(dialog, "Choice"))
    _field(dialog, "Choice").set_code("report_filed")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    dialog = view.legal.reflection.record_reflection()
    _field(dialog, "IND informed on").set_value(start)  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    reflection = view.case.reflection  # type: ignore[union-attr]
    assert (reflection.outcome, reflection.ind_informed_on) == ("report_filed", start)
    assert view.tracks.legal.text() == (
        f"Choice after the reflection period: report filed ({format_date(TODAY)})"
    )

    # Applied for, then granted: the grant goes to the permit applied for.
    dialog = view.legal.permits.apply()
    _field(dialog, "Ground").set_code("report_filed")  # type: ignore[attr-defined]
    _field(dialog, "Applied for on").set_value(TODAY - timedelta(days=20))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert "applied for on" in view.tracks.legal.text()
    dialog = view.legal.permits.grant()
    assert dialog.windowTitle() == "Residence permit granted"
    assert not [w for w in dialog.findChildren(QWidget) if w.accessibleName() == "Ground"]
    _field(dialog, "Granted on").set_value(TODAY - timedelta(days=1))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    permits = view.case.permits  # type: ignore[union-attr]
    assert len(permits) == 1 and permits[0].state == "granted"
    assert permits[0].applied_on == TODAY - timedelta(days=20)
    assert view.tracks.legal.text().startswith(
        "Residence permit for trafficking victims (B8/3) granted, valid until"
    )
    lines = [view.legal.permits.list.item(i).text() for i in range(view.legal.permits.list.count())]
    assert any("granted on" in line for line in lines) and any(
        "applied for on" in line for line in lines
    )


def test_client_circumstances_in_the_overview(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window)
    view = window.workspace.cases.view
    dialog = view.overview.edit_circumstances()
    # An adult (no age known): custody is not asked.
    assert not dialog.custody.isVisibleTo(dialog)
    dialog.labour_migrant.set_code("yes")
    dialog.housing.set_code("yes")
    dialog.registration.set_code("rni")
    dialog.employer.setText("Uitzendbureau Voorbeeld")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    _idle(qtbot, window)
    c = view.case.client.circumstances  # type: ignore[union-attr]
    assert (c.labour_migrant, c.housing_tied_to_employer, c.residence_registration) == (
        True,
        "yes",
        "rni",
    )
    assert c.employer == "Uitzendbureau Voorbeeld"
    values = {k: v.text() for k, v in view.overview.circumstance_values.items()}
    assert values["labour_migrant"] == "yes" and values["registration"] == "registered in the RNI"
    assert values["employer"] == "Uitzendbureau Voorbeeld"
    assert not view.overview.circumstance_values["custody"].isVisibleTo(view.overview)


def test_the_region_names_its_identification_routes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    _core(
        qtbot,
        window,
        lambda v: open_store(v).identification.set_route(case_id, IdentificationRoute(route="mdt")),
    )
    ws = window.workspace
    ws.show_page("Settings")
    _idle(qtbot, window)
    settings = ws.settings_area.vault
    settings.edit_route_names()
    _idle(qtbot, window)
    dialog = settings.route_names_dialog
    assert dialog is not None and len(dialog.inputs) == 3
    mdt = _field(dialog, "multidisciplinary assessment (MDT)")
    assert mdt.text() == "" and mdt.placeholderText() == "multidisciplinary assessment (MDT)"  # type: ignore[attr-defined]
    mdt.setText("Beoordeling Pilot Oost")  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    _idle(qtbot, window)
    ws.open_case(case_id)
    view = ws.cases.view
    qtbot.waitUntil(
        lambda: view.tracks.identification.text().startswith("Beoordeling"), timeout=10_000
    )
    assert view.tracks.identification.text() == "Beoordeling Pilot Oost: not requested yet"
    assert view.identification.list.item(0).text() == "Route: Beoordeling Pilot Oost"
    # The route dialog offers the region's name; the code stays the same.
    route = view.identification.set_route()
    assert route.route.currentText() == "Beoordeling Pilot Oost" and route.route.code() == "mdt"
    route.discard()
