"""First run, unlock (right, wrong, recovery key), lock on Ctrl+L and while a dialog is open."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.conftest import PASSPHRASE
from ui.main_window import MainWindow
from ui.unlock_page import backoff_seconds


def _create(qtbot, window: MainWindow) -> str:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    window.unlock_page.show_recovery_key = shown.append  # type: ignore[method-assign]
    page = window.unlock_page
    assert page.creating
    page.user.setText("anna")
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(page.unlocked, timeout=10_000):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.workspace
    assert len(shown) == 1
    return shown[0]


def _unlock(qtbot, window: MainWindow, secret: str, recovery: bool = False) -> None:  # type: ignore[no-untyped-def]
    page = window.unlock_page
    page.use_recovery.setChecked(recovery)
    page.passphrase.setText(secret)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)


def _digest(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("vault.db", "vault.keys")
    }


def test_create_lock_unlock_wrong_and_right(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    assert window.windowTitle() == "CareCoord"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.session.is_unlocked
    qtbot.waitUntil(lambda: not window.session.worker.busy)
    before = _digest(tmp_path / "vault")

    _unlock(qtbot, window, "not the passphrase at all")
    qtbot.waitUntil(lambda: "Wrong" in window.unlock_page.status.text(), timeout=10_000)
    assert window.stack.currentWidget() is window.unlock_page
    assert _digest(tmp_path / "vault") == before

    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    assert window.session.user == "anna"


def test_recovery_key_unlocks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    recovery_key = _create(qtbot, window)
    window.lock()
    _unlock(qtbot, window, recovery_key.lower().replace("-", " "), recovery=True)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    assert window.session.user == "recovery"


def test_mistyped_recovery_key_names_the_group(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    recovery_key = _create(qtbot, window)
    window.lock()
    groups = recovery_key.split("-")
    groups[2] = ("1" if groups[2][0] != "1" else "2") + groups[2][1:]
    _unlock(qtbot, window, "-".join(groups), recovery=True)
    qtbot.waitUntil(lambda: "Group 3" in window.unlock_page.status.text(), timeout=10_000)


def test_lock_is_unconditional_with_a_dialog_open(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    dialog = QDialog(window)
    dialog.open()
    assert dialog.isVisible()
    window.idle.set_interval_ms(50)
    window.idle.arm()
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5_000)
    assert not dialog.isVisible()
    assert window.stack.currentWidget() is window.unlock_page


def test_backoff_never_blocks_for_long() -> None:
    assert [backoff_seconds(n) for n in range(1, 4)] == [0, 0, 2]
    assert max(backoff_seconds(n) for n in range(100)) == 30


def test_recovery_sheet_prints_from_memory(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    from carecoord.vault import recovery
    from ui.printing import print_pdf
    from ui.recovery_print import recovery_sheet_pdf

    pdf = recovery_sheet_pdf(recovery.generate())
    assert pdf.startswith(b"%PDF")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(pdf, printer) >= 1
    assert printer.docName() == "CareCoord"


def test_failed_attempts_are_shown_after_unlock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    window.lock()
    for _attempt in range(2):
        _unlock(qtbot, window, "definitely not the passphrase")
        qtbot.waitUntil(window.unlock_page.button.isEnabled, timeout=10_000)
        qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    assert window.failed_notice.startswith("2 failed unlock attempts")
    assert window.workspace.dashboard.notice.text() == window.failed_notice


def test_no_notice_without_failed_attempts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    window.lock()
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    assert window.failed_notice == ""
    assert window.workspace.dashboard.notice.text() == ""


def test_a_damaged_file_found_after_unlock_locks_the_app(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.support.vault_files import DB, fill_rows, flip_byte

    _create(qtbot, window)
    window.lock()
    qtbot.waitUntil(lambda: not window.session.worker.busy, timeout=10_000)
    folder = tmp_path / "vault"
    fill_rows(folder, PASSPHRASE, 400)
    flip_byte(folder / DB, (folder / DB).stat().st_size // 2)
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: "damaged" in window.unlock_page.status.text(), timeout=10_000)
    assert not window.session.is_unlocked
    assert window.stack.currentWidget() is window.unlock_page
