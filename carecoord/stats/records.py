"""The input of the statistics: one coded record per person and period.

Only coded facts live here: no names, dates of birth, addresses or free text. The case store
produces these records (``carecoord.stats.source``); statistics never read the store directly, so
the disclosure-control code can be tested on records alone.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ExploitationForm = Literal["sexual", "labour", "criminal", "organ_removal", "unknown"]
Gender = Literal["female", "male", "other", "unknown"]
AgeGroup = Literal["minor", "adult", "unknown"]
Signaller = Literal[
    "police",
    "kmar",
    "labour_inspectorate",
    "care_coordination",
    "fairwork",
    "shelter",
    "healthcare",
    "self",
    "other",
    "unknown",
]
NationalityGroup = Literal["nl", "eu", "non_eu", "unknown"]
ShelterType = Literal[
    "cosm",
    "womens_shelter",
    "mens_shelter",
    "social_shelter",
    "omm",
    "youth_care",
    "nidos_protected",
    "crisis",
    "other",
]
# Exit-programme steps in the order a person passes them (research/domain.md §1.5: aanmelding →
# intake → trajectplan → gestopt → duurzaam uitgestapt). Tables count the furthest step reached.
Milestone = Literal["registered", "intake", "plan_agreed", "exited", "sustained_exit"]
ReferralType = Literal[
    "shelter",
    "police_report",
    "immigration",
    "legal_aid",
    "fairwork",
    "compensation_fund",
    "medical",
    "mental_health",
    "brp_registration",
    "income_support",
    "debt_support",
    "housing",
    "exit_programme",
    "return",
    "other",
]
ReferralStatus = Literal["draft", "sent", "accepted", "rejected", "done", "revoked"]
LocationType = Literal[
    "horeca",
    "holiday_park",
    "business_park",
    "private_home",
    "hotel",
    "sex_business",
    "agricultural_site",
    "online",
    "other",
    "unknown",
]
Sector = Literal[
    "agriculture",
    "domestic_work",
    "hospitality",
    "industry",
    "construction",
    "transport_logistics",
    "retail_wholesale",
    "other_work",
    "window_licensed",
    "home",
    "escort",
    "hotel",
    "online",
    "unlicensed",
    "unknown",
]

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


Record = StatsRecord
