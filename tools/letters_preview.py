"""Render the sample documents to preview/ as PDF and PNG pages, for a visual review.

    make letters-preview        (or: .venv/bin/python tools/letters_preview.py [OUT_DIR])

PNG pages come from QtPdf (the renderer the app prints with); the data is synthetic
(carecoord.letters.samples).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from carecoord.cli.context import default_vault_folder
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
from carecoord.letters.saving import save_document

DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "referral-letter-nl": lambda: render_referral_letter(sample_letter("nl")),
    "referral-letter-en": lambda: render_referral_letter(sample_letter("en")),
    "handover-summary-nl": lambda: render_handover_summary(sample_handover("nl")),
    "recovery-sheet-nl": lambda: render_recovery_sheet(sample_recovery_sheet("nl")),
    "recovery-sheet-en": lambda: render_recovery_sheet(sample_recovery_sheet("en")),
    "access-report-nl": lambda: render_access_report(sample_access_report("nl")),
}


def png_pages(pdf: bytes, dpi: int = 110) -> list[bytes]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = []
    for index in range(document.pageCount()):
        points = document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        image = document.render(index, size)
        out = QBuffer()
        out.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(out, "PNG")
        pages.append(bytes(out.data().data()))
    document.close()
    return pages


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path("preview")
    out_dir.mkdir(parents=True, exist_ok=True)
    vault = default_vault_folder()  # sample documents only, but never into a vault either
    for name, render in DOCUMENTS.items():
        pdf = render()
        save_document(pdf, out_dir / f"{name}.pdf", vault)
        for number, png in enumerate(png_pages(pdf), start=1):
            save_document(png, out_dir / f"{name}-p{number}.png", vault)
        print(f"{out_dir / name}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
