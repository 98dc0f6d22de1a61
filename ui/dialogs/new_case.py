"""New case: a client (identifying part apart from the coded facts) and the first signal, or a
case opened from a signal without a person once that person has been identified."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from carecoord.domain.case import CaseFacts, Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.domain.municipalities import municipalities
from carecoord.domain.nationality import nationality_codes, nationality_name
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import cases
from ui.session import Session
from ui.widgets import (
    ChoiceCombo,
    CodeChecklist,
    CodeCombo,
    DateField,
    add_row,
    format_date,
    language,
)


def municipality_combo(empty_text: str = "—") -> ChoiceCombo:
    """Municipalities by name; ``empty_text`` is the empty choice ("—": not known yet, in a
    form; "all municipalities" in a filter)."""
    combo = ChoiceCombo(required=False, empty_text=empty_text)
    for code, m in sorted(municipalities().items(), key=lambda kv: kv[1].name):
        combo.addItem(m.name, code)  # the name only: a CBS code means nothing to a person
    return combo


def nationality_combo() -> ChoiceCombo:
    combo = ChoiceCombo(required=False, empty_text="—")  # "—": not known (yet)
    lang = language()
    for code in sorted(nationality_codes(), key=lambda c: nationality_name(c, lang)):
        combo.addItem(f"{nationality_name(code, lang)} ({code})", code)
    return combo


class NewCaseDialog(FormDialog):
    """``from_signal``: a signal without a person. The new case starts from it: the signal keeps
    its date, codes and description (shown, not editable); the codes below, pre-filled from the
    signal, become the case's facts."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, from_signal: Signal | None = None
    ) -> None:
        title = _("New case from a signal") if from_signal is not None else _("New case")
        super().__init__(session, title, parent)
        self.from_signal = from_signal
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
        # Four lines show; more scroll. The whole form must fit a 768 px screen (issue 17).
        line = self.description.fontMetrics().lineSpacing()
        self.description.setMaximumHeight(5 * line + 2 * self.description.frameWidth() + 8)
        # The models' field names, for a refused value's message at its field.
        self.fields.update(
            given_name=self.given,
            family_name=self.family,
            birth_date=self.birth,
            language=self.language_field,
            signal_date=self.signal_date,
            exploitation_forms=self.forms,
        )
        if from_signal is not None:
            self._prefill(from_signal)

    def _prefill(self, signal: Signal) -> None:
        self.signal_date.set_value(signal.signal_date)
        self.signal_date.setEnabled(False)
        self.signaller.set_code(signal.signaller)
        self.sector.set_code(signal.sector)
        self.location.set_code(signal.location_type)
        self.municipality.set_value(signal.municipality)
        self.forms.set_codes(tuple(f for f in signal.exploitation_forms if f != "unknown"))
        self.description.setPlainText(signal.description or "")
        self.description.setReadOnly(True)
        note = QLabel(
            _(
                "This case starts from the signal of %(date)s, which then belongs to the case."
                " The signal keeps its date, codes and description; the codes below become the"
                " case's facts."
            )
            % {"date": format_date(signal.signal_date)}
        )
        note.setWordWrap(True)
        # Above the first field, in the part that scrolls: the form with its buttons must fit
        # a 1280×720 screen at 125 % (issue 17).
        self.form.insertRow(0, note)

    def operation(self) -> Callable[[Vault], Any]:
        # A refused value (pydantic) is shown at its field by the base (ui/field_messages.py).
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
        if self.from_signal is not None and self.from_signal.id is not None:
            signal_id = self.from_signal.id
            case_facts = CaseFacts(
                exploitation_forms=self.forms.codes(),
                sector=self.sector.code(),
                location_type=self.location.code(),
                signaller=self.signaller.code(),
                municipality=self.municipality.currentData(),
            )
            return cases.open_from_signal(facts, identity, signal_id, case_facts)
        signal = Signal(
            signal_date=self.signal_date.value(),
            signaller=self.signaller.code(),
            location_type=self.location.code(),
            sector=self.sector.code(),
            municipality=self.municipality.currentData(),
            exploitation_forms=self.forms.codes(),
            description=self.description.toPlainText().strip() or None,
        )
        return cases.open_with_client(facts, identity, signal)
