"""The recovery key, shown once after a vault is created: the user confirms it was stored.

Apart from the unlock page, so that the unlock screen's start loads none of it (issue 14).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; the user must confirm it was stored before going on."""

    def __init__(self, recovery_key: str, parent: QWidget | None, *, vault_folder: Path) -> None:
        super().__init__(parent)
        self.vault_folder = vault_folder  # a print-to-file is never saved in it
        self.setWindowTitle(_("Recovery key"))
        explanation = QLabel(
            _(
                "This is the recovery key of your vault. With it, the vault can be opened when "
                "every passphrase is forgotten. Print it or write it down and keep it in a locked "
                "place, apart from this computer. It is shown only this once."
            )
        )
        explanation.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = self.key_label.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.key_label.setFont(font)
        self.key_label.setAccessibleName(_("Recovery key"))
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.confirm = QCheckBox(_("I have stored the recovery key in a safe place"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.print_button = self.buttons.addButton(
            _("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(lambda: self.print_requested(recovery_key))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.confirm.toggled.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.key_label)
        layout.addWidget(self.confirm)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Message"))
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        # Escape must not skip the confirmation; the key is never shown again.
        if self.confirm.isChecked():
            super().reject()

    def print_requested(self, recovery_key: str) -> None:
        from ui.recovery_print import print_recovery_sheet

        print_recovery_sheet(
            recovery_key, self, vault_folder=self.vault_folder, show=self.status.setText
        )
