"""Catalog discipline: the template matches the code, and nl/en are complete and consistent."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from carecoord import i18n

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def test_template_is_up_to_date_with_the_code() -> None:
    extracted = {m.id for m in _tool().extract() if m.id}
    template = {m.id for m in _read(i18n.translations_dir() / "carecoord.pot") if m.id}
    assert extracted == template, (
        "run: .venv/bin/python tools/update_translations.py "
        f"(new: {sorted(map(str, extracted - template))[:5]}, gone: {sorted(map(str, template - extracted))[:5]})"
    )


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalog_is_complete_and_placeholders_match(language: str) -> None:
    catalog = _read(i18n.catalog_path(language))
    template = {m.id for m in _read(i18n.translations_dir() / "carecoord.pot") if m.id}
    ids = {m.id for m in catalog if m.id}
    assert template <= ids, f"{language}: missing {sorted(map(str, template - ids))[:5]}"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message.id!r}"
        assert not list(message.check(catalog)), (
            f"{language}: placeholder mismatch in {message.id!r}"
        )


def test_dutch_is_loaded_and_formats_dates() -> None:
    try:
        i18n.set_language("nl")
        assert i18n._("Settings") == "Instellingen"
        assert i18n.format_date(date(2026, 3, 5), "long") == "5 maart 2026"
        i18n.set_language("en")
        assert i18n._("Settings") == "Settings"
        assert i18n.format_date(date(2026, 3, 5), "long") == "5 March 2026"
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.set_language("xx")
