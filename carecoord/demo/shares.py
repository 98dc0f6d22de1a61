"""The demo's distributions: who signals, which forms, who the clients are, where they stay.

Signallers follow CoMensha's published 2024 shares (Het beeld van 2024,
Verdieping III; research/domain.md §1.3): police 31.0 %, care coordination 28.3 %, FairWork
24.2 %, Labour Authority 6.7 %, KMar 6.3 %; the remaining 3.5 % is spread over shelters, health
care, self-referrals and others (our assumption). domain.md gives no current shares for forms,
gender, age or nationality; the values below are assumptions in the order of magnitude of
CoMensha's annual reports (labour and sexual exploitation each about two fifths, criminal
exploitation about one in six, organ removal rare; about one in seven a minor; Dutch, other EU and
non-EU victims each a large group) and are marked as such. Correlations that the sources
describe are kept: FairWork and the Labour Authority mostly signal labour exploitation, sexual
exploitation mostly concerns women, non-EU adults get a reflection period and COSM shelter.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TypeVar

from carecoord.domain.codelists import codelist

T = TypeVar("T")

# CoMensha 2024 (verified, domain.md §1.3) + our split of the remaining 3.5 %.
SIGNALLER_SHARES = {
    "police": 31.0,
    "care_coordination": 28.3,
    "fairwork": 24.2,
    "labour_inspectorate": 6.7,
    "kmar": 6.3,
    "shelter": 1.2,
    "healthcare": 0.8,
    "self": 0.6,
    "other": 0.7,
    "unknown": 0.2,
}
# Assumptions (see module docstring), conditional on who signals.
FORM_SHARES_LABOUR_SIGNALLER = {"labour": 85, "criminal": 8, "sexual": 5, "unknown": 2}
FORM_SHARES_OTHER = {"sexual": 48, "labour": 27, "criminal": 18, "organ_removal": 0.5, "unknown": 3}
MULTIPLE_FORMS_SHARE = 0.04
MINOR_SHARE = 0.14
NATIONALITY_SHARES = {
    "NL": 24, "RO": 9, "PL": 8, "BG": 5, "HU": 3,
    "NG": 9, "UG": 5, "UA": 6, "VN": 4, "CN": 3, "MA": 3, "BR": 3, "ER": 3, "IN": 3, "PH": 3,
    None: 7,
}  # fmt: skip
LABOUR_SECTORS = codelist("sector").in_group("labour")
SEXUAL_SECTORS = codelist("sector").in_group("sexual")
LOCATION_FOR_SECTOR = {
    "agriculture": ("agricultural_site", "holiday_park"),
    "domestic_work": ("private_home",),
    "hospitality": ("horeca", "hotel"),
    "industry": ("business_park",),
    "construction": ("business_park", "holiday_park"),
    "transport_logistics": ("business_park",),
    "retail_wholesale": ("business_park", "other"),
    "other_work": ("other", "private_home"),
    "window_licensed": ("sex_business",),
    "home": ("private_home",),
    "escort": ("hotel", "private_home"),
    "hotel": ("hotel",),
    "online": ("online",),
    "unlicensed": ("private_home", "holiday_park", "hotel"),
    "unknown": ("unknown", "other"),
}

SHELTER_PROVIDER = {
    "cosm": 0,
    "womens_shelter": 1,
    "mens_shelter": 2,
    "social_shelter": 3,
    "omm": 3,
    "crisis": 3,
    "youth_care": 4,
    "nidos_protected": 5,
    "other": 3,
}
OVERRIDE_REASONS = (
    "Acute onveilige situatie; cliënt was niet bereikbaar om toestemming te tekenen.",
    "Plaatsing moest dezelfde nacht; toestemming mondeling gegeven, schriftelijk volgt.",
)
PLAN_GOALS = {
    "housing": "Zelfstandige woonruimte in de regio vinden.",
    "income_debts": "Uitkering regelen en schulden in kaart brengen.",
    "health": "Behandeling bij ggz starten en volhouden.",
    "social_network": "Contact opbouwen buiten het oude netwerk.",
    "work_education": "Taalcursus en daarna werk of opleiding.",
}


def pick(rng: random.Random, shares: Mapping[T, float]) -> T:
    """One key of ``shares``, drawn with the values as weights."""
    return rng.choices(list(shares), weights=list(shares.values()))[0]
