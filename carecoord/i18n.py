"""Translations (gettext catalogs read with Babel) and locale-aware formatting.

One catalog serves the core and the UI. Catalogs live in ``carecoord/translations/<lang>/
LC_MESSAGES/carecoord.po``, package data beside this module, so the source tree, a wheel install
and the frozen app find them alike; they are compiled in memory when loaded, so running from
source needs no build step. Dutch is the default language; English is the other one.

A missing catalog is never a silent fall-back to English (issue 14): ``set_language`` logs its
type and place for the administrator, and ``missing_catalog()`` names it for the app to say so.
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
from babel.support import NullTranslations, Translations

DOMAIN = "carecoord"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

_translations: NullTranslations = NullTranslations()
_language = DEFAULT_LANGUAGE
_missing: Path | None = None


class CatalogMissing(FileNotFoundError):
    """A language's catalog is not installed (a broken wheel or bundle): logged, never raised
    to the user; its message is the catalog's place inside the package, no user data."""


def translations_dir() -> Path:
    """Package data beside this module: the source tree, a wheel install, the frozen app."""
    return Path(__file__).resolve().parent / "translations"


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
    global _translations, _language, _missing  # noqa: PLW0603 - the process has one UI language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _translations = load_translations(language)
    _language = language
    _missing = None if catalog_path(language).exists() else catalog_path(language)
    if _missing is not None:
        from carecoord.error_log import log_unexpected

        try:
            raise CatalogMissing(catalog_place(language))
        except CatalogMissing as error:
            # Type and place only (error_log); where names the catalog inside the package.
            log_unexpected(error, f"translations: {catalog_place(language)} missing")


def catalog_place(language: str) -> str:
    """The catalog's place inside the package (no install folder, which may hold a user name)."""
    return f"carecoord/translations/{language}/LC_MESSAGES/{DOMAIN}.po"


def missing_catalog() -> Path | None:
    """The catalog the last ``set_language`` did not find, or None when it was loaded."""
    return _missing


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


def language_name(language: str) -> str:
    """The language's own name ("Nederlands", "English") for the language switch."""
    return str(Locale.parse(locale_name(language)).get_language_name(language)).capitalize()
