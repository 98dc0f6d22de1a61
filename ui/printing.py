"""Printing a finished PDF through Qt: QtPdf renders the pages onto a QPrinter.

No external viewer and no file: the PDF bytes go into a QBuffer, QPdfDocument reads them from
there, and each page is rendered to an image and painted on the printer. The print job gets a
neutral name, because spoolers keep job names in their history (research/security.md §5).
The caller records the print in the access log (carecoord.letters.events) after success.

Printing never writes a file: without a printer Qt's print dialog offers only "print to file",
with a file name already filled in, so one press on Print wrote a PDF where the user never
chose (issue 12). So without an installed printer no print dialog opens and the user is told,
and the dialog never offers "print to file": a document is saved with Save as…, where the user
picks the place (and the recovery sheet warns that its file is the key in clear).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QWidget

from carecoord.errors import CareCoordError, UsageError
from carecoord.i18n import _
from carecoord.output_paths import refuse_inside_vault

JOB_NAME = "CareCoord"
MAX_DPI = 300  # beyond this a letter looks no better and the page images get huge


def _open(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        document.close()
        raise CareCoordError(_("The document could not be prepared for printing."))
    return document, buffer


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf`` on ``printer``; returns the number of pages printed.

    Runs on the GUI thread (QPainter on a printer). Raises CareCoordError if the printer
    cannot be started.
    """
    document, buffer = _open(pdf)
    try:
        printer.setDocName(JOB_NAME)
        printer.setCreator(JOB_NAME)
        printer.setFullPage(True)  # the PDF carries its own margins
        first = document.pagePointSize(0)
        printer.setPageSize(QPageSize(first.toSize(), "", QPageSize.SizeMatchPolicy.FuzzyMatch))
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape
            if first.width() > first.height()
            else QPageLayout.Orientation.Portrait
        )
        dpi = min(printer.resolution(), MAX_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise CareCoordError(_("The printer could not be started; nothing was printed."))
        try:
            for index in range(document.pageCount()):
                if index and not printer.newPage():
                    raise CareCoordError(
                        _("The printer stopped after page %(page)d.") % {"page": index}
                    )
                points = document.pagePointSize(index)
                image = document.render(
                    index,
                    QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)),
                )
                target: QRect = painter.viewport()
                painter.drawImage(target, image)
        finally:
            painter.end()
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


def printers_available() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def tell_no_printer(parent: QWidget | None, hint: str = "") -> QMessageBox:
    """Opened, not exec'd: it never blocks the event loop, and a lock closes it like any dialog."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("No printer"),
        (_("No printer is installed on this computer; nothing was printed.") + " " + hint).strip(),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def ask_printer(parent: QWidget | None, no_printer_hint: str = "") -> QPrinter | None:
    """The print dialog on a real printer; None when cancelled or when there is no printer
    (then the user is told). A separate function so tests can replace it."""
    if not printers_available():
        tell_no_printer(parent, no_printer_hint)
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(JOB_NAME)
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return None  # a file after all: never written from here
    return printer


def refused_print_target(printer: QPrinter, vault_folder: Path | None) -> str | None:
    """Why printing to this printer's file would be refused (inside the vault), else None.

    The print dialog's "print to file" writes straight to the chosen path, not atomically: a PDF
    over vault.db would destroy the vault. Same check as every other output.
    """
    name = printer.outputFileName()
    if not name or vault_folder is None:
        return None
    try:
        refuse_inside_vault(Path(name), vault_folder)
    except UsageError as exc:
        return exc.message
    return None


def print_with_dialog(
    parent: QWidget | None,
    pdf: bytes,
    ask: Callable[[QWidget | None], QPrinter | None] | None = None,
    *,
    vault_folder: Path | None = None,
    show: Callable[[str], None] | None = None,
) -> int:
    """Ask for a printer and print; returns pages printed (0 when the user cancelled).

    A print-to-file inside ``vault_folder`` is refused: ``show`` says why and the printer is
    asked for again.
    """
    while True:
        printer = (ask or ask_printer)(parent)
        if printer is None:
            return 0
        refused = refused_print_target(printer, vault_folder)
        if refused is None:
            return print_pdf(pdf, printer)
        if show is not None:
            show(refused)
