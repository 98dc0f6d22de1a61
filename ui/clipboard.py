"""Copying client data: hidden from clipboard managers and history, cleared after 30 s and on lock.

The MIME hints are KeePassXC's (research/security.md §"Clipboard"): KDE/X11, macOS and Windows
each have a format that tells history and cloud clipboards to skip the content.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000

_DWORD_ZERO = QByteArray(b"\x00\x00\x00\x00")
CONCEALED_HINTS = {
    "x-kde-passwordManagerHint": QByteArray(b"secret"),
    "application/x-nspasteboard-concealed-type": QByteArray(b""),
    "ExcludeClipboardContentFromMonitorProcessing": QByteArray(b"\x01"),
    "CanIncludeInClipboardHistory": _DWORD_ZERO,
    "CanUploadToCloudClipboard": _DWORD_ZERO,
}


class SecureClipboard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)
        self._placed: str | None = None

    def copy_sensitive(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        for fmt, value in CONCEALED_HINTS.items():
            data.setData(fmt, value)
        clipboard = QGuiApplication.clipboard()
        clipboard.setMimeData(data, QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.setText(text, QClipboard.Mode.Selection)
        self._placed = text
        self._timer.start()

    def clear(self) -> None:
        """Clear only what we placed: never wipe something the user copied from elsewhere since."""
        self._timer.stop()
        if self._placed is None:
            return
        clipboard = QGuiApplication.clipboard()
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            if mode == QClipboard.Mode.Selection and not clipboard.supportsSelection():
                continue
            if clipboard.text(mode) == self._placed:
                clipboard.clear(mode)
        self._placed = None
