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
    "municipal_enforcement",
    "riec",
    "citizen",
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
    "drugs",
    "shoplifting",
    "fraud_money_mule",
    "begging",
    "other_criminal",
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
Phase = Literal["signalled", "intake", "shelter", "support", "outflow", "aftercare", "closed"]
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
    "cosm_placement",
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
    "health_insurance",
    "veilig_thuis",
    "victim_support",
    "youth_protection",
    "social_team",
    "other",
]
ReferralStatus = Literal["draft", "sent", "accepted", "rejected", "done", "revoked"]

ClosureReason = Literal[
    "completed",
    "transferred_region",
    "returned_origin",
    "out_of_sight",
    "declined",
    "no_victim_indication",
    "deceased",
    "other",
]
ReflectionOutcome = Literal[
    "report_filed",
    "other_cooperation",
    "no_cooperation",
    "withdrawn",
    "pending",
]
PermitGround = Literal[
    "report_filed",
    "other_cooperation",
    "witness_reporter",
    "cannot_cooperate",
    "unknown",
]
PermitState = Literal["applied", "granted", "renewed", "rejected", "ended"]
ResidenceRegistration = Literal["brp", "rni", "none", "unknown"]

# Literal type -> the code list it mirrors (checked by tests/unit/test_code_literals.py).
# Risk locations (issue 18): what a control found, counted by controls_by_location_type.
ControlOutcome = Literal["no_indication", "indication_exploitation", "other_violation", "referred"]

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
    "closure_reason": ClosureReason,
    "reflection_outcome": ReflectionOutcome,
    "permit_ground": PermitGround,
    "permit_state": PermitState,
    "residence_registration": ResidenceRegistration,
    "control_outcome": ControlOutcome,
}
