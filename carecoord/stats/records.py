"""The input of the statistics: one coded record per person and period.

Only coded facts live here: no names, dates of birth, addresses or free text. The case store
produces these records (``carecoord.stats.source``); statistics never read the store directly, so
the disclosure-control code can be tested on records alone.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carecoord.domain.code_literals import (
    ClosureReason,
    ControlOutcome,
    ExploitationForm,
    Gender,
    LocationType,
    PermitGround,
    PermitState,
    ReferralStatus,
    ReferralType,
    ReflectionOutcome,
    ResidenceRegistration,
    Sector,
    ShelterType,
    Signaller,
)

AgeGroup = Literal["minor", "adult", "unknown"]
NationalityGroup = Literal["nl", "eu", "non_eu", "unknown"]
# Exit-programme steps in the order a person passes them (research/domain.md §1.5: aanmelding →
# intake → trajectplan → gestopt → duurzaam uitgestapt). Tables count the furthest step reached.
Milestone = Literal["registered", "intake", "plan_agreed", "exited", "sustained_exit"]
# Which event places the record in a period (see StatsRecord.case_start).
RecordCohort = Literal["started", "reflection_ended", "closed", "signal", "control"]

MUNICIPALITY_PATTERN = r"^GM\d{4}$"


class Referral(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ReferralType
    status: ReferralStatus


class StatsRecord(BaseModel):
    """One person in one calendar year, with the coded facts of their first case of that year.

    ``case_start`` is the first signal date of that case; quarter tables place the person in the
    quarter of this date, so that a year's table is exactly the sum of its quarters' tables.
    ``referrals``, ``shelter_types`` and ``milestones`` cover that person's cases of the year.

    ``cohort`` says which event the record counts (issue 15): ``started`` (the above), or one
    record per person for their first bedenktijd that ended (``reflection_ended``) or first case
    that closed (``closed``) in the year; ``case_start`` then holds the date of that end or close
    (it places the person in a quarter, so that the year stays the sum of its quarters) and
    ``municipality`` that case's municipality. The tables of a cohort read only its records.

    Issue 18: a ``signal`` record is one signal (``case_start`` its date, ``person_key`` the
    signal's own key, so that every signal counts and is its own contributor), a ``control``
    record one control at a risk location (the location's municipality, type and sector).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    person_key: str = Field(min_length=1, max_length=128)
    case_start: date
    municipality: str = Field(pattern=MUNICIPALITY_PATTERN)
    exploitation_forms: frozenset[ExploitationForm] = frozenset()
    gender: Gender = "unknown"
    age_group: AgeGroup = "unknown"
    signaller: Signaller = "unknown"
    nationality_group: NationalityGroup = "unknown"
    shelter_types: frozenset[ShelterType] = frozenset()
    milestones: frozenset[Milestone] = frozenset()
    referrals: tuple[Referral, ...] = ()
    location_type: LocationType = "unknown"
    sector: Sector = "unknown"
    cohort: RecordCohort = "started"
    # started: the newest permit of the person's cases of the year, as at the end of the year.
    permit_ground: PermitGround | Literal["none"] = "none"
    permit_state: PermitState | Literal["none"] = "none"
    labour_migrant: bool = False
    residence_registration: ResidenceRegistration = "unknown"
    reflection_outcome: ReflectionOutcome = "pending"  # reflection_ended only
    closure_reason: ClosureReason = "other"  # closed only
    control_outcome: ControlOutcome = "no_indication"  # control only

    @model_validator(mode="after")
    def _permit(self) -> StatsRecord:
        if (self.permit_ground == "none") != (self.permit_state == "none"):
            raise ValueError("a permit has both a ground and a state, no permit neither")
        return self

    @property
    def has_permit(self) -> bool:
        return self.permit_ground != "none"
