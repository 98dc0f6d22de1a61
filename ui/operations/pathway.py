"""The case's care phase (store.pathway).

A phase change may add or end a deadline task, and the phase shows in the case lists, so it
announces tasks and cases too. The legal track is in ui/operations/legal.py.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.case import PhaseChange
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

_PATHWAY = Changes.PATHWAY | Changes.TASKS | Changes.CASES


def change_phase(
    case_id: int,
    to_phase: str,
    *,
    on: date | None = None,
    reason: str | None = None,
    closure_reason: str | None = None,
) -> Op[PhaseChange]:
    """Closing needs ``closure_reason`` (a closure_reason code); the core refuses without."""
    return Op(
        lambda v: store_of(v).pathway.change_phase(
            case_id, to_phase, on=on, reason=reason, closure_reason=closure_reason
        ),
        _PATHWAY,
    )
