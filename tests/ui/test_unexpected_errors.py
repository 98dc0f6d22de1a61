"""Issue 12: an unexpected error, in vault work or in a slot, is logged for the administrator
(type and place in the code, in the user's log folder, owner-only) and never with its message
or values; the user is told in the app's language."""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from carecoord import error_log, i18n
from carecoord.errors import CareCoordError
from ui import error_hook
from ui.worker import VaultWorker

CANARY = "Canary-Jansen-1985-03-04"


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's log folder under tmp_path (XDG_STATE_HOME on Linux), the app in Dutch."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setattr(error_log, "_ours", [])  # opened again, in the folder above
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    i18n.set_language("nl")
    folder = Path(error_log.platformdirs.user_log_dir("CareCoord", appauthor=False))
    assert folder.is_relative_to(tmp_path)
    yield folder / error_log.LOG_NAME
    for handler in error_log._ours:
        error_log._LOGGER.removeHandler(handler)
        handler.close()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _check_log(path: Path, function: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert "ValueError" in text
    assert f"tests.ui.test_unexpected_errors.{function}:" in text  # module, function, line
    assert CANARY not in text and "Jansen" not in text
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    return text


def _dutch(message: str) -> None:
    assert "onverwacht" in message.lower()
    assert "Unexpected internal error" not in message
    assert CANARY not in message


def explode_in_vault_work() -> None:
    raise ValueError(f"client {CANARY}")


def test_worker_error_is_logged_without_values_and_told_in_dutch(qtbot, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    worker = VaultWorker()
    errors: list[CareCoordError] = []
    try:
        worker.submit(explode_in_vault_work, on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    finally:
        worker.shutdown()
    _dutch(errors[0].message)
    text = _check_log(log_file, "explode_in_vault_work")
    assert "vault worker" in text


def explode_in_a_slot() -> None:
    try:
        int(f"not a number {CANARY}")
    except ValueError as exc:
        raise KeyError(CANARY) from exc


@pytest.mark.qt_no_exception_capture
def test_slot_error_is_logged_without_values_and_shown_in_dutch(qtbot, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    error_hook.install()
    button = QPushButton("x")
    qtbot.addWidget(button)
    button.clicked.connect(explode_in_a_slot)
    button.click()  # PySide6 hands the error to sys.excepthook and carries on
    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(shown) == 1
    _dutch(shown[0].text())
    assert CANARY not in shown[0].windowTitle()
    shown[0].close()
    text = _check_log(log_file, "explode_in_a_slot")
    assert "builtins.KeyError" in text and "from builtins.ValueError" in text
