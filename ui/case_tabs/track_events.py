"""The dated steps of the tracks beside the care phase, for the case's timeline: the bedenktijd,
the B8/3 permits, the CoMensha registrations and the identification route."""

from __future__ import annotations

from datetime import date

from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _
from ui.track_texts import first_upper
from ui.widgets import code_label

Event = tuple[date, str]


def legal_events(case: CaseFile) -> list[Event]:
    events: list[Event] = []
    r = case.reflection
    if r is not None:
        if r.offered_on is not None:
            events.append((r.offered_on, _("Reflection period offered")))
        if r.ind_informed_on is not None:
            events.append((r.ind_informed_on, _("IND informed of the reflection period")))
        events.append((r.started_on, _("Reflection period started")))
        if r.outcome_on is not None:
            events.append(
                (
                    r.outcome_on,
                    _("Choice after the reflection period: %(outcome)s")
                    % {"outcome": code_label("reflection_outcome", r.outcome)},
                )
            )
    for p in case.permits:
        ground = code_label("permit_ground", p.ground)
        if p.applied_on is not None:
            events.append((p.applied_on, _("B8/3 permit applied for (%(g)s)") % {"g": ground}))
        if p.granted_on is not None:
            events.append((p.granted_on, _("B8/3 permit granted (%(g)s)") % {"g": ground}))
        for renewal in p.renewals:
            events.append((renewal.renewed_on, _("B8/3 permit renewed")))
        if p.rejected_on is not None:
            events.append((p.rejected_on, _("B8/3 permit rejected")))
        if p.ended_on is not None:
            events.append((p.ended_on, _("B8/3 permit ended")))
        if p.continued_applied_on is not None:
            events.append((p.continued_applied_on, _("Continued residence applied for")))
        if p.continued_outcome is not None and p.continued_decided_on is not None:
            events.append(
                (
                    p.continued_decided_on,
                    first_upper(code_label("continued_residence", p.continued_outcome)),
                )
            )
    return events


def registration_events(case: CaseFile) -> list[Event]:
    events: list[Event] = []
    for reg in case.comensha:
        basis = _("with consent") if reg.basis == "consent" else _("anonymous")
        events.append(
            (reg.registered_on, _("Registered with CoMensha (%(basis)s)") % {"basis": basis})
        )
    route = case.identification
    if route is not None:
        if route.mdt_requested_on is not None:
            events.append((route.mdt_requested_on, _("MDT requested")))
        if route.mdt_meeting_on is not None:
            events.append((route.mdt_meeting_on, _("MDT meeting")))
        if route.mdt_advice_on is not None and route.mdt_advice is not None:
            events.append(
                (
                    route.mdt_advice_on,
                    _("MDT advice: %(advice)s")
                    % {"advice": code_label("mdt_advice", route.mdt_advice)},
                )
            )
    return events
