"""A coordinator's day by keyboard alone (issue 17): every step below is a key event sent to the
widget that has the focus, never a click or a direct call. First run at the user name, a new
case with Ctrl+N (its choices by Alt+letter and arrow keys, saved with Ctrl+Enter), the case's
tabs with Ctrl+Tab and Ctrl+PgDn, a note whose text box Tab leaves, back to the list, and the
case opened again from the search box with Down and Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from tests.conftest import PASSPHRASE
from ui.dialogs.base import FormDialog
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focus(), k, modifier)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focus(), text)


def _form(qtbot) -> FormDialog:  # type: ignore[no-untyped-def]
    def shown() -> list[FormDialog]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=10_000)
    dialog = shown()[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and focus().window() is dialog)
    return dialog


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)


def test_a_day_by_keyboard_alone(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.unlock_page
    page.show_recovery_key = lambda _key: None  # type: ignore[method-assign]
    # First run: typing starts at the user name.
    assert focus() is page.user
    type_text(qtbot, "anna")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is page.passphrase
    type_text(qtbot, PASSPHRASE)
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, PASSPHRASE)
    with qtbot.waitSignal(page.unlocked, timeout=20_000):
        key(qtbot, Qt.Key.Key_Return)
    ws = window.workspace
    _idle(qtbot, window)
    window.activateWindow()

    # A new case: Ctrl+N, the first field has the focus, Alt+letter reaches each choice.
    key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = _form(qtbot)
    assert focus().accessibleName() == "Client reference"
    type_text(qtbot, "CL-KEY1")
    for letter in (Qt.Key.Key_E, Qt.Key.Key_G, Qt.Key.Key_T, Qt.Key.Key_O):  # gender … location
        key(qtbot, letter, ALT)
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)  # Enter never saves
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return, CTRL)
    view = ws.cases.view
    qtbot.waitUntil(lambda: view.case is not None and view.isVisible(), timeout=10_000)
    _idle(qtbot, window)

    # The case's tabs: Ctrl+Tab and Ctrl+PgDn from wherever the focus is in the case.
    # The offscreen platform does not give the window back its activation when a dialog closes
    # (a desktop does): that, and a focus to start from, are the only calls.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.back.setFocus()
    start = view.tabs.currentIndex()
    key(qtbot, Qt.Key.Key_Tab, CTRL)
    assert view.tabs.currentIndex() == start + 1
    key(qtbot, Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert view.tabs.currentIndex() == start
    notes = view.tabs.indexOf(view.notes)
    for _step in range(notes - start):
        key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert view.tabs.currentWidget() is view.notes

    # A note: its button by Alt+N, the text box has the focus, Tab leaves it, Ctrl+Enter saves.
    key(qtbot, Qt.Key.Key_N, ALT)
    note = _form(qtbot)
    box = focus()
    assert isinstance(box, QPlainTextEdit)
    type_text(qtbot, "Intake gesprek gevoerd.")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is not box and "\t" not in box.toPlainText()
    with qtbot.waitSignal(note.saved, timeout=10_000):
        key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(
        lambda: "Intake gesprek gevoerd." in view.notes.list.item(0).text(), timeout=10_000
    )

    # Back to the list (Alt+B), the search box (Ctrl+F), one key to the results, Enter opens.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.notes.list.setFocus()
    key(qtbot, Qt.Key.Key_B, ALT)
    cases = ws.cases.list
    qtbot.waitUntil(cases.isVisible)
    _idle(qtbot, window)
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert focus() is cases.search
    qtbot.waitUntil(lambda: cases.table.model().rowCount() == 1, timeout=10_000)
    key(qtbot, Qt.Key.Key_Down)
    assert focus() is cases.table
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(view.isVisible, timeout=10_000)
    assert view.case_id is not None
