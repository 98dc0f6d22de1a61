"""The input of the statistics: one coded record per person and period.

Only coded facts live here: no names, dates of birth, addresses or free text. The case store
produces these records (``carecoord.stats.source``); statistics never read the store directly, so
the disclosure-control code can be tested on records alone.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from carecoord.domain.code_literals import (
    ExploitationForm,
    Gender,
    LocationType,
    ReferralStatus,
    ReferralType,
    Sector,
    ShelterType,
    Signaller,
)

AgeGroup = Literal["minor", "adult", "unknown"]
NationalityGroup = Literal["nl", "eu", "non_eu", "unknown"]
# Exit-programme steps in the order a person passes them (research/domain.md §1.5: aanmelding →
# intake → trajectplan → gestopt → duurzaam uitgestapt). Tables count the furthest step reached.
Milestone = Literal["registered", "intake", "plan_agreed", "exited", "sustained_exit"]

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
