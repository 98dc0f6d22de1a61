"""Dutch municipalities (CBS ``GM`` codes) and veiligheidsregio's from the shipped reference list.

The list is the state of June 2024 (see ``resources/reference/README.md``); a case keeps the code
it was recorded with, even after a municipal merger. The coordinator's own region is a setting in
the vault (:class:`carecoord.store.settings_repository.SettingsRepository`), not part of this list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated

from pydantic import AfterValidator

REFERENCE_DATE = "2024-06"
# Provenance: CBS municipality codes via minvws/nl-covid19-data-dashboard
# (packages/common/src/data/gm.ts), state of June 2024.


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    safety_region: str


@dataclass(frozen=True)
class SafetyRegion:
    code: str
    name: str


def _rows(filename: str) -> list[dict[str, str]]:
    text = (
        resources.files("carecoord.resources")
        .joinpath("reference", filename)
        .read_text(encoding="utf-8")
    )
    return list(csv.DictReader(io.StringIO(text)))


@cache
def municipalities() -> dict[str, Municipality]:
    return {
        row["gemeentecode"]: Municipality(
            row["gemeentecode"], row["naam"], row["veiligheidsregio_code"]
        )
        for row in _rows("gemeenten.csv")
    }


@cache
def safety_regions() -> dict[str, SafetyRegion]:
    return {
        row["veiligheidsregio_code"]: SafetyRegion(row["veiligheidsregio_code"], row["naam"])
        for row in _rows("veiligheidsregios.csv")
    }


def is_municipality(code: object) -> bool:
    return isinstance(code, str) and code in municipalities()


def municipalities_in_safety_region(region_code: str) -> tuple[str, ...]:
    return tuple(
        sorted(m.code for m in municipalities().values() if m.safety_region == region_code)
    )


def _check(value: str) -> str:
    if not is_municipality(value):
        raise ValueError(f"'{value}' is not a municipality code of the {REFERENCE_DATE} list")
    return value


MunicipalityCode = Annotated[str, AfterValidator(_check)]
