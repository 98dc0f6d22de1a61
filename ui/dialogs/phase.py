"""Change a case's care phase: the phases the pathway allows from here, in process order, with
the first allowed next one selected; never "closed" by itself.

Closing needs a closure reason from the code list (issue 15), shown only once "closed" is
chosen, and a confirmation that says what closing means. A written reason is needed when the
change is back-dated (the core checks that).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from carecoord.domain.codelists import codelist
from carecoord.domain.pathway import ALLOWED_TRANSITIONS
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.dialogs.confirm import Confirmation, confirm
from ui.operations import pathway
from ui.session import Session
from ui.widgets import CodeCombo, DateField, add_row, code_label, format_date, missing_choices

CLOSED = "closed"


def next_phases(current: str) -> tuple[str, ...]:
    """The phases allowed after ``current``, in the order of the process (the code list's)."""
    allowed = ALLOWED_TRANSITIONS.get(current, frozenset())
    return tuple(p for p in codelist("phase").values if p in allowed)


def likely_next(current: str) -> str | None:
    """The first allowed phase further on in the process; when the only ways on go back (from
    aftercare: support again), the first allowed one. Never closing: that is always a
    deliberate choice. None only for a closed case."""
    order = codelist("phase").values
    rank = order.index(current) if current in order else -1
    open_ones = [p for p in next_phases(current) if p != CLOSED]
    further = [p for p in open_ones if order.index(p) > rank]
    choices = further or open_ones
    return choices[0] if choices else None


class PhaseDialog(FormDialog):
    def __init__(
        self, session: Session, case_id: int, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, _("Change care phase"), parent)
        self.case_id = case_id
        self.target = add_row(
            self.form, _("&New phase"), CodeCombo("phase", codes=next_phases(current))
        )
        self.target.set_code(likely_next(current))
        self.on = add_row(self.form, _("&Date"), DateField())
        self.closure_reason = add_row(self.form, _("Closure rea&son"), CodeCombo("closure_reason"))
        self.reason = add_row(self.form, _("&Reason (needed when back-dating)"), QLineEdit())
        self.target.currentIndexChanged.connect(self._target_changed)
        self._target_changed()
        self.confirmation: Confirmation | None = None

    def _target_changed(self, *_args: object) -> None:
        # Shown (and so required, see missing_choices) only when closing.
        self.form.setRowVisible(self.closure_reason, self.target.code() == CLOSED)

    def operation(self) -> Callable[[Vault], Any]:
        case_id, target, on = self.case_id, self.target.code() or "", self.on.value()
        reason = self.reason.text().strip() or None
        closure_reason = self.closure_reason.code() if target == CLOSED else None
        if target == CLOSED and closure_reason is None:
            raise InputRejected(_("Closing a case needs a closure reason: choose one."))
        return pathway.change_phase(
            case_id, target, on=on, reason=reason, closure_reason=closure_reason
        )

    def submit(self) -> None:
        if self.target.code() != CLOSED:
            super().submit()
            return
        # Check the form before asking, so the confirmation is never followed by a refusal
        # the coordinator could have been told about first.
        if missing_choices(self):
            super().submit()
            return
        try:
            self.operation()
        except CareCoordError as exc:
            self.error.setText(exc.message)
            return
        self.confirmation = confirm(
            self,
            _("Close the case"),
            _("Close this case as of %(date)s (%(reason)s)?")
            % {
                "date": format_date(self.on.value()),
                "reason": code_label("closure_reason", self.closure_reason.code()),
            }
            + "\n\n"
            + _(
                "A closed case stays closed: it cannot be moved to another phase again. A new"
                " signal about this client opens a new case. The retention period of the case"
                " starts at the closing date."
            ),
            _("C&lose the case"),
            lambda: FormDialog.submit(self),
        )
