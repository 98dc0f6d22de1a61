"""The screenshots of issue 15's tracks (``python -m ui.screenshots``): a case whose header
shows every track, a closed one, a client in a COSM during the bedenktijd, and the dialogs of
the tracks. Fills the throw-away demo vault only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from carecoord.workspace import open_store


def showcase(store: object, case_ids: list[int], *, closed: bool) -> int | None:
    """A case whose header shows every track (a permit, a CoMensha registration, a route), open
    or closed; None when the demo has none."""
    from carecoord.store.case_store import CaseStore

    assert isinstance(store, CaseStore)
    files = [store.read.case_file(case_id) for case_id in case_ids[:60]]
    fitting = [
        case
        for case in files
        if (case.summary.phase == "closed") == closed
        and case.permits
        and case.comensha
        and case.identification is not None
    ]
    # A permit in force says most about the legal track; any permit will do otherwise.
    running = [c for c in fitting if c.permits[-1].state in ("granted", "renewed")]
    chosen = running or fitting
    return chosen[0].id if chosen else None


def closed_showcase(vault: object) -> int | None:
    from carecoord.store.case_list import CaseQuery

    store = open_store(vault)  # type: ignore[arg-type]
    rows = store.cases.page(CaseQuery(phases=("closed",), limit=200)).rows
    return showcase(store, [r.id for r in rows], closed=True)


def cosm_during_bedenktijd(vault: object) -> int:
    """A new client in a COSM shelter for three weeks, the bedenktijd running, registered with
    CoMensha on her consent (the scene of the issue 15 header shot); returns the case."""
    from datetime import timedelta

    from carecoord.domain.case import Signal
    from carecoord.domain.client import ClientFacts, ClientIdentity
    from carecoord.domain.comensha import ComenshaRegistration
    from carecoord.domain.consent import Consent
    from carecoord.domain.legal import ReflectionPeriod
    from carecoord.domain.support import ShelterStay

    store = open_store(vault)  # type: ignore[arg-type]
    today = date.today()
    signalled, start = today - timedelta(days=24), today - timedelta(days=21)
    client_id = store.clients.register(
        ClientFacts(reference="DEMO-COSM-1", gender="female", nationality="NG"),
        ClientIdentity(given_name="Amara", family_name="Voorbeeld"),  # fictitious
    )
    case_id = store.cases.open(
        client_id,
        Signal(
            signal_date=signalled,
            signaller="police",
            exploitation_forms=("sexual",),
            municipality="GM0363",
            sector="unlicensed",
        ),
    )
    store.pathway.change_phase(case_id, "shelter", on=start, reason="Demo: geplaatst in COSM")
    store.support.add_shelter_stay(case_id, ShelterStay(shelter_type="cosm", started_on=start))
    store.legal.save_reflection(
        case_id, ReflectionPeriod(offered_on=start, offered_by="police", started_on=start)
    )
    comensha = next(o.id for o in store.organisations.all() if "cosm_placement" in o.services)
    assert comensha is not None
    consent_id = store.consents.record(
        Consent(
            client_id=client_id,
            recipient_id=comensha,
            purposes=("cosm_placement", "comensha_registration"),
            data_categories=("identity",),
            given_on=signalled,
        )
    )
    store.comensha.register(
        case_id,
        ComenshaRegistration(
            registered_on=start + timedelta(days=2),
            basis="consent",
            consent_id=consent_id,
            already_registered_by="police",
        ),
    )
    return case_id


def track_dialog_shots(view: object, dialog_shot: Callable[..., None]) -> None:
    """Issue 15's dialogs on the shown case: the bedenktijd, registration with CoMensha, the
    identification route and the client's circumstances."""
    from ui.case_view import CaseView

    assert isinstance(view, CaseView)
    view.tabs.setCurrentWidget(view.legal)
    dialog_shot("45-bedenktijd", view.legal.reflection.record_reflection())
    view.tabs.setCurrentWidget(view.comensha)
    dialog_shot("46-comensha-register", view.comensha.register())
    view.tabs.setCurrentWidget(view.identification)
    dialog_shot("48-identification-route", view.identification.set_route())
    view.tabs.setCurrentIndex(0)
    dialog_shot("49-client-circumstances", view.overview.edit_circumstances())
