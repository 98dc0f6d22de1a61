"""Catalog discipline: the template matches the code, and nl/en are complete and consistent."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
from datetime import date
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from carecoord import i18n
from carecoord.compiled_catalog import compile_catalog

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


# -- the compiled catalogs the app reads at start (issue 14) ----------------------------------


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_compiled_catalog_is_up_to_date_with_the_po(language: str) -> None:
    source = i18n.catalog_path(language).read_bytes()
    compiled = i18n.compiled_path(language)
    assert compiled.exists(), "run: .venv/bin/python tools/update_translations.py"
    assert compiled.read_bytes() == compile_catalog(source, language), (
        f"{language}: the .mo is older than the .po; run: .venv/bin/python "
        "tools/update_translations.py"
    )


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_compiled_catalog_holds_what_babel_compiles(language: str) -> None:
    """The .mo (our writer, reproducible) translates exactly as Babel's own write_mo."""
    with i18n.catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=i18n.DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    babel_made = GNUTranslations(buffer)
    ours = GNUTranslations(io.BytesIO(i18n.compiled_path(language).read_bytes()))
    assert ours._catalog.keys() - {""} == babel_made._catalog.keys() - {""}
    assert all(ours._catalog[k] == v for k, v in babel_made._catalog.items() if k != "")
    for n in (1, 2):
        plural = ours.ngettext("%(n)d case found.", "%(n)d cases found.", n)
        assert plural == babel_made.ngettext("%(n)d case found.", "%(n)d cases found.", n)
    if language == "nl":
        assert ours.ngettext("%(n)d case found.", "%(n)d cases found.", 2) == (
            "%(n)d dossiers gevonden."
        )
    assert ours.info()["plural-forms"] == babel_made.info()["plural-forms"]


@pytest.fixture
def catalog_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The installed catalogs, copied where a test may change them."""
    copy = tmp_path / "translations"
    shutil.copytree(i18n.translations_dir(), copy)
    monkeypatch.setattr(i18n, "translations_dir", lambda: copy)
    return copy


def test_a_po_edited_after_its_mo_is_what_translates(catalog_copy: Path) -> None:
    """A .mo older than its .po is not used: the .po is compiled in memory instead."""
    po = catalog_copy / "nl" / "LC_MESSAGES" / "carecoord.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Instellingen"' in text
    po.write_text(text.replace('msgstr "Instellingen"', 'msgstr "Voorkeuren"'), encoding="utf-8")
    i18n.set_language("nl")
    assert i18n._("Settings") == "Voorkeuren"
    assert i18n.missing_catalog() is None


def test_the_mo_alone_translates(catalog_copy: Path) -> None:
    (catalog_copy / "nl" / "LC_MESSAGES" / "carecoord.po").unlink()
    i18n.set_language("nl")
    assert i18n._("Settings") == "Instellingen"
    assert i18n.missing_catalog() is None


def test_a_damaged_mo_gives_way_to_the_po(catalog_copy: Path) -> None:
    (catalog_copy / "nl" / "LC_MESSAGES" / "carecoord.mo").write_bytes(b"not a catalog")
    i18n.set_language("nl")
    assert i18n._("Settings") == "Instellingen"


def test_setting_the_language_imports_no_babel() -> None:
    """In a fresh interpreter: the compiled catalog is read without Babel; formatting a date
    loads it."""
    code = (
        "import sys; from datetime import date; from carecoord import i18n; "
        "i18n.set_language('nl'); assert i18n._('Settings') == 'Instellingen'; "
        "print('babel' in sys.modules); i18n.format_date(date(2026, 3, 5)); "
        "print('babel' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
