"""Drives the app's workflows with canary strings, for the leak test.

Run as a subprocess with HOME, TMPDIR and the XDG folders pointed into a scratch root; the test
then scans every file under that root for the canaries. Usage: leak_drive.py ROOT CANARY
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(root: Path, canary: str) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["CARECOORD_INSECURE_TEST_KDF"] = "1"
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ui.app import create_app, install_language
    from ui.main_window import MainWindow
    from ui.settings import Preferences
    from ui.worker import VaultWorker

    app = create_app(["leak-drive"])
    install_language(app, "nl")
    worker = VaultWorker()
    window = MainWindow(root / "vault", worker, Preferences())
    window.show()

    def wait_until(condition, timeout_s: float = 15) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("timed out at " + str(condition.__code__.co_firstlineno))
            # processEvents(flags, maxtime) leaks a reference to None in PySide6 6.12 and
            # aborts after many calls; the plain overload plus a short sleep does not.
            QCoreApplication.processEvents()
            time.sleep(0.01)

    passphrase = f"{canary[::-1]} passphrase"
    page = window.unlock_page
    page.show_recovery_key = window.clipboard.copy_sensitive  # type: ignore[method-assign]
    # The coordinator's user name is stored in clear in vault.keys by design (it picks the key
    # slot before unlock); it is not client data, so it does not carry the canary.
    page.user.setText("coordinator")
    page.passphrase.setText(passphrase)
    page.repeat.setText(passphrase)
    page.submit()
    wait_until(lambda: window.session.is_unlocked)

    # Workflows that exist so far: settings, clipboard, lock, a wrong and a right unlock.
    window.workspace.show_page(window.workspace.page_titles()[-1])
    window.workspace.settings.idle.setValue(7)
    window.clipboard.copy_sensitive(canary)
    window.lock()
    wait_until(lambda: not worker.busy)
    page.passphrase.setText(canary[::-1] + " wrong")
    page.submit()
    wait_until(lambda: bool(page.status.text()) and page.button.isEnabled())
    page.passphrase.setText(passphrase)
    page.submit()
    wait_until(lambda: window.session.is_unlocked)
    window.close()
    wait_until(lambda: not worker.busy)
    worker.shutdown()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), sys.argv[2]))
