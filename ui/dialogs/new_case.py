"""New case: a client (identifying part apart from the coded facts) and the first signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.municipalities import municipalities
from carecoord.domain.nationality import nationality_codes, nationality_name
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.case_store import CaseStore
from carecoord.store.intake import open_client_case
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.session import Session
from ui.widgets import CodeChecklist, CodeCombo, DateField, add_row, language


def validation_message(error: ValidationError) -> str:
    """Field names and reasons only: pydantic's own text would echo the typed values."""
    parts = []
    for item in error.errors(include_input=False):
        field = ".".join(str(p) for p in item["loc"]) or _("value")
        parts.append(f"{field}: {item['msg']}")
    return _("Not saved: ") + "; ".join(parts)


def municipality_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("—", None)
    for code, m in sorted(municipalities().items(), key=lambda kv: kv[1].name):
        combo.addItem(f"{m.name} ({code})", code)
    combo.setEditable(False)
    return combo


def nationality_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("—", None)
    lang = language()
    for code in sorted(nationality_codes(), key=lambda c: nationality_name(c, lang)):
        combo.addItem(f"{nationality_name(code, lang)} ({code})", code)
    return combo


class NewCaseDialog(FormDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("New case"), parent)
        f = self.form
        self.reference = add_row(f, _("Client &reference"), QLineEdit())
        self.given = add_row(f, _("Gi&ven name"), QLineEdit())
        self.family = add_row(f, _("&Family name"), QLineEdit())
        self.birth = add_row(f, _("&Birth date"), DateField(optional=True))
        self.gender = add_row(f, _("G&ender"), CodeCombo("gender"))
        self.nationality = add_row(f, _("&Nationality"), nationality_combo())
        self.language_field = add_row(f, _("&Language"), QLineEdit())
        self.interpreter = add_row(f, _("&Interpreter needed"), QCheckBox())
        self.signal_date = add_row(f, _("&Signal date"), DateField())
        self.signaller = add_row(f, _("Si&gnaller"), CodeCombo("signaller"))
        self.municipality = add_row(f, _("&Municipality"), municipality_combo())
        self.forms = add_row(f, _("Forms of e&xploitation"), CodeChecklist("exploitation_form"))
        self.sector = add_row(f, _("Sec&tor"), CodeCombo("sector"))
        self.location = add_row(f, _("Locati&on type"), CodeCombo("location_type"))
        self.description = add_row(f, _("&Description of the signal"), QPlainTextEdit())
        self.gender.set_code("unknown")
        self.signaller.set_code("unknown")
        self.sector.set_code("unknown")
        self.location.set_code("unknown")

    def operation(self) -> Callable[[Vault], Any]:
        try:
            facts = ClientFacts(
                reference=self.reference.text().strip(),
                gender=self.gender.code(),
                nationality=self.nationality.currentData(),
            )
            identity = ClientIdentity(
                given_name=self.given.text().strip() or None,
                family_name=self.family.text().strip() or None,
                birth_date=self.birth.value(),
                language=self.language_field.text().strip() or None,
                interpreter_needed=self.interpreter.isChecked(),
            )
            signal = Signal(
                signal_date=self.signal_date.value(),
                signaller=self.signaller.code(),
                location_type=self.location.code(),
                sector=self.sector.code(),
                municipality=self.municipality.currentData(),
                exploitation_forms=self.forms.codes(),
                description=self.description.toPlainText().strip() or None,
            )
        except ValidationError as exc:
            raise InputRejected(validation_message(exc)) from None
        return lambda vault: open_client_case(CaseStore.for_vault(vault), facts, identity, signal)
