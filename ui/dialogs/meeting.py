"""Record a case meeting (casusoverleg, Zorg- en Veiligheidshuis, MDT): its date, kind, the
participating organisations and what was decided.

Sharing the client's data in a meeting needs, for each participating organisation, a consent
for case consultation that names it and is valid on the meeting's date. The form shows before
saving which organisations lack one; then the meeting can only be recorded with the legal
ground for sharing written out (at least MIN_OVERRIDE_REASON characters), as a referral's
override is. The core checks the same again (store.meetings.record).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from carecoord.domain.case_work import CaseMeeting, MeetingParticipant, meeting_consent
from carecoord.domain.consent import MIN_OVERRIDE_REASON, Consent
from carecoord.domain.referral import Organisation
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import case_work
from ui.session import Session
from ui.widgets import CodeCombo, DateField, OrganisationChecklist, add_row


class MeetingDialog(FormDialog):
    def __init__(
        self,
        session: Session,
        case_id: int,
        consents: tuple[Consent, ...],
        organisations: list[Organisation],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _("Case meeting"), parent)
        self.case_id = case_id
        self.consents = list(consents)
        self.names = {o.id: o.name for o in organisations if o.id is not None}
        self.held_on = add_row(self.form, _("&Held on"), DateField())
        self.kind = add_row(self.form, _("&Kind of meeting"), CodeCombo("meeting_kind"))
        self.participants = add_row(
            self.form, _("&Participating organisations"), OrganisationChecklist(organisations)
        )
        self.gate = QLabel()
        self.gate.setWordWrap(True)
        self.gate.setAccessibleName(_("Consent for case consultation"))
        self.form.addRow(self.gate)
        self.ground = add_row(self.form, _("Legal &ground for sharing"), QPlainTextEdit())
        self.ground.setMaximumHeight(70)
        self.decisions = add_row(self.form, _("&Decisions"), QPlainTextEdit())
        self.participants.itemChanged.connect(self._check_gate)
        self.held_on.edit.dateChanged.connect(self._check_gate)
        self._check_gate()

    def chosen(self) -> tuple[int, ...]:
        return self.participants.chosen()

    def without_consent(self) -> list[int]:
        """The chosen organisations no consent for case consultation covers on the date."""
        on = self.held_on.value() or date.today()
        return [o for o in self.chosen() if meeting_consent(self.consents, o, on) is None]

    def _check_gate(self, *_args: object) -> None:
        chosen, missing = self.chosen(), self.without_consent()
        if not chosen:
            text = _("Choose the organisations that take part.")
        elif not missing:
            text = _("Every participating organisation has a valid consent for case consultation.")
        else:
            text = _(
                "No valid consent for case consultation on this date: %(names)s. Record the "
                "client's consent first, or write the legal ground for sharing below (at least "
                "%(count)d characters)."
            ) % {
                "names": ", ".join(self.names[o] for o in missing),
                "count": MIN_OVERRIDE_REASON,
            }
        self.gate.setText(text)
        font = self.gate.font()
        font.setBold(bool(missing))  # the one thing to act on before saving
        self.gate.setFont(font)
        # The ground is asked only when a participant lacks consent (the core keeps none else).
        self.form.setRowVisible(self.ground, bool(missing))

    def operation(self) -> Callable[[Vault], Any]:
        chosen = self.chosen()
        if not chosen:
            raise InputRejected(_("A case meeting needs at least one participating organisation."))
        ground = self.ground.toPlainText().strip()
        if self.without_consent() and len(ground) < MIN_OVERRIDE_REASON:
            raise InputRejected(
                _(
                    "Without consent of every participant, write the legal ground for sharing "
                    "(at least %(count)d characters)."
                )
                % {"count": MIN_OVERRIDE_REASON}
            )
        meeting = CaseMeeting(
            held_on=self.held_on.value() or date.today(),
            kind=self.kind.code() or "",
            participants=tuple(MeetingParticipant(organisation_id=o) for o in chosen),
            decisions=self.decisions.toPlainText(),
            legal_ground=ground if self.without_consent() else None,
        )
        return case_work.record_meeting(self.case_id, meeting)
