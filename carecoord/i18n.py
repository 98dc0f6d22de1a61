"""Translations (gettext catalogs read with Babel) and locale-aware formatting.

One catalog serves the core and the UI. Catalogs live in ``translations/<lang>/LC_MESSAGES/
carecoord.po``; they are compiled in memory when loaded, so running from source needs no build
step. Dutch is the default language; English is the other one.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

DOMAIN = "carecoord"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

_translations: NullTranslations = NullTranslations()
_language = DEFAULT_LANGUAGE


def translations_dir() -> Path:
    """Beside the packages in a source tree, or bundled next to them in a frozen app."""
    return Path(__file__).resolve().parent.parent / "translations"


def catalog_path(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(language: str) -> NullTranslations:
    path = catalog_path(language)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def set_language(language: str) -> None:
    global _translations, _language  # noqa: PLW0603 - the process has one UI language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _translations = load_translations(language)
    _language = language


def current_language() -> str:
    return _language


def text_language() -> str:
    """The language ``_()`` is producing right now: English until a catalog is loaded.

    The command line never loads one (its messages stay English), while ``current_language``
    still names the app's default; code labels inside messages follow this one so that a
    sentence never mixes languages.
    """
    return _language if isinstance(_translations, Translations) else "en"


def locale_name(language: str | None = None) -> str:
    return _LOCALES[language or _language]


def gettext(message: str) -> str:
    return str(_translations.gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return str(_translations.ngettext(singular, plural, n))


_ = gettext


def N_(message: str) -> str:
    return message


def format_date(value: date, fmt: str = "medium", language: str | None = None) -> str:
    return str(_babel_format_date(value, fmt, locale=locale_name(language)))


def format_datetime(value: datetime, fmt: str = "medium", language: str | None = None) -> str:
    return str(_babel_format_datetime(value, fmt, locale=locale_name(language)))


def format_number(value: float, language: str | None = None) -> str:
    return str(format_decimal(value, locale=locale_name(language)))


def language_name(language: str) -> str:
    """The language's own name ("Nederlands", "English") for the language switch."""
    return str(Locale.parse(locale_name(language)).get_language_name(language)).capitalize()
