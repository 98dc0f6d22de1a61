"""The code lists of DESIGN.md §4 as ``Literal`` types, for models outside the case store
(letters, statistics) that want their codes checked by mypy and pydantic alike.

The lists themselves live as data in ``carecoord/resources/codelists``; a test keeps these types
equal to that data, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Literal

ExploitationForm = Literal["sexual", "labour", "criminal", "organ_removal", "unknown"]
Gender = Literal["female", "male", "other", "unknown"]
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
Phase = Literal[
    "signalled",
    "reported",
    "intake",
    "reflection_period",
    "residence_permit",
    "shelter",
    "support",
    "outflow",
    "aftercare",
    "closed",
]
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

# Literal type -> the code list it mirrors (checked by tests/unit/test_code_literals.py).
MIRRORS = {
    "exploitation_form": ExploitationForm,
    "gender": Gender,
    "signaller": Signaller,
    "sector": Sector,
    "location_type": LocationType,
    "phase": Phase,
    "shelter_type": ShelterType,
    "referral_type": ReferralType,
    "referral_status": ReferralStatus,
}
