"""Behaviours of the workstation side: the clipboard clears itself after its time, but never
what the user copied from elsewhere; the desktop's screen lock locks the app; the font size
setting scales the app's font and is remembered."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.ui.test_unlock_flow import _create
from ui.clipboard import SecureClipboard
from ui.main_window import MainWindow


def test_clipboard_clears_itself_but_not_other_copies(qtbot) -> None:  # type: ignore[no-untyped-def]
    clipboard = SecureClipboard(clear_after_ms=100)
    clipboard.copy_sensitive("CL-0001")
    assert QGuiApplication.clipboard().text() == "CL-0001"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2_000)

    clipboard.copy_sensitive("CL-0002")
    QGuiApplication.clipboard().setText("copied from a mail")  # the user copies something else
    clipboard.clear()
    assert QGuiApplication.clipboard().text() == "copied from a mail"


def test_desktop_screen_lock_locks_the_app(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    window.screen_lock.onActiveChanged(False)  # the screen saver stops: nothing to do
    assert window.session.is_unlocked
    window.screen_lock.onActiveChanged(True)
    assert not window.session.is_unlocked
    assert window.stack.currentWidget() is window.unlock_page


def test_font_size_scales_the_app_and_is_remembered(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font().pointSizeF()
    settings = window.workspace.settings
    try:
        settings.font_scale.setValue(150)
        assert abs(app.font().pointSizeF() - before * 1.5) < 0.01
        assert window.preferences.font_scale == 150
    finally:
        settings.font_scale.setValue(100)
    assert abs(app.font().pointSizeF() - before) < 0.01
