"""Case list: paged, sorted and filtered in the vault; global search (Ctrl+F); Enter opens.

The search runs as the coordinator types, once the typing has paused (SEARCH_DELAY_MS), on the
vault worker and within the filters; the store logs each search it runs, so a query is logged
once when it settles, not once per keystroke. Down arrow in the search box moves to the results.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _, ngettext
from carecoord.store.case_list import CaseQuery
from carecoord.vault import Vault
from ui.dialogs.new_case import municipality_combo
from ui.empty_state import EmptyState
from ui.flow_layout import wrapping_row
from ui.keyboard import down_reaches
from ui.models.paged_table import WHOLE_ROW, Column, PagedTableModel
from ui.operations import Changes, follow, queries
from ui.screen_fit import fit_columns
from ui.session import Session
from ui.track_texts import summary_phase
from ui.widgets import CodeCombo, code_label, format_date, municipality_name

DEADLINE_WINDOW_DAYS = 14
# How long typing must pause before the search runs: long enough that a word typed at a normal
# pace is one search (and one access-log entry), short enough to feel immediate.
SEARCH_DELAY_MS = 300


def case_columns() -> list[Column]:
    return [
        Column("reference", _("Case"), "reference"),
        Column("display_name", _("Client")),
        Column(WHOLE_ROW, _("Phase"), "phase", summary_phase),
        Column("opened_on", _("Signalled on"), "opened_on", format_date),
        Column("municipality", _("Municipality"), None, municipality_name),
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
        self.phase = CodeCombo("phase", allow_empty=True, empty_text=_("all phases"))
        self.phase.setAccessibleName(_("Filter by phase"))
        self.form = CodeCombo("exploitation_form", allow_empty=True, empty_text=_("all forms"))
        self.form.setAccessibleName(_("Filter by form of exploitation"))
        self.municipality = municipality_combo(_("all municipalities"))
        self.municipality.setAccessibleName(_("Filter by municipality"))
        # Visible labels: an unlabelled "—" says nothing about what it filters.
        self.filter_labels: list[QLabel] = []
        for text, field in (
            (_("P&hase"), self.phase),
            (_("Form of e&xploitation"), self.form),
            (_("M&unicipality"), self.municipality),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            self.filter_labels.append(label)
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.activated.connect(lambda index: self._open(index.row()))
        down_reaches(self.search, self.table)  # one key from the search box to the results
        self.model.loaded.connect(self._loaded)
        # In place of the list while it has no rows (issue 17); its button is "New case…".
        self.empty = EmptyState(
            self.table,
            _(
                "This page lists your cases: each victim you coordinate care for, with the phase"
                " the case is in and its next deadline. There are no cases yet: record the first"
                " one, or import them from a CSV or Excel file."
            ),
            action=(_("New case…"), self.newCase.emit),
            no_match=_("No cases found with these filters."),
            clear=self.clear_filters,
        )

        # Two rows, so that the labelled filters and the buttons fit at 1366 px (issue 17).
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.new_button)
        # The filters wrap onto a second row where the screen is narrow (1024 px at 125 %,
        # issue 17); each label stays beside its list.
        filters = wrapping_row()
        for label in self.filter_labels:
            combo = label.buddy()
            if isinstance(combo, QComboBox):
                # Long municipality and form names would widen the page past the screen.
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(12)
            pair = QWidget()
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 8, 0)
            pair_row.addWidget(label)
            pair_row.addWidget(combo)
            filters.addWidget(pair)
        for widget in (self.deadline, self.open_only):
            filters.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.empty, 1)
        # Below the list: the filter row has no room left at 1366 pixels.
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.receive_button)
        layout.addLayout(bottom)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._settled)
        # What the list shows now: (search text, filters); a settled query already shown is not
        # searched (and logged) again.
        self._shown: tuple[str, CaseQuery] | None = None
        self.search.returnPressed.connect(self._settled)
        self.search.textChanged.connect(self._search_typed)
        self.search.installEventFilter(self)
        for combo in (self.phase, self.form):
            combo.currentIndexChanged.connect(self.refresh)
        self.municipality.currentIndexChanged.connect(self.refresh)
        self.deadline.toggled.connect(self.refresh)
        self.open_only.toggled.connect(self.refresh)
        # The list shows a client's name, a case's phase and its next deadline.
        follow(
            self,
            session,
            Changes.CASES | Changes.CLIENTS | Changes.PATHWAY | Changes.TASKS,
            self.refresh,
        )

    def _search_typed(self, text: str) -> None:
        if text.strip():
            self.search_timer.start()  # restarted by every keystroke
        else:
            self.search_timer.stop()
            self._settled()

    def _settled(self) -> None:
        """Typing paused, Enter pressed or the box cleared: show that query, once."""
        self.search_timer.stop()
        if self._shown != (self.search.text().strip(), self.query()):
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self.focus_results()
            return True
        return super().eventFilter(watched, event)

    def focus_results(self) -> None:
        """From the search box to the first result (Down arrow), the search settled first."""
        self._settled()
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def query(self) -> CaseQuery:
        phase = self.phase.code()
        municipality = self.municipality.value()
        return CaseQuery(
            phases=(phase,) if phase else (),
            exploitation_form=self.form.code(),
            municipalities=(str(municipality),) if municipality else (),
            deadline_before=date.today() + timedelta(days=DEADLINE_WINDOW_DAYS)
            if self.deadline.isChecked()
            else None,
            open_only=self.open_only.isChecked(),
        )

    def refresh(self) -> None:
        self.search_timer.stop()
        text, query = self.search.text().strip(), self.query()
        self._shown = (text, query)
        if text:
            self.model.set_fetch(search_fetch(text, query))
        else:
            self.model.set_fetch(list_fetch(query))

    def _loaded(self) -> None:
        rows = self.model.rowCount()
        self.count.setText(ngettext("%(n)d case", "%(n)d cases", rows) % {"n": rows})
        if rows:
            self.empty.show_rows(rows)
        else:
            self._show_empty()
        if self.table.hasFocus() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        # As wide as the rows on screen need, so that a phase or a form of exploitation reads
        # whole (Qt measures only the visible rows, not the whole paged list).
        fit_columns(self.table)  # within the page's width (issue 17)

    def narrowed(self) -> bool:
        """A search or a filter other than the default "open cases only" narrows the list."""
        query = self.query()
        return bool(
            self.search.text().strip()
            or query.phases
            or query.exploitation_form
            or query.municipalities
            or query.deadline_before
        )

    def clear_filters(self) -> None:
        """Every case shown again: the search and filters cleared, closed cases included when
        "open cases only" was all that narrowed the list."""
        only_open_narrowed = not self.narrowed()
        for signal_owner in (self.search, self.phase, self.form, self.municipality):
            signal_owner.blockSignals(True)
        self.search.clear()
        self.phase.setCurrentIndex(0)
        self.form.setCurrentIndex(0)
        self.municipality.setCurrentIndex(0)
        for signal_owner in (self.search, self.phase, self.form, self.municipality):
            signal_owner.blockSignals(False)
        self.deadline.blockSignals(True)
        self.deadline.setChecked(False)
        self.deadline.blockSignals(False)
        if only_open_narrowed:
            self.open_only.blockSignals(True)
            self.open_only.setChecked(False)
            self.open_only.blockSignals(False)
        self.refresh()

    def _show_empty(self) -> None:
        """No rows: "no cases yet", or "none match" when the vault holds cases after all (a
        filter, or closed cases hidden by "open cases only")."""
        if self.narrowed():
            self.empty.show_rows(0, True)
            return
        if not self.open_only.isChecked():
            self.empty.show_rows(0, False)
            return
        everything = CaseQuery(open_only=False, limit=1)
        self.session.run(
            lambda v: queries.cases_count(v, everything),
            lambda total: self.empty.show_rows(self.model.rowCount(), bool(total)),
            lambda _e: self.empty.show_rows(0, False),
        )

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


def search_fetch(text: str, within: CaseQuery | None = None):  # type: ignore[no-untyped-def]
    """Runs on the vault worker: one search, within the list's filters."""

    def fetch(
        vault: Vault, offset: int, _limit: int, _sort: str | None, _descending: bool
    ) -> tuple[Sequence[Any], int]:
        rows = queries.cases_search(vault, text, 200, within) if offset == 0 else []
        return rows, len(rows) if offset == 0 else -1

    return fetch
