"""After unlocking, the window tells the coordinator about failed attempts since the last session."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from carecoord.errors import AuthenticationFailed
from carecoord.vault import Credentials, Vault
from tests.conftest import PASSPHRASE, USER
from ui.unlock_window import UnlockWindow
from ui.worker import VaultWorker


def _unlock_in_window(qtbot: QtBot, folder: Path) -> UnlockWindow:
    worker = VaultWorker()
    window = UnlockWindow(folder, worker)
    qtbot.addWidget(window)
    window.user.setText(USER)
    window.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=20000):
        window.submit()
    return window


def _close(window: UnlockWindow) -> None:
    window.lock_now()
    window.worker.shutdown()  # finishes the lock first


def test_failed_attempts_are_shown_after_unlock(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, USER, PASSPHRASE)[0].lock()
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            Vault.unlock(folder, Credentials(passphrase="wrong guess here", user=USER))
    window = _unlock_in_window(qtbot, folder)
    try:
        assert window.status.text().startswith("2 failed unlock attempts since the last session")
    finally:
        _close(window)


def test_no_notice_without_failed_attempts(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, USER, PASSPHRASE)[0].lock()
    window = _unlock_in_window(qtbot, folder)
    try:
        assert window.status.text() == ""
    finally:
        _close(window)
