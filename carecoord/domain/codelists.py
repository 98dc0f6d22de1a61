"""Code lists of the data standard (DESIGN.md §4), loaded from ``carecoord/resources/codelists``.

Codes are stable English snake_case identifiers; the Dutch and English labels live in the JSON
files so that they can be corrected without touching code. Models validate codes with the
annotated types at the bottom of this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Annotated, Literal

from pydantic import AfterValidator

Language = Literal["nl", "en"]


@dataclass(frozen=True)
class Code:
    code: str
    nl: str
    en: str
    group: str | None = None

    def label(self, language: Language = "nl") -> str:
        return self.nl if language == "nl" else self.en


@dataclass(frozen=True)
class CodeList:
    name: str
    title: str
    codes: tuple[Code, ...]
    # Built once: validators look codes up hundreds of thousands of times during a demo run.
    _by_code: dict[str, Code] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {c.code: c for c in self.codes})

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._index()

    def get(self, code: str) -> Code:
        try:
            return self._index()[code]
        except KeyError:
            raise KeyError(f"'{code}' is not a code of the list {self.name}") from None

    def label(self, code: str, language: Language = "nl") -> str:
        return self.get(code).label(language)

    def in_group(self, group: str) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes if c.group == group)

    def _index(self) -> dict[str, Code]:
        return self._by_code


def _folder() -> Traversable:
    return resources.files("carecoord.resources").joinpath("codelists")


@cache
def codelist(name: str) -> CodeList:
    entry = _folder().joinpath(f"{name}.json")
    if not entry.is_file():
        raise KeyError(f"no code list named {name}")
    data = json.loads(entry.read_text(encoding="utf-8"))
    codes = tuple(Code(c["code"], c["nl"], c["en"], c.get("group")) for c in data["codes"])
    return CodeList(data["list"], data["title"], codes)


def all_codelists() -> dict[str, CodeList]:
    names = sorted(
        e.name.removesuffix(".json") for e in _folder().iterdir() if e.name.endswith(".json")
    )
    return {name: codelist(name) for name in names}


def _checker(list_name: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in codelist(list_name):
            # The value is a code, never personal data, so naming it is safe and helpful.
            raise ValueError(f"'{value}' is not a code of {list_name}")
        return value

    return AfterValidator(check)


ExploitationForm = Annotated[str, _checker("exploitation_form")]
Gender = Annotated[str, _checker("gender")]
Signaller = Annotated[str, _checker("signaller")]
Sector = Annotated[str, _checker("sector")]
LocationType = Annotated[str, _checker("location_type")]
Phase = Annotated[str, _checker("phase")]
ShelterType = Annotated[str, _checker("shelter_type")]
ShelterEndReason = Annotated[str, _checker("shelter_end_reason")]
ReferralType = Annotated[str, _checker("referral_type")]
ReferralStatus = Annotated[str, _checker("referral_status")]
ReferralUrgency = Annotated[str, _checker("referral_urgency")]
ReflectionOutcome = Annotated[str, _checker("reflection_outcome")]
ReflectionOfferedBy = Annotated[str, _checker("reflection_offered_by")]
PermitGround = Annotated[str, _checker("permit_ground")]
ClosureReason = Annotated[str, _checker("closure_reason")]
ComenshaBasis = Annotated[str, _checker("comensha_basis")]
AlreadyRegisteredBy = Annotated[str, _checker("already_registered_by")]
IdentificationRouteCode = Annotated[str, _checker("identification_route")]
MdtAdvice = Annotated[str, _checker("mdt_advice")]
Custody = Annotated[str, _checker("custody")]
ResidenceRegistration = Annotated[str, _checker("residence_registration")]
YesNoUnknown = Annotated[str, _checker("yes_no_unknown")]
ExitMilestone = Annotated[str, _checker("exit_milestone")]
ExitOutcome = Annotated[str, _checker("exit_outcome")]
ConsentPurpose = Annotated[str, _checker("consent_purpose")]
DataCategory = Annotated[str, _checker("data_category")]
ConsentGiver = Annotated[str, _checker("consent_giver")]
TaskKind = Annotated[str, _checker("task_kind")]
CaseGoalDomain = Annotated[str, _checker("case_goal_domain")]
GoalStatus = Annotated[str, _checker("goal_status")]
ContactRole = Annotated[str, _checker("contact_role")]
MeetingKind = Annotated[str, _checker("meeting_kind")]
RiskLevel = Annotated[str, _checker("risk_level")]
Threat = Annotated[str, _checker("threat")]
# Risk locations and controls (issue 18).
LocationIndicator = Annotated[str, _checker("location_indicator")]
LocationStatus = Annotated[str, _checker("location_status")]
ControlBy = Annotated[str, _checker("control_by")]
ControlOutcome = Annotated[str, _checker("control_outcome")]
ControlFollowUp = Annotated[str, _checker("control_follow_up")]
