"""Correct a client's identity (AVG art. 16): the previous values are kept in the vault and
shown under the form, newest first, with when and by whom they were replaced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from carecoord import i18n
from carecoord.domain.client import Client, ClientIdentity
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import clients, queries
from ui.session import Session
from ui.widgets import DateField, add_row, format_date

History = list[tuple[datetime, str, ClientIdentity]]


def load_identity(client_id: int) -> Callable[[Vault], tuple[Client, History]]:
    def job(vault: Vault) -> tuple[Client, History]:
        return queries.client_with_history(vault, client_id)

    return job


def identity_line(identity: ClientIdentity) -> str:
    parts = [
        " ".join(p for p in (identity.given_name, identity.family_name) if p),
        ", ".join(identity.aliases),
        format_date(identity.birth_date),
        identity.phone or "",
        identity.email or "",
        identity.address or "",
        identity.language or "",
    ]
    return "; ".join(p for p in parts if p) or _("(empty)")


class RectifyDialog(FormDialog):
    """Opens empty and disabled; the current identity and its history arrive from the worker."""

    def __init__(self, session: Session, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Correct identity"), parent)
        self.client_id = client_id
        self.given = add_row(self.form, _("&Given name"), QLineEdit())
        self.family = add_row(self.form, _("&Family name"), QLineEdit())
        self.aliases = add_row(self.form, _("&Aliases (comma-separated)"), QLineEdit())
        self.birth = add_row(self.form, _("&Date of birth"), DateField(optional=True))
        self.phone = add_row(self.form, _("&Phone number"), QLineEdit())
        self.email = add_row(self.form, _("E-&mail"), QLineEdit())
        self.address = add_row(self.form, _("Add&ress"), QLineEdit())
        self.secret = add_row(self.form, _("Address is &secret"), QCheckBox())
        self.language = add_row(self.form, _("Spoken &language"), QLineEdit())
        self.interpreter = add_row(self.form, _("&Interpreter needed"), QCheckBox())
        note = QLabel(
            _(
                "The previous values are kept in the vault as the history of this correction "
                "(AVG art. 16) and erased with the identity when the case is anonymised."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.history = add_row(self.form, _("&History"), QListWidget())
        self.fields.update(given_name=self.given, family_name=self.family, birth_date=self.birth)
        self.history.setMaximumHeight(140)
        self.buttons.setEnabled(False)
        self.error.setText(_("Loading…"))
        session.run(load_identity(client_id), self._loaded, self._load_failed)

    def _loaded(self, result: tuple[Client, History]) -> None:
        client, history = result
        identity = client.identity or ClientIdentity()
        self.given.setText(identity.given_name or "")
        self.family.setText(identity.family_name or "")
        self.aliases.setText(", ".join(identity.aliases))
        if identity.birth_date is not None:
            self.birth.known.setChecked(True)  # type: ignore[union-attr]
            b = identity.birth_date
            self.birth.edit.setDate(QDate(b.year, b.month, b.day))
        self.phone.setText(identity.phone or "")
        self.email.setText(identity.email or "")
        self.address.setText(identity.address or "")
        self.secret.setChecked(identity.address_is_secret)
        self.language.setText(identity.language or "")
        self.interpreter.setChecked(identity.interpreter_needed)
        self.history.clear()
        for replaced_at, by, previous in reversed(history):
            self.history.addItem(
                _("Until %(at)s (corrected by %(by)s): %(was)s")
                % {
                    "at": i18n.format_datetime(replaced_at, "short"),
                    "by": by,
                    "was": identity_line(previous),
                }
            )
        if not history:
            self.history.addItem(_("(not corrected before)"))
        self.buttons.setEnabled(True)
        self.error.setText("")

    def _load_failed(self, error: CareCoordError) -> None:
        self.error.setText(error.message)
        self.buttons.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def identity(self) -> ClientIdentity:
        # A refused value (pydantic) is shown at its field by the base (ui/field_messages.py).
        return ClientIdentity(
            given_name=self.given.text(),
            family_name=self.family.text(),
            aliases=tuple(a for a in self.aliases.text().split(",")),
            birth_date=self.birth.value(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            address_is_secret=self.secret.isChecked(),
            language=self.language.text(),
            interpreter_needed=self.interpreter.isChecked(),
        )

    def operation(self) -> Callable[[Vault], Any]:
        identity, client_id = self.identity(), self.client_id
        return clients.rectify_identity(client_id, identity)
