"""The care phase as a state machine over the phases of DESIGN.md §4 (the care track only).

The table follows the Dutch care process (research/domain.md §1.2): a signal leads to intake;
after intake the client goes to shelter (COSM, women's shelter, …) or gets ambulant support;
support ends in outflow (housing or return), then aftercare, then closure. Shelter and support
alternate (a stay may follow ambulant support and vice versa) and aftercare may fall back to
support. A client found at night may be placed in (crisis) shelter before any intake, so a
signal may go straight to shelter. Any open phase may be closed, with a closure reason. A closed
case stays closed: a new signal about the same client opens a new case, so that statistics count
each case start once.

The legal status (bedenktijd, B8/3 permit) and the CoMensha registration are not phases: they
are tracks beside this one (:mod:`carecoord.domain.legal`, :mod:`carecoord.domain.comensha`).
Vaults from before issue 15 had them as phases; migration 0050 maps them.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.codelists import codelist
from carecoord.errors import InputRejected
from carecoord.i18n import _, text_language

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    "signalled": frozenset({"intake", "shelter", "closed"}),
    "intake": frozenset({"shelter", "support", "closed"}),
    "shelter": frozenset({"support", "outflow", "closed"}),
    "support": frozenset({"shelter", "outflow", "aftercare", "closed"}),
    "outflow": frozenset({"aftercare", "support", "closed"}),
    "aftercare": frozenset({"support", "closed"}),
    "closed": frozenset(),
}

# Phases of vaults before issue 15, and what to record instead (import refuses them).
REMOVED_PHASES: dict[str, str] = {
    "reported": "signalled",
    "reflection_period": "shelter",
    "residence_permit": "support",
}


def removed_phase_hint(code: str) -> str | None:
    """What to record instead of a phase code that no longer exists, or None."""
    if code == "reported":
        return _(
            "'reported' is no longer a phase: record 'signalled' (or the phase the case is in) "
            "and the registration with CoMensha beside it."
        )
    if code == "reflection_period":
        return _(
            "'reflection_period' is no longer a phase: record the care phase ('shelter' or "
            "'support') and the bedenktijd on the legal track."
        )
    if code == "residence_permit":
        return _(
            "'residence_permit' is no longer a phase: record the care phase ('shelter' or "
            "'support') and the permit on the legal track."
        )
    return None


INITIAL_PHASE = "signalled"
MIN_REASON_LENGTH = 5


class TransitionRefused(InputRejected):
    """A phase change that the pathway does not allow; nothing was changed."""


def _name(phase: str) -> str:
    label = codelist("phase").label(phase, "en" if text_language() == "en" else "nl")
    return f"'{phase}' ({label})"


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def check_transition(
    current: str,
    target: str,
    *,
    on: date,
    today: date,
    last_change_on: date | None,
    reason: str | None,
    closure_reason: str | None = None,
) -> None:
    """Raise :class:`TransitionRefused` unless ``current → target`` on ``on`` is allowed.

    A change dated before today is a back-dated entry (the coordinator records what happened
    while away): it is allowed but needs a written reason, and it may not go before the
    previous change, because the history must stay in order. Closing needs a closure reason
    (a ``closure_reason`` code); no other change takes one.
    """
    if target not in codelist("phase"):
        hint = removed_phase_hint(target)
        if hint is not None:
            raise TransitionRefused(hint)
        raise TransitionRefused(_("'%(target)s' is not a phase.") % {"target": target})
    if current == target:
        raise TransitionRefused(
            _("The case is already in phase %(phase)s.") % {"phase": _name(current)}
        )

    # The names (code list labels) only for a refusal: bulk writing checks every step of
    # every imported history with this function.
    def names() -> dict[str, str]:
        return {"current": _name(current), "target": _name(target)}

    if not can_move(current, target):
        allowed = ", ".join(sorted(ALLOWED_TRANSITIONS[current])) or _("none: the case is closed")
        raise TransitionRefused(
            _(
                "A case cannot move from phase %(current)s to phase %(target)s. "
                "Allowed next phases: %(allowed)s."
            )
            % {**names(), "allowed": allowed}
        )
    if target == "closed":
        if closure_reason is None:
            raise TransitionRefused(_("Closing a case needs a closure reason."))
        if closure_reason not in codelist("closure_reason"):
            raise TransitionRefused(
                _("'%(reason)s' is not a closure reason.") % {"reason": closure_reason}
            )
    elif closure_reason is not None:
        raise TransitionRefused(_("Only closing a case takes a closure reason."))
    if on > today:
        raise TransitionRefused(
            _("A phase change from %(current)s to %(target)s cannot be dated in the future.")
            % names()
        )
    if last_change_on is not None and on < last_change_on:
        raise TransitionRefused(
            _(
                "The change from %(current)s to %(target)s cannot be dated before the "
                "previous phase change (%(previous)s)."
            )
            % {**names(), "previous": last_change_on.isoformat()}
        )
    if on < today and (reason is None or len(reason.strip()) < MIN_REASON_LENGTH):
        raise TransitionRefused(
            _("The change from %(current)s to %(target)s is back-dated: give a reason.") % names()
        )


def path_exists(start: str, goal: str) -> bool:
    """Whether ``goal`` can be reached from ``start`` (used by the demo generator and tests)."""
    seen = {start}
    frontier = [start]
    while frontier:
        phase = frontier.pop()
        if phase == goal:
            return True
        for nxt in ALLOWED_TRANSITIONS[phase]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False
