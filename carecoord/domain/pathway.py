"""The support pathway as a state machine over the phases of DESIGN.md §4.

The table follows the Dutch care process (research/domain.md §1.2): a signal is reported to
CoMensha or taken straight to intake; after intake a non-Dutch victim usually gets a reflection
period (bedenktijd, B8/3) and, on reporting to the police, a B8 residence permit, while a Dutch or
EU victim goes straight to shelter or ambulant support; support ends in outflow (housing or
return), then aftercare, then closure. Shelter and support alternate (a stay may follow ambulant
support and vice versa), a permit may be granted while the client is in shelter or support, and
aftercare may fall back to support. Any open phase may be closed (client out of sight, moved to
another region). A closed case stays closed: a new signal about the same client opens a new case,
so that statistics count each case start once.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.codelists import codelist
from carecoord.errors import InputRejected
from carecoord.i18n import _, text_language

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    "signalled": frozenset({"reported", "intake", "closed"}),
    "reported": frozenset({"intake", "closed"}),
    "intake": frozenset({"reflection_period", "residence_permit", "shelter", "support", "closed"}),
    "reflection_period": frozenset({"residence_permit", "shelter", "support", "outflow", "closed"}),
    "residence_permit": frozenset({"shelter", "support", "outflow", "closed"}),
    "shelter": frozenset({"residence_permit", "support", "outflow", "closed"}),
    "support": frozenset({"residence_permit", "shelter", "outflow", "aftercare", "closed"}),
    "outflow": frozenset({"aftercare", "support", "closed"}),
    "aftercare": frozenset({"support", "closed"}),
    "closed": frozenset(),
}

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
) -> None:
    """Raise :class:`TransitionRefused` unless ``current → target`` on ``on`` is allowed.

    A change dated before today is a back-dated entry (the coordinator records what happened
    while away): it is allowed but needs a written reason, and it may not go before the
    previous change, because the history must stay in order.
    """
    if target not in codelist("phase"):
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
