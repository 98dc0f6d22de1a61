"""Every page carries the marking, the reference and 'pagina x van y'."""

from __future__ import annotations

from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_letter
from tests.support.letters_pdf import page_texts


def test_long_letter_numbers_and_marks_every_page() -> None:
    request = sample_letter("nl")
    reason = "\n\n".join(
        f"Alinea {i}: " + "toelichting op de situatie van cliënt. " * 12 for i in range(14)
    )
    referral = request.referral.model_copy(update={"reason": reason})
    pages = page_texts(render_referral_letter(request.model_copy(update={"referral": referral})))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert f"pagina {number} van {total}" in flat
        assert "VERTROUWELIJK" in flat
        assert "ZC-2026-0042" in flat
    assert "Alinea 13" in " ".join(pages)
    assert "Met vriendelijke groet" in pages[-1]


def test_english_letter_uses_english_page_numbers_and_dates() -> None:
    pages = page_texts(render_referral_letter(sample_letter("en")))
    flat = " ".join(" ".join(pages).split())
    assert f"page 1 of {len(pages)}" in flat
    assert "CONFIDENTIAL" in flat
    assert "Date 28 November 2026" in flat
    assert "pagina" not in flat and "Vertrouwelijk" not in flat
