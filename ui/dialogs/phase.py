"""Change a case's phase: the phases the pathway allows from here, in process order, with the
next one in the process selected; never "closed" by itself.

Closing needs a written reason and a confirmation that says what closing means. The core has no
coded closure reason yet (DESIGN.md §4 plans one with its own list); until then the reason is
kept in the phase history's reason field, which the core already stores with every change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from carecoord.domain.codelists import codelist
from carecoord.domain.pathway import ALLOWED_TRANSITIONS, MIN_REASON_LENGTH
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.dialogs.confirm import Confirmation, confirm
from ui.operations import pathway
from ui.session import Session
from ui.widgets import CodeCombo, DateField, add_row, format_date, missing_choices

CLOSED = "closed"


def next_phases(current: str) -> tuple[str, ...]:
    """The phases allowed after ``current``, in the order of the process (the code list's)."""
    allowed = ALLOWED_TRANSITIONS.get(current, frozenset())
    return tuple(p for p in codelist("phase").values if p in allowed)


def likely_next(current: str) -> str | None:
    """The first allowed phase further on in the process, closing excepted: closing is always a
    deliberate choice. None when the only ways on go back or close (the choice stays open)."""
    order = codelist("phase").values
    rank = order.index(current) if current in order else -1
    for phase in next_phases(current):
        if phase != CLOSED and order.index(phase) > rank:
            return phase
    return None


class PhaseDialog(FormDialog):
    def __init__(
        self, session: Session, case_id: int, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, _("Change phase"), parent)
        self.case_id = case_id
        self.target = add_row(
            self.form, _("&New phase"), CodeCombo("phase", codes=next_phases(current))
        )
        self.target.set_code(likely_next(current))
        self.on = add_row(self.form, _("&Date"), DateField())
        self.reason = add_row(
            self.form, _("&Reason (needed when back-dating or closing)"), QLineEdit()
        )
        self.confirmation: Confirmation | None = None

    def operation(self) -> Callable[[Vault], Any]:
        case_id, target, on = self.case_id, self.target.code() or "", self.on.value()
        reason = self.reason.text().strip() or None
        if target == CLOSED and (reason is None or len(reason) < MIN_REASON_LENGTH):
            raise InputRejected(_("Closing a case needs a reason: write why the case is closed."))
        return pathway.change_phase(case_id, target, on=on, reason=reason)

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
            _("Close this case as of %(date)s?") % {"date": format_date(self.on.value())}
            + "\n\n"
            + _(
                "A closed case stays closed: it cannot be moved to another phase again. A new"
                " signal about this client opens a new case. The retention period of the case"
                " starts at the closing date."
            ),
            _("C&lose the case"),
            lambda: FormDialog.submit(self),
        )
