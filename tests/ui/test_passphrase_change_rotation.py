"""The app's "Change my passphrase" rotates the data key like the command line: an old copy of
vault.keys put back afterwards is refused at the unlock screen, in the app's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord import i18n
from carecoord.errors import VaultDamaged
from carecoord.vault import Credentials, Vault
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE
from tests.support.vault_files import file_hashes
from tests.ui.test_coordinator_day import _idle, _submit
from tests.ui.test_unlock_flow import _create, _unlock
from ui.main_window import MainWindow

NEW = "a brand new passphrase here"


def test_changing_my_passphrase_in_the_app_retires_the_old_key_file(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "vault"
    _create(qtbot, window)
    window.lock()
    _idle(qtbot, window)
    old_keys = (folder / "vault.keys").read_bytes()
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    old_dek = vault.dek
    vault.lock()
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    ws = window.workspace
    ws.show_page("Settings")
    _idle(qtbot, window)
    dialog = ws.settings_area.users.change_passphrase()
    dialog.form.itemAt(1).widget().setText(NEW)  # type: ignore[union-attr]
    dialog.form.itemAt(3).widget().setText(NEW)  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    window.lock()
    _idle(qtbot, window)

    current_keys = (folder / "vault.keys").read_bytes()
    # The data key itself changed: the old key file's key reads nothing.
    with pytest.raises(VaultDamaged):
        Database.open(folder / "vault.db", old_dek)
    (folder / "vault.keys").write_bytes(old_keys)
    before = file_hashes(folder)
    i18n.set_language("nl")
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(
        lambda: "ouder dan de database" in window.unlock_page.status.text(), timeout=10_000
    )
    assert not window.session.is_unlocked
    assert file_hashes(folder) == before

    (folder / "vault.keys").write_bytes(current_keys)
    _unlock(qtbot, window, NEW)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=10_000)
    assert window.session.is_unlocked
