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
# Criminal exploitation by sector: assumption (domain.md names the form, no shares): drug
# trafficking and cultivation the largest group, then shoplifting and money mules, begging rare.
CRIMINAL_SECTOR_SHARES = {
    "drugs": 40,
    "shoplifting": 20,
    "fraud_money_mule": 22,
    "begging": 8,
    "other_criminal": 10,
}
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
    "drugs": ("private_home", "business_park", "other"),
    "shoplifting": ("other",),
    "fraud_money_mule": ("online", "other"),
    "begging": ("other",),
    "other_criminal": ("other", "private_home"),
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


# -- the tracks beside the care phase (issue 15) -------------------------------------------------
# Police, KMar and the labour inspectorate are obliged to register a victim with CoMensha
# (Vc B8/3, Besluit politiegegevens; domain.md §1.2 row 2, verified): a case they signalled was
# already registered by them. Others register on written consent (same source); the drop of
# registrations by non-obliged reporters after the GDPR (550 → 150 a year, domain.md §1.3) shows
# that many do not. The split below for those others is our assumption.
OBLIGED_REGISTRARS = ("police", "kmar", "labour_inspectorate")
COMENSHA_BASIS_SHARES = {
    "consent": 70,
    "anonymous": 18,
    None: 12,
}  # assumption; None: not registered
# Assumption: the police offer a bedenktijd "at the slightest indication" (domain.md §1.2 row 4), so
# most non-EU adults get one; witness-reporters get none but a permit directly (same source).
REFLECTION_SHARE_NON_EU = 0.85
REFLECTION_SHARE_NON_EU_MINOR = 0.3  # assumption: "minors can have one too" (issue 15)
WITNESS_REPORTER_SHARE = 0.05  # assumption
NIGHT_PLACEMENT_SHARE = 0.08  # assumption: placed in crisis shelter before any intake
# Assumption: the bedenktijd is mostly spent in a COSM (domain.md §1.2 row 6: COSM is for adult
# non-Dutch victims in the bedenktijd); the rest in women's/men's shelter or ambulant.
COSM_SHARE_IN_REFLECTION = 0.85
REFLECTION_OUTCOME_SHARES = {  # assumption
    "report_filed": 58,
    "other_cooperation": 10,
    "no_cooperation": 22,
    "withdrawn": 10,
}
CANNOT_COOPERATE_SHARE = 0.08  # assumption: of those who do not cooperate, the exception
PERMIT_GRANTED_SHARE = 0.85  # assumption: of decided applications
EU_PERMIT_SHARE = 0.02  # assumption: EU citizens rarely need a B8/3 permit (free movement)
CONTINUED_APPLIED_SHARE = 0.7  # assumption: at the three-year mark (domain.md §1.2 row 5)
CONTINUED_GRANTED_SHARE = 0.75  # assumption
# Identification outside criminal law (domain.md §1.2, MDT advice / "aannemelijkheid
# slachtofferschap" pilot, verified): most Dutch and EU victims do not report. Shares: assumption.
NL_EU_ROUTE_SHARES = {"criminal_law": 35, "mdt": 25, "none": 40}
MDT_ADVICE_SHARES = {"plausible": 70, "not_plausible": 15, "pending": 15}  # assumption
# Labour migrants: the Commissie-Roemer (2020, domain.md §1 line 31) reports dependence on the
# employer or agency through housing and poor registration; the shares are assumptions.
LABOUR_MIGRANT_SHARE = {"eu": 0.85, "non_eu": 0.4, "unknown": 0.3, "nl": 0.0}
HOUSING_TIED_SHARES = {"yes": 55, "no": 30, "unknown": 15}
RESIDENCE_REGISTRATION_SHARES = {"brp": 45, "rni": 32, "none": 18, "unknown": 5}
EMPLOYER_NAME_SHARE = 0.7
EMPLOYERS = (
    "Uitzendbureau Voorbeeld BV",
    "Flexwerk Demodorp",
    "Agrarisch Bedrijf De Proef",
    "Logistiek Centrum Fictief",
    "Schoonmaakbedrijf Testmans",
)
# Custody of minors (domain.md §1.1: Nidos is the guardian of unaccompanied minor foreigners);
# the shares are assumptions.
CUSTODY_SHARES_NON_EU = {"nidos": 78, "parents": 12, "other": 4, "unknown": 6}
CUSTODY_SHARES_OTHER = {"parents": 70, "certified_institution": 20, "other": 5, "unknown": 5}
# Why cases close (assumption): a full pathway mostly completes; an early close is mostly a
# client out of sight or declining help.
CLOSURE_AFTER_PATHWAY = {
    "completed": 78,
    "returned_origin": 8,
    "transferred_region": 8,
    "other": 6,
}
CLOSURE_EARLY = {
    "out_of_sight": 38,
    "declined": 24,
    "returned_origin": 12,
    "transferred_region": 10,
    "no_victim_indication": 12,
    "deceased": 0.5,
    "other": 3.5,
}


# -- case work (issue 16) ------------------------------------------------------------------------
# No source gives shares for case plans, meetings or safety assessments in Dutch anti-trafficking
# care; every value below is our assumption, chosen so that a demo vault shows each kind of record
# often enough to try the screens, with the correlations the practice describes (domain.md §1.1:
# the zorgcoördinator organises the casusoverleg; Nidos is the guardian of unaccompanied minors).
# Of the cases taken on (intake or shelter reached):
PLAN_SHARE = 0.75  # assumption: has a case plan
PLAN_DOMAINS_PER_CASE = (1, 4)  # assumption: how many life domains the plan covers
SECOND_GOAL_SHARE = 0.25  # assumption: a domain with a second goal
GOAL_STATUS_SHARES_OPEN_CASE = {"open": 35, "in_progress": 40, "reached": 18, "dropped": 7}
GOAL_STATUS_SHARES_CLOSED_CASE = {"reached": 70, "dropped": 25, "in_progress": 5}  # assumption
GOAL_TARGET_DAYS = (30, 270)  # assumption: a target date this many days after the plan
GOAL_WITHOUT_TARGET_SHARE = 0.15  # assumption
MEETING_SHARE = 0.45  # assumption: at least one casusoverleg or ZVH meeting
MEETINGS_PER_CASE = {1: 60, 2: 28, 3: 12}  # assumption
MEETING_KIND_SHARES = {"casusoverleg": 75, "zorg_en_veiligheidshuis": 25}  # assumption
MEETING_CONSENT_SHARE = 0.8  # assumption: the client consents to case consultation
ACTIONS_PER_MEETING = {0: 15, 1: 35, 2: 35, 3: 15}  # assumption
ACTION_OWNER_USER_SHARE = 0.55  # assumption: the coordinator's own action (else a partner's)
ACTION_DONE_SHARE = 0.75  # assumption: of actions due before the data's today
SAFETY_SHARE = 0.6  # assumption: at least one safety assessment
REASSESSMENT_SHARE = 0.45  # assumption: a later assessment follows (up to three)
# Assumption: sexual and criminal exploitation more often at high risk (an exploiter nearby).
RISK_SHARES_HIGHER = {"low": 20, "medium": 40, "high": 40}
RISK_SHARES_OTHER = {"low": 45, "medium": 40, "high": 15}
THREATS_PER_ASSESSMENT = (1, 3)  # assumption
REVIEW_DAYS = {"high": (14, 42), "medium": (30, 90), "low": (60, 180)}  # assumption
LOW_RISK_REVIEW_SHARE = 0.5  # assumption: a review date at low risk (optional)
CONTACT_SHARES = {  # assumption: a role is recorded when the case has the matching need
    "lawyer": 0.8,
    "police_contact": 0.7,
    "shelter_contact": 0.85,
    "guardian": 0.9,
    "interpreter": 0.7,
    "gp": 0.35,
    "mentor": 0.2,
    "employer_contact": 0.1,
}
CONTACT_PERSON_SHARE = 0.7  # assumption: an organisation's contact named as a person
