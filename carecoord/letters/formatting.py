"""Locale formatting for printed documents (Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime

from carecoord.letters.model import Language

# Dutch letters follow Dutch conventions; English letters British ones (day month year).
LOCALES: dict[str, str] = {"nl": "nl_NL", "en": "en_GB"}
BCP47: dict[str, str] = {"nl": "nl-NL", "en": "en-GB"}


def long_date(day: dt.date, language: Language) -> str:
    """'28 november 2026' / '28 November 2026'."""
    return str(_babel_date(day, format="long", locale=LOCALES[language]))


def short_datetime(moment: dt.datetime, language: Language) -> str:
    return str(_babel_datetime(moment, format="short", locale=LOCALES[language]))
