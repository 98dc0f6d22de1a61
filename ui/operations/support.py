"""Shelter stays and the exit programme (store.support)."""

from __future__ import annotations

from datetime import date

from carecoord.domain.support import ShelterStay
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

# An exit programme's milestones have deadlines (tasks).
_SUPPORT = Changes.SUPPORT | Changes.TASKS


def add_shelter_stay(case_id: int, stay: ShelterStay) -> Op[int]:
    return Op(lambda v: store_of(v).support.add_shelter_stay(case_id, stay), _SUPPORT)


def end_shelter_stay(stay_id: int, ended_on: date, end_reason: str) -> Op[None]:
    return Op(
        lambda v: store_of(v).support.end_shelter_stay(stay_id, ended_on, end_reason), _SUPPORT
    )


def enrol_exit_programme(case_id: int, enrolled_on: date, scheme_name: str | None) -> Op[int]:
    return Op(
        lambda v: store_of(v).support.enrol_exit_programme(case_id, enrolled_on, scheme_name),
        _SUPPORT,
    )


def record_milestone(programme_id: int, milestone: str, reached_on: date) -> Op[None]:
    return Op(
        lambda v: store_of(v).support.record_milestone(programme_id, milestone, reached_on),
        _SUPPORT,
    )


def set_exit_outcome(programme_id: int, outcome: str, on: date) -> Op[None]:
    return Op(lambda v: store_of(v).support.set_exit_outcome(programme_id, outcome, on), _SUPPORT)
