"""Printing the recovery key sheet (rendered in memory; the print job has a neutral name)."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from carecoord.i18n import _


def recovery_sheet_html(recovery_key: str) -> str:
    title = _("CareCoord recovery key")
    advice = _(
        "Keep this sheet in a locked place, apart from the computer. Anyone with this key and "
        "a copy of the vault can read it."
    )
    return (
        f"<h1>{title}</h1><p>{advice}</p>"
        f"<p style='font-family: monospace; font-size: 20pt'>{recovery_key}</p>"
    )


def print_recovery_sheet(recovery_key: str, parent: QWidget | None = None) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("CareCoord")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(recovery_sheet_html(recovery_key))
    document.print_(printer)
    return True
