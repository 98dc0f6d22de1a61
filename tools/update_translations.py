"""Refresh the message catalogs from the source code.

Extracts every marked string into ``carecoord/translations/carecoord.pot`` and merges it into the ``nl`` and
``en`` catalogs, keeping existing translations. English msgids are the English text, so the ``en``
catalog is filled in automatically; new Dutch entries stay empty until a person translates them
(``make test`` fails on an empty or fuzzy entry). Each ``carecoord.po`` gets its compiled
``carecoord.mo`` beside it, which the app reads at start (carecoord/compiled_catalog.py); run this
after any change to a .po, also after resolving a merge conflict in one.

    .venv/bin/python tools/update_translations.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from carecoord.compiled_catalog import compile_catalog  # noqa: E402 - needs ROOT on the path

# Inside the package, so that a wheel ships the catalogs as package data (issue 14).
TRANSLATIONS = ROOT / "carecoord" / "translations"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SOURCES = ("carecoord", "ui")


def extract() -> Catalog:
    template = Catalog(project="CareCoord", domain="carecoord", fuzzy=False)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / source,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            template.add(
                message,
                None,
                [(f"{source}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
                flags=("python-format",) if "%(" in str(message) else (),
            )
    return template


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False, sort_output=True, no_location=True, width=100)
    # The creation date changes on every run; leave it out so the files only change with content.
    return b"\n".join(
        line
        for line in buffer.getvalue().split(b"\n")
        if not line.startswith(b'"POT-Creation-Date')
    )


def write_catalog(language: str, catalog: Catalog) -> Path:
    """The .po, and the .mo compiled from exactly those bytes."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "carecoord.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    source = render(catalog)
    path.write_bytes(source)
    path.with_suffix(".mo").write_bytes(compile_catalog(source, language))
    return path


def merge(template: Catalog, language: str) -> Catalog:
    path = TRANSLATIONS / language / "LC_MESSAGES" / "carecoord.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, domain="carecoord", project="CareCoord")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.fuzzy = False
    catalog.obsolete.clear()
    if language == "en":
        for message in catalog:
            if message.id and not is_translated(message):
                message.string = message.id
    return catalog


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return all(strings)


def main() -> int:
    template = extract()
    TRANSLATIONS.mkdir(exist_ok=True)
    (TRANSLATIONS / "carecoord.pot").write_bytes(render(template))
    for language in ("nl", "en"):
        catalog = merge(template, language)
        write_catalog(language, catalog)
        missing = [m.id for m in catalog if m.id and not is_translated(m)]
        if missing:
            print(f"{language}: {len(missing)} untranslated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
