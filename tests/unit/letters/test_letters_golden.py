"""Golden tests: the text of each page, line by line, against tests/fixtures/letters.

Layout changes that move text between pages or lines show up here. To accept an intended
change, run with CARECOORD_UPDATE_GOLDEN=1 and review the diff of the fixture files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from carecoord.letters.handover_summary import render_handover_summary
from carecoord.letters.recovery_sheet import render_recovery_sheet
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_handover, sample_letter, sample_recovery_sheet
from tests.support.letters_pdf import page_texts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "letters"
SEPARATOR = "=== page {} ==="

CASES: dict[str, Callable[[], bytes]] = {
    "referral-letter-nl": lambda: render_referral_letter(sample_letter("nl")),
    "referral-letter-en": lambda: render_referral_letter(sample_letter("en")),
    "handover-summary-en": lambda: render_handover_summary(sample_handover("en")),
    "recovery-sheet-nl": lambda: render_recovery_sheet(sample_recovery_sheet("nl")),
}


def as_blocks(pdf: bytes) -> str:
    out = []
    for number, page in enumerate(page_texts(pdf), start=1):
        out.append(SEPARATOR.format(number))
        out += [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    return "\n".join(out) + "\n"


def split_pages(text: str) -> list[list[str]]:
    pages: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("=== page "):
            pages.append([])
        elif line.strip():
            pages[-1].append(line)
    return pages


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_blocks_match_golden(name: str) -> None:
    actual = as_blocks(CASES[name]())
    golden = FIXTURES / f"{name}.txt"
    if os.environ.get("CARECOORD_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected_pages = split_pages(golden.read_text(encoding="utf-8"))
    actual_pages = split_pages(actual)
    assert len(actual_pages) == len(expected_pages), "page count changed"
    for number, (want, got) in enumerate(zip(expected_pages, actual_pages, strict=True), start=1):
        assert got == want, f"page {number} differs"
