"""Rendering and saving create no file anywhere but the chosen destination."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord.letters.recovery_sheet import render_recovery_sheet
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_letter, sample_recovery_sheet
from carecoord.letters.saving import save_document
from tests.support.letters_leaks import isolated_places, snapshot


def test_render_and_save_touch_only_the_destination(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    destination = tmp_path / "chosen"
    destination.mkdir()
    with isolated_places(tmp_path, monkeypatch) as places:
        before = snapshot(*places)
        letter = render_referral_letter(sample_letter("nl", full_name=True))
        sheet = render_recovery_sheet(sample_recovery_sheet("en"))
        save_document(letter, destination / "brief.pdf", tmp_path / "vault")
        after = snapshot(*places)
    assert after == before
    assert sorted(p.name for p in destination.iterdir()) == ["brief.pdf"]
    assert (destination / "brief.pdf").read_bytes() == letter
    assert sheet.startswith(b"%PDF-")
