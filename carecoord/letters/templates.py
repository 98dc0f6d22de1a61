"""Letter templates and labels as data (TOML), editable by an administrator without code.

Built-in files live in ``carecoord/resources/letters`` and are read through
``importlib.resources`` so a frozen app finds them. An administrator may point the settings at
an override folder: a ``<template>.toml`` there replaces the built-in template of that name as a
whole, and a ``_common.toml`` there is merged key by key over the built-in labels.

Placeholders use ``$name`` (:class:`string.Template`); the values are escaped for ReportLab's
paragraph markup, so a name with ``<`` or ``&`` prints as written.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict, ValidationError

from carecoord.errors import InputRejected
from carecoord.i18n import N_, _
from carecoord.letters.model import Language

COMMON = "_common"
LETTER_PLACEHOLDERS = frozenset(
    {
        "client",
        "recipient",
        "organisation",
        "reference",
        "coordinator",
        "contact",
        "urgency",
        "type",
    }
)
_NAME = re.compile(r"^[a-z0-9_]{1,64}$")
_LANGUAGE_NAMES = {"nl": N_("Dutch"), "en": N_("English")}


class LetterText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    request: str = ""
    closing: str


class TemplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    description: str = ""
    nl: LetterText
    en: LetterText


@dataclass(frozen=True)
class TemplateSource:
    name: str
    origin: str  # "built-in" or "override folder": for messages, never a full path
    text: str


def _builtin_dir() -> Any:
    return resources.files("carecoord.resources").joinpath("letters")


def _read_source(name: str, override_dir: Path | None) -> TemplateSource | None:
    if override_dir is not None:
        candidate = Path(override_dir) / f"{name}.toml"
        if candidate.is_file():
            return TemplateSource(
                name, N_("override folder"), candidate.read_text(encoding="utf-8")
            )
    builtin = _builtin_dir().joinpath(f"{name}.toml")
    if builtin.is_file():
        return TemplateSource(name, N_("built-in"), builtin.read_text(encoding="utf-8"))
    return None


def _parse(source: TemplateSource) -> dict[str, Any]:
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        raise InputRejected(
            _(
                "The letter template '%(name)s' (%(origin)s) is not valid TOML: %(exc)s. "
                "Nothing was written."
            )
            % {"name": source.name, "origin": _(source.origin), "exc": exc},
            problems=[_("template %(name)s: %(exc)s") % {"name": source.name, "exc": exc}],
        ) from None


def available_templates(override_dir: Path | None = None) -> list[str]:
    names = {
        entry.name[:-5]
        for entry in _builtin_dir().iterdir()
        if entry.name.endswith(".toml") and not entry.name.startswith("_")
    }
    if override_dir is not None and Path(override_dir).is_dir():
        names |= {p.stem for p in Path(override_dir).glob("*.toml") if not p.name.startswith("_")}
    return sorted(names)


def load_template(name: str, language: Language, override_dir: Path | None = None) -> LetterText:
    """The text of template ``name`` in ``language``, checked; InputRejected names what is wrong."""
    if not _NAME.match(name) or name.startswith("_"):
        raise InputRejected(
            _(
                "Unknown letter template '%(name)s': template names are lower-case letters, "
                "digits and underscores. Nothing was written."
            )
            % {"name": name[:64]},
            problems=[_("unknown template")],
        )
    source = _read_source(name, override_dir)
    if source is None:
        raise InputRejected(
            _(
                "Unknown letter template '%(name)s': there is no %(name)s.toml among the built-in "
                "templates or in the override folder. Nothing was written."
            )
            % {"name": name},
            problems=[_("template %(name)s missing") % {"name": name}],
        )
    data = _parse(source)
    try:
        template = TemplateFile.model_validate(data)
    except ValidationError as exc:
        # pydantic's reasons stay English; they name template keys, never letter contents.
        problems = [
            _("%(key)s: %(reason)s")
            % {"key": ".".join(str(p) for p in err["loc"]), "reason": err["msg"]}
            for err in exc.errors()
        ]
        raise InputRejected(
            _(
                "The letter template '%(name)s' (%(origin)s) is incomplete or has unknown "
                "entries: %(problems)s. Nothing was written."
            )
            % {"name": name, "origin": _(source.origin), "problems": "; ".join(problems)},
            problems=problems,
        ) from None
    text: LetterText = getattr(template, language)
    unknown = sorted(
        {
            ident
            for part in (
                text.subject,
                text.salutation,
                *text.paragraphs,
                text.request,
                text.closing,
            )
            for ident in _identifiers(part, name, source.origin)
        }
        - LETTER_PLACEHOLDERS
    )
    if unknown:
        raise InputRejected(
            _(
                "The letter template '%(name)s' (%(origin)s, %(language)s) uses "
                "unknown placeholders: %(unknown)s. Known placeholders: %(known)s. "
                "Nothing was written."
            )
            % {
                "name": name,
                "origin": _(source.origin),
                "language": _(_LANGUAGE_NAMES[language]),
                "unknown": ", ".join("$" + u for u in unknown),
                "known": ", ".join("$" + p for p in sorted(LETTER_PLACEHOLDERS)),
            },
            problems=[_("unknown placeholder %(name)s") % {"name": "$" + u} for u in unknown],
        )
    return text


def _identifiers(text: str, name: str, origin: str) -> list[str]:
    template = string.Template(text)
    if not template.is_valid():
        raise InputRejected(
            _(
                "The letter template '%(name)s' (%(origin)s) has a '$' that is not a placeholder; "
                "write '$$' for a dollar sign. Nothing was written."
            )
            % {"name": name, "origin": _(origin)},
            problems=[_("invalid placeholder")],
        )
    return template.get_identifiers()


def fill(text: str, values: Mapping[str, str]) -> str:
    """Substitute placeholders into template text, as paragraph markup (escaped, line breaks)."""
    escaped = {key: escape(value) for key, value in values.items()}
    result = string.Template(escape(text)).substitute(escaped)
    return result.replace("\n", "<br/>")


# -- labels --------------------------------------------------------------------------------------


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class Labels:
    """Fixed texts of every document in one language, e.g. ``labels["confidential"]``."""

    def __init__(self, language: Language, table: Mapping[str, Any]) -> None:
        self.language = language
        self._table = table

    def __getitem__(self, dotted: str) -> str:
        node: Any = self._table
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise InputRejected(
                    _(
                        "The letter labels (%(language)s) have no entry "
                        "'%(dotted)s'; check _common.toml. Nothing was written."
                    )
                    % {"language": _(_LANGUAGE_NAMES[self.language]), "dotted": dotted},
                    problems=[_("label %(dotted)s missing") % {"dotted": dotted}],
                )
            node = node[part]
        if not isinstance(node, str):
            raise InputRejected(
                _(
                    "The letter label '%(dotted)s' is not text; check _common.toml. Nothing was written."
                )
                % {"dotted": dotted},
                problems=[_("label %(dotted)s not text") % {"dotted": dotted}],
            )
        return node

    def fill(self, dotted: str, **values: str) -> str:
        return fill(self[dotted], values)


_BUILTIN_COMMON: dict[str, Any] | None = None


def load_labels(language: Language, override_dir: Path | None = None) -> Labels:
    global _BUILTIN_COMMON  # noqa: PLW0603 - parsed once per process; the file is read-only data
    if _BUILTIN_COMMON is None:
        source = _read_source(COMMON, None)
        if source is None:  # pragma: no cover - a broken installation
            raise InputRejected(_("The built-in letter labels (_common.toml) are missing."))
        _BUILTIN_COMMON = _parse(source)
    table = _BUILTIN_COMMON
    if override_dir is not None and (Path(override_dir) / f"{COMMON}.toml").is_file():
        over = _read_source(COMMON, override_dir)
        assert over is not None
        table = _merge(table, _parse(over))
    section = table.get(language)
    if not isinstance(section, Mapping):
        raise InputRejected(
            _("The letter labels have no %(language)s section. Nothing was written.")
            % {"language": _(_LANGUAGE_NAMES[language])}
        )
    return Labels(language, section)
