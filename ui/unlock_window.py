"""First window: create a vault (first run) or unlock it. A minimal start until issue 5's screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.audit import failed_attempts_since_last_session
from carecoord.errors import CareCoordError
from carecoord.vault import Credentials, Vault, is_vault
from carecoord.vault.passphrase import weaknesses
from ui.worker import VaultWorker


class UnlockWindow(QWidget):
    unlocked = Signal(object)

    def __init__(self, folder: Path, worker: VaultWorker) -> None:
        super().__init__()
        self.folder = folder
        self.worker = worker
        self.vault: Vault | None = None
        self.creating = not is_vault(folder)
        self.setWindowTitle("CareCoord")
        self.setAccessibleName("CareCoord unlock")

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Repeat passphrase")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)

        form = QFormLayout()
        user_label = QLabel("&User name")
        user_label.setBuddy(self.user)
        form.addRow(user_label, self.user)
        pass_label = QLabel("&Passphrase")
        pass_label.setBuddy(self.passphrase)
        form.addRow(pass_label, self.passphrase)
        self.repeat_label = QLabel("&Repeat passphrase")
        self.repeat_label.setBuddy(self.repeat)
        form.addRow(self.repeat_label, self.repeat)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignRight)
        self.passphrase.returnPressed.connect(self.submit)
        self.repeat.returnPressed.connect(self.submit)
        self._refresh()

    def _refresh(self) -> None:
        self.repeat.setVisible(self.creating)
        self.repeat_label.setVisible(self.creating)
        if self.creating:
            self.heading.setText("Create a new encrypted vault for your case files.")
            self.button.setText("&Create vault")
        else:
            self.heading.setText("The vault is locked. Enter your passphrase to unlock it.")
            self.button.setText("&Unlock")

    def submit(self) -> None:
        secret = self.passphrase.text()
        user = self.user.text().strip()
        if self.creating:
            if secret != self.repeat.text():
                self.status.setText("The two passphrases differ.")
                return
            problems = weaknesses(secret, user)
            if problems:
                self.status.setText("The passphrase is too weak: " + "; ".join(problems) + ".")
                return
            folder = self.folder
            self._busy(True)
            self.worker.submit(
                lambda: Vault.create(folder, user or "coordinator", secret),
                self._created,
                self._failed,
            )
        else:
            folder = self.folder
            creds = Credentials(passphrase=secret, user=user or None)
            self._busy(True)
            self.worker.submit(lambda: Vault.unlock(folder, creds), self._unlocked, self._failed)

    def _busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.status.setText("Working…" if busy else "")

    def _created(self, result: tuple[Vault, str]) -> None:
        vault, recovery_key = result
        self.creating = False
        self._refresh()
        self.show_recovery_key(recovery_key)
        self._unlocked(vault)

    def show_recovery_key(self, recovery_key: str) -> None:
        """Tests replace this; the real one is a modal message box."""
        QMessageBox.information(
            self,
            "Recovery key",
            "Write down or print this recovery key and store it safely. "
            f"It is shown only once.\n\n{recovery_key}",
        )

    def _unlocked(self, vault: Vault) -> None:
        self.vault = vault
        self.passphrase.clear()
        self.repeat.clear()
        self._busy(False)
        self.heading.setText("The vault is unlocked.")
        # Filled in on the worker during unlock, before this slot runs; no database access here.
        attempts = failed_attempts_since_last_session(vault)
        if attempts:
            last = attempts[-1].at.strftime("%Y-%m-%d %H:%M UTC")
            count = (
                "1 failed unlock attempt"
                if len(attempts) == 1
                else f"{len(attempts)} failed unlock attempts"
            )
            self.status.setText(f"{count} since the last session (the last on {last}).")
        self.unlocked.emit(vault)

    def _failed(self, error: CareCoordError) -> None:
        self._busy(False)
        self.passphrase.clear()
        self.status.setText(error.message)

    def lock_now(self) -> None:
        vault = self.vault
        self.vault = None
        if vault is not None:
            self.worker.submit(vault.lock)
