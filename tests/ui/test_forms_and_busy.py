"""Leaving a form with typed input asks first; the idle lock warns a form before discarding its
input; slow vault work shows a busy indicator after 200 ms, quick work shows none."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.test_unlock_flow import _create
from ui.dialogs.action import ActionDialog
from ui.main_window import MainWindow


def _signal_dialog(qtbot, window: MainWindow) -> ActionDialog:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    window.workspace.show_page("Signals")
    dialog = window.workspace.signals.record_signal()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _description(dialog: ActionDialog):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPlainTextEdit

    return dialog.findChild(QPlainTextEdit)


def test_untouched_form_closes_without_asking(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _signal_dialog(qtbot, window)
    assert not dialog.has_unsaved_input
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.discard_prompt is None


def test_typed_input_is_kept_or_discarded_as_chosen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _signal_dialog(qtbot, window)
    qtbot.keyClicks(_description(dialog), "cars parked at night")
    assert dialog.has_unsaved_input

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    prompt = dialog.discard_prompt
    assert prompt is not None and prompt.isVisible() and dialog.isVisible()
    qtbot.mouseClick(prompt.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert _description(dialog).toPlainText() == "cars parked at night"

    dialog.reject()
    prompt = dialog.discard_prompt
    assert prompt is not None and prompt.isVisible()
    qtbot.mouseClick(prompt.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def _warned_form(qtbot, window: MainWindow, idle_ms: int) -> ActionDialog:  # type: ignore[no-untyped-def]
    """A form with typed input, left idle until the lock warning shows in it."""
    dialog = _signal_dialog(qtbot, window)
    _description(dialog).setPlainText("typed, not saved")
    window.idle.set_interval_ms(idle_ms)
    window.idle.arm()
    qtbot.waitUntil(dialog.lock_notice.isVisible, timeout=5_000)
    return dialog


def test_idle_lock_warns_the_form_then_discards_without_asking(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _warned_form(qtbot, window, 1_500)
    assert "discards" in dialog.lock_notice.text()
    assert window.session.is_unlocked
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5_000)
    assert not dialog.isVisible()
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_activity_after_the_warning_keeps_working(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _warned_form(qtbot, window, 3_000)
    qtbot.keyClick(_description(dialog), Qt.Key.Key_End)
    assert not dialog.lock_notice.isVisible()
    assert window.session.is_unlocked and dialog.isVisible()
    window.idle.disarm()


def test_busy_indicator_only_for_slow_work(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    busy = window.busy
    worker = window.session.worker
    qtbot.waitUntil(lambda: not worker.busy)
    appeared: list[bool] = []
    busy.appeared.connect(lambda: appeared.append(True))

    worker.submit(lambda: None)
    qtbot.waitUntil(lambda: not worker.busy)
    qtbot.wait(300)
    assert appeared == []  # quick work: never shown

    worker.submit(lambda: time.sleep(0.6))
    assert not busy.showing
    qtbot.waitUntil(lambda: busy.showing, timeout=2_000)
    assert appeared == [True]
    assert QApplication.overrideCursor() is not None
    qtbot.waitUntil(lambda: not worker.busy, timeout=5_000)
    assert not busy.showing
    assert QApplication.overrideCursor() is None
