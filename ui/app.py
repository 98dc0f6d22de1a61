"""Application bootstrap: QApplication, the vault worker, and the first window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

import carecoord.audit  # noqa: F401 - registers the access log with the vault hooks
from carecoord.cli.context import default_vault_folder
from ui.unlock_window import UnlockWindow
from ui.worker import VaultWorker


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CareCoord")
    app.setOrganizationName("CareCoord")
    return app


def main(argv: list[str] | None = None) -> int:
    app = create_app(argv)
    worker = VaultWorker()
    window = UnlockWindow(Path(default_vault_folder()), worker)
    window.show()
    try:
        return app.exec()
    finally:
        window.lock_now()
        worker.shutdown()
