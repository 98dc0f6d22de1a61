"""The case's phase, reflection period and residence permit (store.pathway).

Each of them may add or end a deadline task, and the phase shows in the case lists, so they
announce tasks and cases too.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.case import PhaseChange
from carecoord.domain.support import ReflectionPeriod
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

_PATHWAY = Changes.PATHWAY | Changes.TASKS | Changes.CASES


def change_phase(
    case_id: int, to_phase: str, *, on: date | None = None, reason: str | None = None
) -> Op[PhaseChange]:
    return Op(
        lambda v: store_of(v).pathway.change_phase(case_id, to_phase, on=on, reason=reason),
        _PATHWAY,
    )


def start_reflection(case_id: int, started_on: date) -> Op[ReflectionPeriod]:
    return Op(lambda v: store_of(v).pathway.start_reflection(case_id, started_on), _PATHWAY)


def decide_reflection(case_id: int, decision: str, decided_on: date) -> Op[None]:
    return Op(
        lambda v: store_of(v).pathway.decide_reflection(case_id, decision, decided_on), _PATHWAY
    )


def record_permit(case_id: int, granted_on: date, valid_until: date) -> Op[int]:
    return Op(
        lambda v: store_of(v).pathway.record_permit(case_id, granted_on, valid_until), _PATHWAY
    )
