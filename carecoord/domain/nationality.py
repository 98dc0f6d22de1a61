"""Nationalities: ISO 3166-1 alpha-2 codes with names from Babel's CLDR territory data.

Statistics group them as ``nl``, ``eu`` (the other 26 member states), ``non_eu`` and ``unknown``.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from babel import Locale
from pydantic import AfterValidator

from carecoord.domain.codelists import Language

# CLDR lists regions that are not ISO 3166-1 countries: continents are numeric, the rest are
# these exceptionally reserved or private-use codes. Kosovo (XK) stays: it is how documents and
# the IND record that nationality.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

EU_MEMBERS = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip


@cache
def _names(language: Language) -> dict[str, str]:
    territories = Locale(language).territories
    return {
        code: str(name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def nationality_codes() -> tuple[str, ...]:
    return tuple(sorted(_names("en")))


def is_nationality(code: object) -> bool:
    return isinstance(code, str) and code in _names("en")


def nationality_name(code: str, language: Language = "nl") -> str:
    return _names(language)[code]


def nationality_group(code: str | None) -> str:
    if code is None:
        return "unknown"
    if code == "NL":
        return "nl"
    if code in EU_MEMBERS:
        return "eu"
    return "non_eu"


def _check(value: str) -> str:
    if not is_nationality(value):
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return value


Nationality = Annotated[str, AfterValidator(_check)]
