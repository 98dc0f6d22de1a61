"""Translations (gettext catalogs) and locale-aware formatting (Babel).

One catalog serves the core and the UI. Catalogs live in ``carecoord/translations/<lang>/
LC_MESSAGES/``, package data beside this module, so the source tree, a wheel install and the
frozen app find them alike: ``carecoord.po`` is the source, ``carecoord.mo`` its compiled form,
which the standard library's ``gettext`` reads at start without Babel (carecoord/
compiled_catalog.py; issue 14). A .mo that is missing or older than its .po is not used: the
.po is then compiled in memory, so running from source never needs a build step. Dutch is the
default language; English is the other one.

Babel (its locale data for dates, numbers and language names) is imported when a value is
first formatted, not for the unlock screen.

A missing catalog is never a silent fall-back to English (issue 14): ``set_language`` logs its
type and place for the administrator, and ``missing_catalog()`` names it for the app to say so.
"""

from __future__ import annotations

import io
import struct
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING

from carecoord.compiled_catalog import SOURCE_DIGEST, source_digest

if TYPE_CHECKING:
    from datetime import date, datetime

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
    """The catalog's source (the .po): what translators edit and tests read."""
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_path(language: str) -> Path:
    """The compiled catalog (the .mo) beside the .po, written by tools/update_translations.py."""
    return catalog_path(language).with_suffix(".mo")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def load_translations(language: str) -> NullTranslations:
    """The .mo while it was compiled from the .po as it is now; else the .po, compiled here."""
    source = _read(catalog_path(language))
    compiled = _read(compiled_path(language))
    if compiled is not None:
        try:
            translations = GNUTranslations(io.BytesIO(compiled))
        except (OSError, ValueError, struct.error):  # a damaged .mo: the .po still serves
            pass
        else:
            recorded = translations.info().get(SOURCE_DIGEST.lower())
            if source is None or recorded == source_digest(source):
                return translations
    if source is None:
        return NullTranslations()
    # Compiled in memory with Babel (slower): a .po edited without running
    # tools/update_translations.py, which tests/unit/test_translations.py reports.
    from carecoord.compiled_catalog import compile_catalog

    return GNUTranslations(io.BytesIO(compile_catalog(source, language)))


def set_language(language: str) -> None:
    global _translations, _language, _missing  # noqa: PLW0603 - the process has one UI language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _translations = load_translations(language)
    _language = language
    _missing = None if isinstance(_translations, GNUTranslations) else catalog_path(language)
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
    return _language if isinstance(_translations, GNUTranslations) else "en"


def locale_name(language: str | None = None) -> str:
    return _LOCALES[language or _language]


def gettext(message: str) -> str:
    return str(_translations.gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return str(_translations.ngettext(singular, plural, n))


_ = gettext


def N_(message: str) -> str:
    return message


# Babel is imported by the first call (issue 14); later calls find it in sys.modules.
def format_date(value: date, fmt: str = "medium", language: str | None = None) -> str:
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, fmt, locale=locale_name(language)))


def date_entry_pattern(language: str | None = None) -> str:
    """Babel's short date pattern of the language, with a four-digit year: how a date is typed
    (``dd-MM-yyyy`` in Dutch). The same tokens (d, M, y) as Qt's date edits use."""
    import re

    from babel.dates import get_date_format

    pattern = str(get_date_format("short", locale=locale_name(language)).pattern)
    return re.sub("y+", "yyyy", pattern)


def format_datetime(value: datetime, fmt: str = "medium", language: str | None = None) -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return str(babel_format_datetime(value, fmt, locale=locale_name(language)))


def language_name(language: str) -> str:
    """The language's own name ("Nederlands", "English") for the language switch."""
    from babel import Locale

    return str(Locale.parse(locale_name(language)).get_language_name(language)).capitalize()


def language_name_here(language: str) -> str:
    """The language's name in the language of the screen ("Engels" on a Dutch one), for
    choosing the language of a letter or an export; the switch itself uses ``language_name``."""
    from babel import Locale

    here = Locale.parse(locale_name(_language))
    return str(here.languages.get(language, language)).capitalize()
