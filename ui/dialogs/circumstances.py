"""Who the client is, for the care they need: custody for a minor; for a labour migrant the
ties to the employer (housing, residence registration) and the employer's or agency's name.

Every field may stay open ("—": not known or not asked). The employer's name identifies the
client: the core keeps it with the identity and erases it on anonymisation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from carecoord.domain.client import ClientCircumstances
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import clients
from ui.session import Session
from ui.widgets import CodeCombo, add_row

_BOOL_CODE = {True: "yes", False: "no"}


class CircumstancesDialog(FormDialog):
    def __init__(
        self,
        session: Session,
        client_id: int,
        current: ClientCircumstances,
        *,
        minor: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _("Client circumstances"), parent)
        self.client_id = client_id
        self.custody = add_row(self.form, _("&Custody"), CodeCombo("custody", allow_empty=True))
        self.custody.set_code(current.custody)
        # Custody concerns minors; shown for an adult only when it was recorded before.
        self.form.setRowVisible(self.custody, minor or current.custody is not None)
        self.labour_migrant = add_row(
            self.form,
            _("&Labour migrant"),
            CodeCombo("yes_no_unknown", allow_empty=True, codes=("yes", "no")),
        )
        migrant = current.labour_migrant
        self.labour_migrant.set_code(None if migrant is None else _BOOL_CODE[migrant])
        self.housing = add_row(
            self.form,
            _("&Housing tied to the employer"),
            CodeCombo("yes_no_unknown", allow_empty=True),
        )
        self.housing.set_code(current.housing_tied_to_employer)
        self.registration = add_row(
            self.form,
            _("&Residence registration"),
            CodeCombo("residence_registration", allow_empty=True),
        )
        self.registration.set_code(current.residence_registration)
        self.employer = add_row(self.form, _("&Employer or agency"), QLineEdit())
        self.employer.setText(current.employer or "")
        self.employer.setMinimumWidth(self.employer.fontMetrics().averageCharWidth() * 36)

    def circumstances(self) -> ClientCircumstances:
        migrant = self.labour_migrant.code()
        return ClientCircumstances(
            custody=self.custody.code(),
            labour_migrant=None if migrant is None else migrant == "yes",
            housing_tied_to_employer=self.housing.code(),
            residence_registration=self.registration.code(),
            employer=self.employer.text(),
        )

    def operation(self) -> Callable[[Vault], Any]:
        return clients.set_circumstances(self.client_id, self.circumstances())
