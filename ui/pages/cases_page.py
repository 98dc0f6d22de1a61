"""Case list: paged, sorted and filtered in the vault; global search (Ctrl+F); Enter opens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _
from carecoord.store.case_list import CaseQuery
from carecoord.vault import Vault
from ui.models.paged_table import WHOLE_ROW, Column, PagedTableModel
from ui.operations import Changes, follow, queries
from ui.session import Session
from ui.track_texts import summary_phase
from ui.widgets import CodeCombo, code_label, format_date

DEADLINE_WINDOW_DAYS = 14


def case_columns() -> list[Column]:
    return [
        Column("reference", _("Case"), "reference"),
        Column("display_name", _("Client")),
        Column(WHOLE_ROW, _("Phase"), "phase", summary_phase),
        Column("opened_on", _("Signalled on"), "opened_on", format_date),
        Column("municipality", _("Municipality")),
        Column(
            "exploitation_forms",
            _("Exploitation"),
            None,
            lambda v: ", ".join(code_label("exploitation_form", f) for f in v or ()),
        ),
        Column("next_deadline", _("Next deadline"), "next_deadline", format_date),
    ]


class CasesPage(QWidget):
    openCase = Signal(int)
    newCase = Signal()
    importCases = Signal()
    receiveHandover = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search names, references and notes (Ctrl+F)"))
        self.search.setAccessibleName(_("Search cases"))
        self.search.setClearButtonEnabled(True)
        self.phase = CodeCombo("phase", allow_empty=True)
        self.phase.setAccessibleName(_("Filter by phase"))
        self.form = CodeCombo("exploitation_form", allow_empty=True)
        self.form.setAccessibleName(_("Filter by form of exploitation"))
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(_("Municipality code, e.g. GM0363"))
        self.municipality.setAccessibleName(_("Filter by municipality"))
        self.deadline = QCheckBox(_("&Deadline within 14 days"))
        self.open_only = QCheckBox(_("&Open cases only"))
        self.open_only.setChecked(True)
        self.new_button = QPushButton(_("&New case…"))
        self.new_button.clicked.connect(self.newCase)
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.clicked.connect(self.importCases)
        # A case handed over by another region (issue 19).
        self.receive_button = QPushButton(_("Re&ceive a handover…"))
        self.receive_button.clicked.connect(self.receiveHandover)
        self.count = QLabel()
        self.count.setAccessibleName(_("Number of cases"))

        self.model = PagedTableModel(session, case_columns(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Cases"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.model.loaded.connect(self._loaded)

        filters = QHBoxLayout()
        for widget in (self.phase, self.form, self.municipality, self.deadline, self.open_only):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.import_button)
        filters.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        # Below the list: the filter row has no room left at 1366 pixels.
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.receive_button)
        layout.addLayout(bottom)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(self._search_cleared)
        for combo in (self.phase, self.form):
            combo.currentIndexChanged.connect(self.refresh)
        self.municipality.editingFinished.connect(self.refresh)
        self.deadline.toggled.connect(self.refresh)
        self.open_only.toggled.connect(self.refresh)
        # The list shows a client's name, a case's phase and its next deadline.
        follow(
            self,
            session,
            Changes.CASES | Changes.CLIENTS | Changes.PATHWAY | Changes.TASKS,
            self.refresh,
        )

    def _search_cleared(self, text: str) -> None:
        if not text:
            self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def query(self) -> CaseQuery:
        phase = self.phase.code()
        municipality = self.municipality.text().strip().upper()
        return CaseQuery(
            phases=(phase,) if phase else (),
            exploitation_form=self.form.code(),
            municipalities=(municipality,) if municipality else (),
            deadline_before=date.today() + timedelta(days=DEADLINE_WINDOW_DAYS)
            if self.deadline.isChecked()
            else None,
            open_only=self.open_only.isChecked(),
        )

    def refresh(self) -> None:
        text = self.search.text().strip()
        if text:
            self.model.set_fetch(search_fetch(text))
        else:
            self.model.set_fetch(list_fetch(self.query()))

    def _loaded(self) -> None:
        self.count.setText(_("%(n)d cases") % {"n": self.model.rowCount()})
        # As wide as the rows on screen need, so that a phase or a form of exploitation reads
        # whole (Qt measures only the visible rows, not the whole paged list).
        self.table.resizeColumnsToContents()

    def _open(self, row: int) -> None:
        summary = self.model.row_object(row)
        if summary is not None:
            self.openCase.emit(int(summary.id))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._open(self.table.currentIndex().row())
            return
        super().keyPressEvent(event)


def list_fetch(query: CaseQuery):  # type: ignore[no-untyped-def]
    def fetch(
        vault: Vault, offset: int, limit: int, sort: str | None, descending: bool
    ) -> tuple[Sequence[Any], int]:
        update: dict[str, Any] = {"offset": offset, "limit": limit}
        if sort:
            update.update(sort=sort, descending=descending)
        page = queries.cases_page(vault, query.model_copy(update=update))
        total = queries.cases_count(vault, query) if offset == 0 else None
        return page.rows, total if total is not None else -1

    return fetch


def search_fetch(text: str):  # type: ignore[no-untyped-def]
    def fetch(
        vault: Vault, offset: int, _limit: int, _sort: str | None, _descending: bool
    ) -> tuple[Sequence[Any], int]:
        rows = queries.cases_search(vault, text, 200) if offset == 0 else []
        return rows, len(rows) if offset == 0 else -1

    return fetch
