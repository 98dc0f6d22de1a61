"""The legal track beside the care phase (store.legal): the bedenktijd and the B8/3 permits.

Each step may add or end a deadline (the end of the bedenktijd, a permit's renewal, the
three-year mark), and the header of the case shows the track, so they announce tasks and cases.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.legal import ReflectionPeriod
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

_LEGAL = Changes.PATHWAY | Changes.TASKS | Changes.CASES


def save_reflection(case_id: int, period: ReflectionPeriod) -> Op[ReflectionPeriod]:
    """Record the bedenktijd, or correct it (one per case)."""
    return Op(lambda v: store_of(v).legal.save_reflection(case_id, period), _LEGAL)


def set_reflection_outcome(case_id: int, outcome: str, on: date) -> Op[None]:
    """ "Keuze na bedenktijd": the client's choice and its date."""
    return Op(lambda v: store_of(v).legal.set_reflection_outcome(case_id, outcome, on), _LEGAL)


def apply_permit(case_id: int, *, ground: str, applied_on: date) -> Op[int]:
    return Op(
        lambda v: store_of(v).legal.apply_permit(case_id, ground=ground, applied_on=applied_on),
        _LEGAL,
    )


def record_granted_permit(
    case_id: int, *, ground: str, granted_on: date, valid_until: date, applied_on: date | None
) -> Op[int]:
    """A permit granted before it was recorded here (its application not recorded)."""
    return Op(
        lambda v: store_of(v).legal.record_granted_permit(
            case_id,
            ground=ground,
            granted_on=granted_on,
            valid_until=valid_until,
            applied_on=applied_on,
        ),
        _LEGAL,
    )


def grant_permit(permit_id: int, *, granted_on: date, valid_until: date) -> Op[None]:
    return Op(
        lambda v: store_of(v).legal.grant_permit(
            permit_id, granted_on=granted_on, valid_until=valid_until
        ),
        _LEGAL,
    )


def reject_permit(permit_id: int, rejected_on: date) -> Op[None]:
    return Op(lambda v: store_of(v).legal.reject_permit(permit_id, rejected_on), _LEGAL)


def renew_permit(permit_id: int, renewed_on: date, valid_until: date) -> Op[None]:
    return Op(lambda v: store_of(v).legal.renew_permit(permit_id, renewed_on, valid_until), _LEGAL)


def end_permit(permit_id: int, ended_on: date) -> Op[None]:
    return Op(lambda v: store_of(v).legal.end_permit(permit_id, ended_on), _LEGAL)


def apply_continued_residence(permit_id: int, applied_on: date) -> Op[None]:
    """Voortgezet verblijf, at the three-year mark."""
    return Op(lambda v: store_of(v).legal.apply_continued_residence(permit_id, applied_on), _LEGAL)


def decide_continued_residence(permit_id: int, outcome: str, on: date) -> Op[None]:
    return Op(
        lambda v: store_of(v).legal.decide_continued_residence(permit_id, outcome, on), _LEGAL
    )
