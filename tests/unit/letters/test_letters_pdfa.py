"""PDF/A-2b validity, embedded fonts, document language and neutral metadata of every document."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from collections.abc import Callable

import pikepdf
import pytest
from pikepdf.pdfa import validate_written

from carecoord.letters.access_report import render_access_report
from carecoord.letters.handover_summary import render_handover_summary
from carecoord.letters.recovery_sheet import render_recovery_sheet
from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import (
    sample_access_report,
    sample_handover,
    sample_letter,
    sample_recovery_sheet,
)
from tests.support.letters_pdf import BASE14, fonts_used, strip_subset

DOCUMENTS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "letter-nl": (
        lambda: render_referral_letter(sample_letter("nl")),
        "nl-NL",
        "Verwijzing ZC-2026-0042",
    ),
    "letter-en": (
        lambda: render_referral_letter(sample_letter("en")),
        "en-GB",
        "Referral ZC-2026-0042",
    ),
    "handover-nl": (
        lambda: render_handover_summary(sample_handover("nl")),
        "nl-NL",
        "Overdracht ZC-2026-0042",
    ),
    "recovery-en": (
        lambda: render_recovery_sheet(sample_recovery_sheet("en")),
        "en-GB",
        "Recovery key",
    ),
    "access-nl": (
        lambda: render_access_report(sample_access_report("nl")),
        "nl-NL",
        "Inzageoverzicht ZC-2026-0042",
    ),
}


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def document(request: pytest.FixtureRequest) -> tuple[bytes, str, str]:
    render, lang, title = DOCUMENTS[request.param]
    return render(), lang, title


def test_passes_pdfa_2b_validation(document: tuple[bytes, str, str]) -> None:
    pdf, _, _ = document
    report = validate_written(io.BytesIO(pdf), "2b")
    assert report.passed, [str(f) for f in report.findings]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"


def test_every_font_is_embedded_and_none_is_base14(document: tuple[bytes, str, str]) -> None:
    pdf, _, _ = document
    fonts = fonts_used(pdf)
    assert fonts, "no fonts found at all"
    for font in fonts:
        if font.subtype == "/Type0":
            continue  # the composite wrapper; its descendant carries the font program
        assert font.embedded, f"{font.base_font} is not embedded"
        assert strip_subset(font.base_font) not in BASE14
    names = {strip_subset(f.base_font) for f in fonts}
    assert any(name.startswith("Liberation") or name.startswith("CareCoord") for name in names), (
        names
    )
    assert b"/Helvetica" not in pdf


def test_language_and_neutral_metadata(document: tuple[bytes, str, str]) -> None:
    pdf, lang, title = document
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == lang
        assert str(doc.docinfo["/Title"]) == title
        assert str(doc.docinfo["/Creator"]) == "CareCoord"
        assert "/Subject" not in doc.docinfo and "/Keywords" not in doc.docinfo
        xmp = bytes(doc.Root.Metadata.read_bytes())
    for private in (b"Testescu", b"Ioana", b"1999-04-03", b"april 1999", b"Verborgenlaan"):
        assert private not in xmp
        assert private not in pdf  # not in any uncompressed part (metadata, names) either
    assert title.encode() in xmp


def test_no_page_transitions_left(document: tuple[bytes, str, str]) -> None:
    pdf, _, _ = document
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert all("/Trans" not in page.obj for page in doc.pages)


def test_same_input_gives_identical_bytes() -> None:
    first = render_referral_letter(sample_letter("nl"))
    second = render_referral_letter(sample_letter("nl"))
    assert first == second
    assert render_referral_letter(sample_letter("en")) != first


def test_identical_bytes_across_processes() -> None:
    """No process state (font subset tags, IDs, clocks) leaks into the output."""
    code = (
        "import hashlib;from carecoord.letters.referral_letter import render_referral_letter;"
        "from carecoord.letters.samples import sample_letter;"
        "print(hashlib.sha256(render_referral_letter(sample_letter('nl'))).hexdigest())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    here = hashlib.sha256(render_referral_letter(sample_letter("nl"))).hexdigest()
    assert result.stdout.strip() == here


def test_dates_in_metadata_are_the_letters_date() -> None:
    pdf = render_referral_letter(sample_letter("nl"))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20261128")
        xmp = bytes(doc.Root.Metadata.read_bytes())
    assert b"2026-11-28T00:00:00+00:00" in xmp
    assert xmp.count(b"2026-11-28T00:00:00+00:00") >= 3  # create, modify and metadata date


def _helvetica_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(100, 700, "Helvetica, never embedded")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_font_checker_sees_an_unembedded_base14_font() -> None:
    fonts = fonts_used(_helvetica_pdf())
    assert any(strip_subset(f.base_font) == "Helvetica" and not f.embedded for f in fonts)


def test_finalise_refuses_output_that_is_not_pdfa() -> None:
    import datetime as dt

    from carecoord.letters.pdfa import PdfaFailed, finalise

    with pytest.raises(PdfaFailed, match="did not pass PDF/A-2b validation"):
        finalise(_helvetica_pdf(), title="t", author="a", lang="nl-NL", day=dt.date(2026, 1, 1))
