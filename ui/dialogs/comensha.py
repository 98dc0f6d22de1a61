"""Register a client with CoMensha: the date, the basis, and who registered the person already.

A registration on consent needs a consent for purpose ``comensha_registration`` that is valid
on the registration date (domain.comensha.covering_consents); without one only the anonymous
registration (coded facts only) is offered, and the form says why. The choice of basis is
re-offered whenever the date changes, so a consent given later or withdrawn earlier is never
offered by mistake; the store checks the same rule again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from carecoord.domain.comensha import ComenshaRegistration, covering_consents
from carecoord.domain.consent import Consent
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import comensha
from ui.session import Session
from ui.widgets import ChoiceCombo, CodeCombo, DateField, add_row, format_date

ANONYMOUS = "anonymous"
CONSENT = "consent"


def consent_text(consent: Consent) -> str:
    text = _("Consent #%(id)s given %(on)s") % {
        "id": consent.id,
        "on": format_date(consent.given_on),
    }
    if consent.valid_until is not None:
        text += ", " + _("valid until %(on)s") % {"on": format_date(consent.valid_until)}
    return text


class ComenshaDialog(FormDialog):
    def __init__(
        self,
        session: Session,
        case_id: int,
        consents: Sequence[Consent],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _("Register with CoMensha"), parent)
        self.case_id = case_id
        self.consents = tuple(consents)
        self.on = add_row(self.form, _("&Registered on"), DateField())
        self.basis = add_row(self.form, _("Bas&is"), CodeCombo("comensha_basis", codes=()))
        self.consent = add_row(self.form, _("&Consent"), ChoiceCombo())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form.addRow(self.note)
        self.already = add_row(
            self.form, _("Already registered &by"), CodeCombo("already_registered_by")
        )
        self.on.edit.dateChanged.connect(self._offer)
        self.basis.currentIndexChanged.connect(self._basis_changed)
        self._offer()

    def covering(self) -> list[Consent]:
        return covering_consents(self.consents, self.on.value() or date.today())

    def _offer(self, *_args: object) -> None:
        """The bases and consents that the registration date allows."""
        covering = self.covering()
        self.basis.set_codes((CONSENT, ANONYMOUS) if covering else (ANONYMOUS,))
        chosen = self.consent.value()
        self.consent.blockSignals(True)
        while self.consent.count() > 1:
            self.consent.removeItem(1)
        for c in covering:
            self.consent.addItem(consent_text(c), c.id)
        self.consent.blockSignals(False)
        self.consent.set_value(chosen)
        if covering:
            self.note.setText("")
        else:
            self.note.setText(
                _(
                    "No consent of the client for registration with CoMensha is valid on this"
                    " date: only an anonymous registration (coded facts only) is possible."
                )
            )
        self.note.setVisible(not covering)
        self._basis_changed()

    def _basis_changed(self, *_args: object) -> None:
        # The consent is asked (and required) only for a registration on consent.
        self.form.setRowVisible(self.consent, self.basis.code() == CONSENT)

    def operation(self) -> Callable[[Vault], Any]:
        basis = self.basis.code() or ANONYMOUS
        consent_id = self.consent.value() if basis == CONSENT else None
        registration = ComenshaRegistration(
            registered_on=self.on.value() or date.today(),
            basis=basis,
            consent_id=None if consent_id is None else int(str(consent_id)),
            already_registered_by=self.already.code() or "unknown",
        )
        return comensha.register(self.case_id, registration)
