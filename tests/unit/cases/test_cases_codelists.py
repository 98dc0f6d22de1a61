"""The code lists are exactly those of DESIGN.md §4, with Dutch and English labels."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from carecoord.domain.case import CaseFacts
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.codelists import all_codelists, codelist
from carecoord.domain.municipalities import (
    REFERENCE_DATE,
    municipalities,
    municipalities_in_safety_region,
    safety_regions,
)
from carecoord.domain.nationality import nationality_codes, nationality_group, nationality_name

DESIGN_LISTS = {
    "exploitation_form": "sexual labour criminal organ_removal unknown",
    "gender": "female male other unknown",
    "signaller": "police kmar labour_inspectorate care_coordination fairwork shelter healthcare "
    "municipal_enforcement riec citizen self other unknown",
    "sector": "agriculture domestic_work hospitality industry construction transport_logistics "
    "retail_wholesale other_work window_licensed home escort hotel online unlicensed drugs "
    "shoplifting fraud_money_mule begging other_criminal unknown",
    "location_type": "horeca holiday_park business_park private_home hotel sex_business "
    "agricultural_site online other unknown",
    "phase": "signalled intake shelter support outflow aftercare closed",
    "closure_reason": "completed transferred_region returned_origin out_of_sight declined "
    "no_victim_indication deceased other",
    "reflection_outcome": "report_filed other_cooperation no_cooperation withdrawn pending",
    "permit_ground": "report_filed other_cooperation witness_reporter cannot_cooperate unknown",
    "identification_route": "criminal_law mdt none",
    "shelter_type": "cosm womens_shelter mens_shelter social_shelter omm youth_care "
    "nidos_protected crisis other",
    "referral_type": "shelter cosm_placement police_report immigration legal_aid fairwork "
    "compensation_fund medical mental_health brp_registration income_support debt_support "
    "housing exit_programme return health_insurance veilig_thuis victim_support "
    "youth_protection social_team other",
    "referral_status": "draft sent accepted rejected done revoked",
}


@pytest.mark.parametrize("name", sorted(DESIGN_LISTS))
def test_design_lists_exact_and_in_order(name: str) -> None:
    assert codelist(name).values == tuple(DESIGN_LISTS[name].split())


def test_every_code_has_both_labels() -> None:
    for cl in all_codelists().values():
        assert cl.values, cl.name
        for code in cl.codes:
            assert code.nl.strip() and code.en.strip(), (cl.name, code.code)


def test_sector_groups_split_labour_and_sexual() -> None:
    sectors = codelist("sector")
    assert sectors.in_group("sexual") == (
        "window_licensed",
        "home",
        "escort",
        "hotel",
        "online",
        "unlicensed",
    )
    assert "agriculture" in sectors.in_group("labour")
    assert sectors.in_group("criminal") == (
        "drugs",
        "shoplifting",
        "fraud_money_mule",
        "begging",
        "other_criminal",
    )
    assert sectors.get("unknown").group is None


def test_label_languages() -> None:
    assert codelist("reflection_outcome").label("report_filed", "nl") == "aangifte gedaan"
    assert codelist("phase").label("shelter", "nl") == "in opvang"
    assert codelist("phase").label("shelter", "en") == "in shelter"
    with pytest.raises(KeyError):
        codelist("phase").get("nonsense")


def test_nationalities_from_babel() -> None:
    codes = nationality_codes()
    assert len(codes) == 250  # 249 ISO 3166-1 countries plus Kosovo
    assert "EU" not in codes and "ZZ" not in codes
    assert nationality_name("DE", "nl") == "Duitsland"
    assert nationality_name("DE", "en") == "Germany"
    assert [nationality_group(c) for c in ("NL", "RO", "NG", None)] == [
        "nl",
        "eu",
        "non_eu",
        "unknown",
    ]


def test_municipality_reference() -> None:
    assert len(municipalities()) == 342
    assert len(safety_regions()) == 25
    assert municipalities()["GM0363"].name == "Amsterdam"
    assert "GM1992" in municipalities()  # Voorne aan Zee, new in 2023
    assert "GM0363" in municipalities_in_safety_region("VR13")
    assert REFERENCE_DATE == "2024-06"


def test_models_reject_unknown_codes_without_echoing_personal_input() -> None:
    with pytest.raises(ValidationError):
        CaseFacts(exploitation_forms=("sexual", "slavery"))
    with pytest.raises(ValidationError):
        CaseFacts(municipality="GM9999")
    with pytest.raises(ValidationError):
        ClientFacts(reference="C-1", nationality="XX")
    with pytest.raises(ValidationError) as info:
        ClientIdentity(given_name="Secret Name" * 50)
    assert "Secret Name" not in str(info.value)


def test_forms_normalised() -> None:
    assert CaseFacts(exploitation_forms=("labour", "sexual", "labour")).exploitation_forms == (
        "labour",
        "sexual",
    )
    assert CaseFacts(exploitation_forms=("unknown", "labour")).exploitation_forms == ("labour",)
    assert CaseFacts(exploitation_forms=()).exploitation_forms == ("unknown",)
