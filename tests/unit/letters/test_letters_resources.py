"""Shipped resources: fonts with their licence, templates for every referral type."""

from __future__ import annotations

from importlib import resources

from carecoord.letters import fonts
from carecoord.letters.model import REFERRAL_TYPES


def test_every_shipped_font_has_its_licence_beside_it() -> None:
    folder = resources.files("carecoord.resources").joinpath("fonts")
    names = {entry.name for entry in folder.iterdir()}
    ttfs = {n for n in names if n.endswith(".ttf")}
    assert set(fonts.FONT_FILES.values()) == ttfs
    licence = folder.joinpath(fonts.LICENCE_FILE).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name Liberation" in licence
    for ttf in ttfs:
        assert ttf.startswith("Liberation")
        assert fonts.font_bytes(ttf)[:4] == b"\x00\x01\x00\x00"  # TrueType outlines


def test_templates_are_package_data() -> None:
    folder = resources.files("carecoord.resources").joinpath("letters")
    names = {entry.name for entry in folder.iterdir()}
    assert {f"{code}.toml" for code in REFERRAL_TYPES} | {"_common.toml"} <= names
