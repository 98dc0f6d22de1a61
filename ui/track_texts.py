"""One line for each track of a case, as the case header and the case list show it (issue 15).

The care phase, the legal status (bedenktijd, B8/3 permit), the CoMensha registration and the
identification route are four tracks side by side; each text here says where one of them stands
in the words a Dutch coordinator uses ("Bedenktijd tot 3 mrt 2026", "Aangemeld bij CoMensha op
… (met toestemming)"). Pure functions of the domain models, so the tests can read them without
a window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from carecoord.domain.case import CaseSummary
from carecoord.domain.comensha import ComenshaRegistration
from carecoord.domain.identification import IdentificationRoute
from carecoord.domain.legal import ReflectionPeriod, ResidencePermit, legal_status
from carecoord.i18n import _
from ui.widgets import code_label, format_date


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def phase_label(phase: str, closure_reason: str | None, migrated: bool = False) -> str:
    """The phase with its closure reason when closed: "afgesloten (traject afgerond)"."""
    label = code_label("phase", phase)
    if phase != "closed" or closure_reason is None:
        return label
    reason = code_label("closure_reason", closure_reason)
    if migrated:
        # The migration of an old vault gave 'other': not the coordinator's choice, so marked.
        reason = _("%(reason)s (migrated)") % {"reason": reason}
    return _("%(phase)s (%(reason)s)") % {"phase": label, "reason": reason}


def summary_phase(summary: CaseSummary) -> str:
    """The case list's phase column: the phase, and for a closed case why it was closed."""
    return phase_label(summary.phase, summary.closure_reason, summary.closure_migrated)


def phase_text(summary: CaseSummary) -> str:
    """The header's care phase: "In opvang sinds 3 feb 2026", "Afgesloten op … (reason)"."""
    if summary.phase == "closed":
        closed_on = summary.closed_on or summary.phase_since
        text = _("Closed on %(on)s") % {"on": format_date(closed_on)}
        if summary.closure_reason is not None:
            reason = code_label("closure_reason", summary.closure_reason)
            text += ": " + reason
            if summary.closure_migrated:
                text += " " + _("(migrated)")
        return text
    return _("%(phase)s since %(on)s") % {
        "phase": first_upper(code_label("phase", summary.phase)),
        "on": format_date(summary.phase_since),
    }


def permit_line(permit: ResidencePermit) -> str:
    """Where one permit stands: "… (B8/3) verleend, geldig tot 3 mrt 2027"."""
    name = _("Residence permit for trafficking victims (B8/3)")
    state = permit.state
    label = code_label("permit_state", state)
    if state in ("granted", "renewed"):
        return _("%(permit)s %(state)s, valid until %(until)s") % {
            "permit": name,
            "state": label,
            "until": format_date(permit.current_valid_until),
        }
    on = {"applied": permit.applied_on, "rejected": permit.rejected_on, "ended": permit.ended_on}
    return _("%(permit)s %(state)s on %(on)s") % {
        "permit": name,
        "state": label,
        "on": format_date(on[state]),
    }


def reflection_line(reflection: ReflectionPeriod) -> str:
    """The bedenktijd: running until its end, or the client's choice after it."""
    if reflection.outcome == "pending":
        return _("Reflection period until %(until)s") % {"until": format_date(reflection.end)}
    return _("Choice after the reflection period: %(outcome)s (%(on)s)") % {
        "outcome": code_label("reflection_outcome", reflection.outcome),
        "on": format_date(reflection.outcome_on),
    }


def legal_text(
    reflection: ReflectionPeriod | None, permits: Sequence[ResidencePermit], today: date
) -> str:
    """The legal track's newest step, or "Geen" when it is empty (EU and Dutch clients)."""
    status = legal_status(reflection, list(permits))
    if status.track == "none":
        return _("None")
    if status.track == "reflection":
        assert reflection is not None
        text = reflection_line(reflection)
        if reflection.outcome == "pending" and reflection.end < today:
            text += " " + _("(ended: record the choice)")
        return text
    permit = max(permits, key=lambda p: (p.started_on, p.id or 0))
    if status.track == "continued_residence":
        return _("%(state)s on %(on)s") % {
            "state": first_upper(code_label("continued_residence", status.state)),
            "on": format_date(status.since),
        }
    text = permit_line(permit)
    # The ground while the permit runs; once rejected or ended it no longer matters here.
    if permit.ground != "unknown" and permit.state in ("applied", "granted", "renewed"):
        # After a comma: a ground's label may hold parentheses of its own.
        text += ", " + _("ground: %(ground)s") % {
            "ground": code_label("permit_ground", permit.ground)
        }
    return text


def comensha_line(registration: ComenshaRegistration) -> str:
    basis = _("with consent") if registration.basis == "consent" else _("anonymous")
    return _("Registered with CoMensha on %(on)s (%(basis)s)") % {
        "on": format_date(registration.registered_on),
        "basis": basis,
    }


def comensha_text(registrations: Sequence[ComenshaRegistration]) -> str:
    """The newest registration, or "Niet aangemeld"."""
    if not registrations:
        return _("Not registered")
    newest = max(registrations, key=lambda r: (r.registered_on, r.id or 0))
    return comensha_line(newest)


def route_label(code: str, labels: Mapping[str, str]) -> str:
    """The region's own name for a route (settings), else the code list's."""
    return labels.get(code) or code_label("identification_route", code)


def identification_text(route: IdentificationRoute | None, labels: Mapping[str, str]) -> str:
    """The route, and for the MDT route how far the advice is."""
    if route is None:
        return _("Not recorded")
    text = first_upper(route_label(route.route, labels))
    if route.route != "mdt":
        return text
    if route.mdt_advice not in (None, "pending"):
        step = _("advice: %(advice)s (%(on)s)") % {
            "advice": code_label("mdt_advice", route.mdt_advice),
            "on": format_date(route.mdt_advice_on),
        }
    elif route.mdt_meeting_on is not None:
        step = _("meeting on %(on)s, advice pending") % {"on": format_date(route.mdt_meeting_on)}
    elif route.mdt_requested_on is not None:
        step = _("requested on %(on)s") % {"on": format_date(route.mdt_requested_on)}
    else:
        step = _("not requested yet")
    return f"{text}: {step}"
