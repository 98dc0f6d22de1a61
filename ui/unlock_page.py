"""Create a vault (first run) or unlock it: passphrase or recovery key, with a gentle back-off."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import AuthenticationFailed, CareCoordError
from carecoord.i18n import _, ngettext
from carecoord.vault.location import is_vault
from carecoord.vault.passphrase import strength_bits, weaknesses
from ui.worker import VaultWorker
from ui.workspace_modules import load_core

if TYPE_CHECKING:
    from carecoord.workspace import OpenedVault

# Failures before any delay, and the longest delay: slows guessing at the keyboard without ever
# locking out the right passphrase (research/security.md §6 "Brute force").
FREE_ATTEMPTS = 3
MAX_DELAY_S = 30


def backoff_seconds(failures: int) -> int:
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_S, 2 ** (failures - FREE_ATTEMPTS + 1)))


class UnlockPage(QWidget):
    unlocked = Signal(object)

    def __init__(self, folder: Path, worker: VaultWorker) -> None:
        super().__init__()
        self.folder = folder
        self.worker = worker
        self.failures = 0
        self.creating = not is_vault(folder)
        self._core_requested = False

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.user = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_recovery = QCheckBox(_("Unlock with the &recovery key"))
        self.strength = QProgressBar()
        self.strength.setRange(0, 100)
        self.strength.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.setProperty("carecoord_primary", "yes")  # painted by ui/theme.py
        self.button.clicked.connect(self.submit)

        self.form = QFormLayout()
        self.user_label = QLabel(_("&User name"))
        self.user_label.setBuddy(self.user)
        self.form.addRow(self.user_label, self.user)
        self.pass_label = QLabel(_("&Passphrase"))
        self.pass_label.setBuddy(self.passphrase)
        self.form.addRow(self.pass_label, self.passphrase)
        self.repeat_label = QLabel(_("Repeat pa&ssphrase"))
        self.repeat_label.setBuddy(self.repeat)
        self.form.addRow(self.repeat_label, self.repeat)
        self.strength_label = QLabel(_("Strength"))
        self.strength_label.setBuddy(self.strength)
        self.strength.setAccessibleName(_("Passphrase strength"))
        self.form.addRow(self.strength_label, self.strength)
        # What the meter means, said under it as the passphrase is typed (not only on submit).
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName(_("Passphrase strength"))
        self.form.addRow("", self.advice)
        self.form.addRow(self.use_recovery)

        self.title = QLabel("CareCoord")
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.8)
        title_font.setBold(True)
        self.title.setFont(title_font)
        card = QWidget()
        card.setMaximumWidth(540)
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.heading)
        inner.addSpacing(8)
        inner.addLayout(self.form)
        inner.addWidget(self.status)
        # Right-aligned by a stretch rather than Qt.AlignmentFlag: the Qt namespace's hundred
        # enums are not created for the unlock screen (issue 14).
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.button)
        inner.addLayout(button_row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.passphrase.returnPressed.connect(self.submit)
        self.repeat.returnPressed.connect(self.submit)
        self.passphrase.textChanged.connect(self._update_strength)
        self.passphrase.textChanged.connect(self._load_workspace_core)
        self.use_recovery.toggled.connect(self._refresh)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._retry_allowed)
        self._refresh()

    # -- presentation --------------------------------------------------------------------------
    def _refresh(self) -> None:
        creating = self.creating
        recovery = self.use_recovery.isChecked() and not creating
        for widget in (self.repeat, self.repeat_label, self.strength, self.strength_label):
            widget.setVisible(creating)
        self.advice.setVisible(creating and bool(self.advice.text()))
        self.use_recovery.setVisible(not creating)
        self.user.setVisible(not recovery)
        self.user_label.setVisible(not recovery)
        self.passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )
        if creating:
            self.heading.setText(
                _(
                    "Create a new encrypted vault for your case files. Choose a passphrase of at least 12 characters; a few unusual words work well."
                )
            )
            self.button.setText(_("&Create vault"))
            self.pass_label.setText(_("&Passphrase"))
        else:
            self.heading.setText(_("The vault is locked. Enter your passphrase to unlock it."))
            self.button.setText(_("&Unlock"))
            self.pass_label.setText(_("&Recovery key") if recovery else _("&Passphrase"))
        self.passphrase.setAccessibleName(self.pass_label.text().replace("&", ""))

    def _update_strength(self, text: str) -> None:
        if not self.creating:
            return
        bits = strength_bits(text)
        self.strength.setValue(int(min(100, bits)))
        problems = weaknesses(text, self.user.text().strip())
        verdict = _("too weak") if problems else (_("strong") if bits >= 70 else _("acceptable"))
        self.strength.setFormat(verdict)
        self.advice.setText(
            _("The passphrase is too weak: %(reasons)s.") % {"reasons": "; ".join(problems)}
            if problems and text
            else ""
        )
        self.advice.setVisible(bool(self.advice.text()))

    def reset(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()
        self.status.clear()
        self.creating = not is_vault(self.folder)
        self._refresh()
        # The first run starts where the form does, at the user name.
        (self.user if self.creating else self.passphrase).setFocus()

    # -- actions ---------------------------------------------------------------------------------
    def _load_workspace_core(self) -> None:
        """The workspace's heavy modules, on the vault worker: started by the first keystroke
        (the user is about to unlock) or the submit, whichever comes first; the serial worker
        finishes it before the unlock job, so the workspace is built without waiting on imports
        (issue 14). An ImportError is logged by type and place by the worker itself."""
        if not self._core_requested:
            self._core_requested = True
            self.worker.submit(load_core)

    def submit(self) -> None:
        if not self.button.isEnabled():
            return
        self._load_workspace_core()
        secret = self.passphrase.text()
        user = self.user.text().strip()
        folder = self.folder
        if self.creating:
            if secret != self.repeat.text():
                self.status.setText(_("The two passphrases differ."))
                return
            problems = weaknesses(secret, user)
            if problems:
                self.status.setText(
                    _("The passphrase is too weak: %(reasons)s.") % {"reasons": "; ".join(problems)}
                )
                return
            name = user or _("coordinator")
            self._busy(True)
            self.worker.submit(lambda: _create(folder, name, secret), self._created, self._failed)
            return
        recovery = self.use_recovery.isChecked()
        self._busy(True)
        self.worker.submit(
            lambda: _unlock(folder, secret, user, recovery=recovery), self._unlocked, self._failed
        )

    def _busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.status.setText(_("Working…") if busy else "")

    def _created(self, result: tuple[OpenedVault, str]) -> None:
        vault, recovery_key = result
        self.creating = False
        self._refresh()
        self.show_recovery_key(recovery_key)
        self._unlocked(vault)

    def show_recovery_key(self, recovery_key: str) -> None:
        """Modal; tests replace this method."""
        from ui.recovery_key_dialog import RecoveryKeyDialog

        RecoveryKeyDialog(recovery_key, self, vault_folder=self.folder).exec()

    def _unlocked(self, vault: OpenedVault) -> None:
        self.failures = 0
        self.passphrase.clear()
        self.repeat.clear()
        self._busy(False)
        self.unlocked.emit(vault)

    def _failed(self, error: CareCoordError) -> None:
        self._busy(False)
        self.passphrase.clear()
        self.status.setText(error.message)
        if isinstance(error, AuthenticationFailed):
            self.failures += 1
            delay = backoff_seconds(self.failures)
            if delay:
                self.button.setEnabled(False)
                self.status.setText(
                    error.message
                    + " "
                    + ngettext(
                        "You can try again in %(s)d second.",
                        "You can try again in %(s)d seconds.",
                        delay,
                    )
                    % {"s": delay}
                )
                self._retry_timer.start(delay * 1000)
        self.passphrase.setFocus()

    def _retry_allowed(self) -> None:
        self.button.setEnabled(True)
        self.status.setText(_("You can try again."))


# The vault jobs, on the vault worker. The vault's modules (SQLCipher, Argon2, cryptography) and
# the access log are loaded here, not for the unlock screen (issue 14). The access log is
# attached first: if it cannot be loaded, nothing is opened.
def _create(folder: Path, name: str, secret: str) -> tuple[OpenedVault, str]:
    from carecoord.vault import Vault
    from carecoord.workspace import connect_access_log, opened

    connect_access_log()

    vault, recovery_key = Vault.create(folder, name, secret)
    return opened(vault), recovery_key


def _unlock(folder: Path, secret: str, user: str, *, recovery: bool) -> OpenedVault:
    from carecoord.vault import Credentials, Vault
    from carecoord.workspace import connect_access_log, opened

    connect_access_log()

    if recovery:
        creds = Credentials(recovery_key=secret)
    else:
        creds = Credentials(passphrase=secret, user=user or None)
    # The full page check runs right after the first screen (MainWindow._on_unlocked).
    # The case store is opened here, with its access log, once: the session holds it.
    return opened(Vault.unlock(folder, creds, check_pages=False))
