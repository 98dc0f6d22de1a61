"""Errors that escape a slot or another thread: logged for the administrator (type and place,
carecoord.error_log) and told to the user in the app's language, instead of a traceback on
stderr that nobody sees and that may carry the message's values."""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from carecoord.error_log import log_unexpected
from carecoord.i18n import _
from ui.worker import unexpected_message

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

_open_boxes: list[QMessageBox] = []  # a box without a parent lives as long as it is shown


def tell_user() -> QMessageBox | None:
    """Opened, not exec'd: it never blocks, and a lock closes it like any dialog."""
    if QApplication.instance() is None:
        return None
    # Imported when first needed: the Qt namespace's enums and QMessageBox's are not created
    # for the unlock screen (issue 14).
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Unexpected error"),
        unexpected_message(),
        QMessageBox.StandardButton.Ok,
        QApplication.activeWindow(),
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.append(box)
    box.finished.connect(lambda _r: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()
    return box


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if error.__traceback__ is None:
        error = error.with_traceback(tb)
    log_unexpected(error, "user interface")
    tell_user()


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log_unexpected(args.exc_value, "thread")


def install() -> None:
    """From now on an error in a slot is logged and shown, and the app keeps running."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook
