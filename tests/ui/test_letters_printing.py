"""Printing through QtPdf onto a QPrinter, offscreen, to a PDF-format printer in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from carecoord.letters.referral_letter import render_referral_letter
from carecoord.letters.samples import sample_letter
from tests.support.letters_leaks import isolated_places, snapshot
from tests.support.letters_pdf import page_texts
from ui.printing import JOB_NAME, print_pdf, print_with_dialog


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture(scope="module")
def letter() -> bytes:
    return render_referral_letter(sample_letter("nl", full_name=True))


def test_prints_every_page_with_a_neutral_job_name(
    qtbot: QtBot, tmp_path: Path, letter: bytes
) -> None:
    target = tmp_path / "printed.pdf"
    printer = pdf_printer(target)
    assert print_pdf(letter, printer) == len(page_texts(letter))
    assert printer.docName() == JOB_NAME
    with pikepdf.open(target) as printed:
        assert len(printed.pages) == len(page_texts(letter)) == 2
        assert str(printed.docinfo["/Title"]) == JOB_NAME
        width, height = (float(v) for v in printed.pages[0].mediabox[2:])
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 portrait
    assert b"Testescu" not in target.read_bytes()  # job metadata carries no client name


def test_printing_creates_no_other_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, letter: bytes
) -> None:
    destination = tmp_path / "chosen"
    destination.mkdir()
    with isolated_places(tmp_path, monkeypatch) as places:
        before = snapshot(*places)
        print_pdf(letter, pdf_printer(destination / "printed.pdf"))
        after = snapshot(*places)
    assert after == before
    assert [p.name for p in destination.iterdir()] == ["printed.pdf"]


def test_cancelled_dialog_prints_nothing(qtbot: QtBot, tmp_path: Path, letter: bytes) -> None:
    assert print_with_dialog(None, letter, ask=lambda _parent: None) == 0
    target = tmp_path / "p.pdf"
    assert print_with_dialog(None, letter, ask=lambda _parent: pdf_printer(target)) == 2
    assert target.exists()


def test_unreadable_document_is_a_clear_error(qtbot: QtBot, tmp_path: Path) -> None:
    from carecoord.errors import CareCoordError

    with pytest.raises(CareCoordError, match="could not be prepared"):
        print_pdf(b"not a pdf", pdf_printer(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
