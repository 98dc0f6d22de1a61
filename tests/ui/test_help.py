"""F1 shows the keyboard shortcuts (also while locked); About names the version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord import __version__
from tests.ui.test_accessibility import unnamed_focusables
from ui.help_dialogs import InfoDialog
from ui.main_window import MainWindow


def _shown() -> list[InfoDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, InfoDialog) and w.isVisible()
    ]


def test_f1_lists_the_shortcuts_and_about_names_the_version(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    (dialog,) = _shown()
    assert "Ctrl+L" in dialog.text.text() and "Ctrl+N" in dialog.text.text()
    assert unnamed_focusables(dialog) == []
    dialog.reject()
    about = next(
        a for m in window.menuBar().actions() for a in m.menu().actions() if "About" in a.text()
    )
    about.trigger()
    (dialog,) = _shown()
    assert __version__ in dialog.text.text()
    window.lock()  # a lock closes it like any dialog
    assert _shown() == []
