"""The Dutch words are those of a Dutch zorgcoördinator mensenhandel, the same on every screen
(issue 15): a banned variant in the compiled catalog, a code list or the letter texts fails here,
so that a new string cannot bring it back.

The compiled catalog (the .mo the app reads) is checked, not the .po: it is what the user sees.
Mnemonic markers (&) are removed before matching, so "B&lokkade" is still "blokkade".
"""

from __future__ import annotations

import json
import re
import tomllib
from gettext import GNUTranslations
from importlib import resources
from typing import Any

import pytest

from carecoord import i18n

# banned variant (regular expression, case-insensitive) -> the term to use instead
BANNED: dict[str, str] = {
    r"\bbesluit\w*\s+(na|over|van)\s+(de\s+)?bedenktijd|\bbesloten\s+op\b": "Keuze na bedenktijd",
    r"\(B8\)|\bB8-vergunning": "Verblijfsvergunning mensenhandel (B8/3)",
    r"registratie bij comensha|(?<!aan)melding (bij|aan) comensha|(?<!aan)gemeld bij comensha": (
        "Aangemeld bij CoMensha / aanmelding bij CoMensha"
    ),
    r"signaleerder|signalering door|signaalgever": "melder",
    r"doorbre(ken|king)|\boverride\b|noodknop": "verstrekking zonder toestemming (grond: …)",
    r"bewaarplicht|legal hold|(?<!juridische )blokkade": "juridische blokkade",
    r"toegangslog|audit-?log|toegangsregistratie|\blog\b": "het logboek",
    r"dossierkenmerk|zaaknummer|casusnummer|(?<!ons )\bkenmerk|referentie(?!beheer)": (
        "dossiernummer (case) / cliëntnummer (client)"
    ),
    r"\bcasus\b|\bzaak\b": "dossier",
    r"\burgent\b": "spoed",
    r"^loopt$": "lopend",
    r"voortijdig (gestopt|beëindigd)|afgehaakt|drop-?out": "uitgevallen",
    r"wachtwoord": "wachtzin",
    r"herstelsleutel gebruiken": "Ontgrendelen met de herstelsleutel",
}
PATTERNS = {re.compile(pattern, re.IGNORECASE): term for pattern, term in BANNED.items()}

# Code lists the lead rewrites in issue 15; remove a mark once that list passes (strict xfail).
REWRITTEN_BY_THE_LEAD = {}


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def violations(where: str, text: str) -> list[str]:
    return [
        f"{where}: {text!r} has {found.group(0)!r}; use {term!r}"
        for pattern, term in PATTERNS.items()
        if (found := pattern.search(plain(text)))
    ]


def compiled_dutch() -> GNUTranslations:
    with i18n.compiled_path("nl").open("rb") as handle:
        return GNUTranslations(handle)


def dutch_catalog_texts() -> dict[str, str]:
    catalog: dict[Any, str] = compiled_dutch()._catalog  # type: ignore[attr-defined]
    return {str(key): text for key, text in catalog.items() if key}


def codelist_files() -> list[str]:
    folder = resources.files("carecoord.resources").joinpath("codelists")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))


def codelist_texts(name: str) -> list[tuple[str, str]]:
    folder = resources.files("carecoord.resources").joinpath("codelists")
    data = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
    texts = [("title", str(data["title"]).split(" / ")[0])]
    texts += [(str(code["code"]), str(code["nl"])) for code in data["codes"]]
    return texts


def dutch_letter_texts() -> list[tuple[str, str]]:
    folder = resources.files("carecoord.resources").joinpath("letters")
    found: list[tuple[str, str]] = []

    def walk(where: str, value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{where}.{key}", inner)
        elif isinstance(value, str):
            found.append((where, value))

    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            walk(entry.name, tomllib.loads(entry.read_text(encoding="utf-8")).get("nl", {}))
    return found


def test_the_compiled_dutch_catalog_has_no_banned_variant() -> None:
    texts = dutch_catalog_texts()
    assert len(texts) > 500  # the real catalog was read, not an empty one
    problems = [p for msgid, text in texts.items() for p in violations(msgid, text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            f,
            marks=pytest.mark.xfail(strict=True, reason=REWRITTEN_BY_THE_LEAD[f[:-5]]),
        )
        if f[:-5] in REWRITTEN_BY_THE_LEAD
        else f
        for f in codelist_files()
    ],
)
def test_a_code_list_has_no_banned_variant(name: str) -> None:
    problems = [p for code, text in codelist_texts(name) for p in violations(code, text)]
    assert not problems, "\n".join(problems)


def test_the_dutch_letter_texts_have_no_banned_variant() -> None:
    texts = dutch_letter_texts()
    assert any(where.startswith("_common.toml.recovery") for where, _t in texts)
    problems = [p for where, text in texts for p in violations(where, text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("msgid", "dutch"),
    [
        ("Reflection period decision", "Keuze na bedenktijd"),
        ("Residence permit (B8)", "Verblijfsvergunning mensenhandel (B8/3)"),
        ("Signaller", "Melder"),
        ("Access log", "Logboek"),
        ("Legal hold", "Juridische blokkade"),
        ("&Case reference", "&Dossiernummer"),
        ("Client reference", "Cliëntnummer"),
        ("&Passphrase", "&Wachtzin"),
        ("Unlock with the &recovery key", "Ontgrendelen met de &herstelsleutel"),
    ],
)
def test_the_required_term_is_used(msgid: str, dutch: str) -> None:
    assert compiled_dutch().gettext(msgid) == dutch


@pytest.mark.parametrize(
    ("name", "code", "dutch"),
    [
        ("referral_urgency.json", "urgent", "spoed"),
        ("exit_outcome.json", "ongoing", "lopend"),
        ("exit_outcome.json", "dropped_out", "uitgevallen"),
    ],
)
def test_the_code_list_uses_the_required_term(name: str, code: str, dutch: str) -> None:
    assert dict(codelist_texts(name))[code] == dutch


def test_the_recovery_sheet_names_the_unlock_button_as_the_unlock_screen_does() -> None:
    unlock = plain(compiled_dutch().gettext("Unlock with the &recovery key"))
    assert unlock in dict(dutch_letter_texts())["_common.toml.recovery.use_text"]
