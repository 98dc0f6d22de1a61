"""A busy indicator in the status bar, shown only when vault work has taken over 200 ms.

Quick answers (most of them) show nothing, so the screen stays calm; anything slower shows a
moving bar and "Working…", and a busy cursor that still lets the coordinator move on.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QWidget

from carecoord.i18n import _
from ui.worker import VaultWorker

BUSY_DELAY_MS = 200


class BusyIndicator(QWidget):
    appeared = Signal()

    def __init__(self, worker: VaultWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no known end: a moving bar
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(_("Working"))
        self.label = QLabel(_("Working…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(BUSY_DELAY_MS)
        self._delay.timeout.connect(self._appear)
        self._cursor = False
        self.setVisible(False)
        worker.busyChanged.connect(self._busy_changed)

    @property
    def showing(self) -> bool:
        return not self.isHidden()

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._delay.start()
        else:
            self._delay.stop()
            self.setVisible(False)
            if self._cursor:
                QApplication.restoreOverrideCursor()
                self._cursor = False

    def _appear(self) -> None:
        self.setVisible(True)
        self.appeared.emit()
        if not self._cursor:
            from PySide6.QtCore import Qt  # not at import: the unlock screen needs none of it

            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True
