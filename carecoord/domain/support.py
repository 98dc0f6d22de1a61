"""Shelter stays and the exit programme (the legal track is in :mod:`carecoord.domain.legal`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, Field, model_validator

from carecoord.domain.case_work import CaseGoal
from carecoord.domain.client import PERSONAL
from carecoord.domain.codelists import (
    ExitMilestone,
    ExitOutcome,
    ShelterEndReason,
    ShelterType,
)
from carecoord.domain.dates import add_months

COSM_TERM_MONTHS = 3  # COSM placement: the "gestelde drie maanden"


class ShelterStay(BaseModel):
    model_config = PERSONAL

    id: int | None = None
    shelter_type: ShelterType
    provider_id: int | None = None
    started_on: date
    ended_on: date | None = None
    end_reason: ShelterEndReason | None = None

    @model_validator(mode="after")
    def _dates(self) -> ShelterStay:
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("a shelter stay cannot end before it starts")
        if (self.ended_on is None) != (self.end_reason is None):
            raise ValueError("an ended stay needs an end reason, and only an ended stay has one")
        return self

    @property
    def term_ends_on(self) -> date | None:
        """COSM placements have a three-month term; other shelters have none."""
        return (
            add_months(self.started_on, COSM_TERM_MONTHS) if self.shelter_type == "cosm" else None
        )


class Milestone(BaseModel):
    model_config = PERSONAL

    milestone: ExitMilestone
    reached_on: date


class ExitProgramme(BaseModel):
    """Enrolment in the local exit programme for sex workers. The scheme's name is a setting
    (DUUP funding; "RUPS" is only one region's name, research/domain.md §0). Its plan per life
    domain is goals of the case plan that name the programme (``CaseGoal.exit_programme_id``,
    :func:`exit_goals`)."""

    model_config = PERSONAL

    id: int | None = None
    scheme_name: str = Field(min_length=1, max_length=100)
    enrolled_on: date
    milestones: tuple[Milestone, ...] = ()
    outcome: ExitOutcome = "ongoing"
    outcome_on: date | None = None

    def reached(self, milestone: str) -> date | None:
        dates = [m.reached_on for m in self.milestones if m.milestone == milestone]
        return max(dates) if dates else None


def exit_goals(goals: Iterable[CaseGoal], programme: ExitProgramme | None) -> list[CaseGoal]:
    """The goals of the case that make up the programme's plan."""
    if programme is None or programme.id is None:
        return []
    return [g for g in goals if g.exit_programme_id == programme.id]
