"""A PDF shown in the app (QtPdf), from bytes in memory: the letter is looked at before it is
printed or saved, and never written to a temporary file to be shown (DESIGN.md section 1)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from carecoord.i18n import _


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Preview of the letter"))
        self.placeholder = QLabel(_("The letter is shown here before you print or save it."))
        self.placeholder.setWordWrap(True)
        # The document reads from this buffer for as long as it is shown: kept with the widget.
        self._bytes = QByteArray()
        self._buffer = QBuffer(self)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.view)

    def show_pdf(self, pdf: bytes) -> bool:
        """Show ``pdf``; False when QtPdf cannot read it."""
        self.document.close()
        self._buffer.close()
        self._bytes = QByteArray(pdf)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ready = self.document.status() == QPdfDocument.Status.Ready
        self._stack.setCurrentWidget(self.view if ready else self.placeholder)
        if ready:
            self.view.pageNavigator().jump(0, QPointF(0, 0), 0)  # the letter's top, not its end
            self.view.verticalScrollBar().setValue(0)
        return ready

    def page_count(self) -> int:
        return self.document.pageCount()

    def clear(self, text: str | None = None) -> None:
        self.document.close()
        self._buffer.close()
        self._bytes = QByteArray()
        if text is not None:
            self.placeholder.setText(text)
        self._stack.setCurrentWidget(self.placeholder)
