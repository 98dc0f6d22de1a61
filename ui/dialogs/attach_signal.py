"""Attach a signal without a person to an existing case, found by reference or name.

Searching is a read of the cases found (logged by the core like the case list's search)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QWidget

from carecoord.domain.case import CaseSummary, Signal
from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _, ngettext
from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.operations import queries, signals
from ui.session import Session
from ui.widgets import add_row, code_label, enable_with_selection, format_date

SEARCH_LIMIT = 20


class SearchField(QLineEdit):
    """Return searches and stops there: it must not also press the dialog's OK (attach)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class AttachSignalDialog(FormDialog):
    def __init__(self, session: Session, signal: Signal, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Attach signal to a case"), parent)
        assert signal.id is not None
        self.signal_id = signal.id
        about = QLabel(
            _(
                "The signal of %(date)s from %(signaller)s becomes part of the case you choose."
                " It keeps its own date, codes and description; the case keeps its facts."
            )
            % {
                "date": format_date(signal.signal_date),
                "signaller": code_label("signaller", signal.signaller),
            }
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.query = SearchField()
        self.search_button = QPushButton(_("&Search"))
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        self.query.returnPressed.connect(self.search)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.query, 1)
        line.addWidget(self.search_button)
        add_row(self.form, _("Case &reference or name"), row)
        self.query.setAccessibleName(_("Case reference or name"))
        row.setFocusProxy(self.query)
        self.results = add_row(self.form, _("Cases &found"), QListWidget())
        # A double click chooses and attaches; Enter in the list never does (it stays in the list).
        self.results.itemDoubleClicked.connect(lambda _item: self.submit())
        self.found: list[CaseSummary] = []
        # OK attaches to the case chosen among those found: until then there is nothing to do.
        enable_with_selection(self.results, [self.save_button], lambda: self._chosen() is not None)

    def _chosen(self) -> int | None:
        item = self.results.currentItem()
        value = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return None if value is None else int(value)

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.error.setText(_("Type a case reference, client reference or name."))
            return
        self.error.setText(_("Searching…"))
        self.session.run(
            lambda v: queries.cases_search(v, text, SEARCH_LIMIT), self._found, self._failed
        )

    def _found(self, cases: list[CaseSummary]) -> None:
        self.found = cases
        self.results.clear()
        for case in cases:
            self.results.addItem(
                f"{case.reference} · {case.display_name} · {code_label('phase', case.phase)}"
            )
            self.results.item(self.results.count() - 1).setData(Qt.ItemDataRole.UserRole, case.id)
        if cases:
            self.results.setCurrentRow(0)
            self.error.setText(
                ngettext("%(n)d case found.", "%(n)d cases found.", len(cases)) % {"n": len(cases)}
            )
        else:
            self.error.setText(_("No case found."))

    def _failed(self, error: CareCoordError) -> None:
        self.error.setText(error.message)

    def operation(self) -> Callable[[Vault], Any]:
        case_id = self._chosen()
        if case_id is None:  # OK is disabled then; a double click needs an item
            raise InputRejected(_("Search for the case and select it first."))
        return signals.attach(self.signal_id, case_id)
