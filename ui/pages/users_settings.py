"""Users and key slots: change your passphrase, add a coordinator, remove one (which rotates the
data key). Every change runs in the core on the vault worker and is logged there."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.session import Session
from ui.widgets import enable_with_selection, show_error


def _secret() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UsersSettings(QGroupBox):
    def __init__(self, session: Session) -> None:
        super().__init__(_("Users and key slots"))
        self.session = session
        self.users = QListWidget()
        self.users.setAccessibleName(_("Users of this vault"))
        self.users.setMaximumHeight(90)
        buttons = QHBoxLayout()
        for text, slot in (
            (_("Change my &passphrase…"), self.change_passphrase),
            (_("Add &user…"), self.add_user),
            (_("&Remove user…"), self.remove_user),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.remove_button = button  # the last: it acts on the chosen user
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.users)
        layout.addLayout(buttons)
        enable_with_selection(
            self.users, [self.remove_button], lambda: self.users.currentItem() is not None
        )

    def refresh(self) -> None:
        self.session.run(lambda v: v.users(), self._show, lambda e: show_error(self, e))

    def _show(self, users: list[str]) -> None:
        self.users.clear()
        self.users.addItems(users)

    def _open(self, dialog: ActionDialog) -> ActionDialog:
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def change_passphrase(self) -> ActionDialog:
        new, again = _secret(), _secret()

        def build():  # type: ignore[no-untyped-def]
            if new.text() != again.text():
                raise InputRejected(_("The two passphrases differ."))
            secret = new.text()
            return lambda v: Vault.change_passphrase(v, secret)

        return self._open(
            ActionDialog(
                self.session,
                _("Change my passphrase"),
                [(_("&New passphrase"), new), (_("&Repeat"), again)],
                build,
                self,
            )
        )

    def add_user(self) -> ActionDialog:
        name, secret = QLineEdit(), _secret()

        def build():  # type: ignore[no-untyped-def]
            user, passphrase = name.text().strip(), secret.text()
            return lambda v: Vault.add_user(v, user, passphrase)

        return self._open(
            ActionDialog(
                self.session,
                _("Add user"),
                [(_("&User name"), name), (_("&Passphrase for this user"), secret)],
                build,
                self,
            )
        )

    def remove_user(self) -> ActionDialog | None:
        item = self.users.currentItem()
        if item is None:  # the button is disabled then
            return None
        user = item.text()
        return self._open(
            ActionDialog(
                self.session,
                _("Remove user %(u)s") % {"u": user},
                [],
                lambda: lambda v: Vault.remove_user(v, user),
                self,
            )
        )


__all__ = ["QWidget", "UsersSettings"]
