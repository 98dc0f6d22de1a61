"""Signals without a person, referrals and tasks: simple lists over core queries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.case import Signal
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.store.tasks import DayCounts, DueItem
from carecoord.vault import Vault
from ui.dialogs.action import ActionDialog
from ui.dialogs.attach_signal import AttachSignalDialog
from ui.dialogs.new_case import NewCaseDialog, municipality_combo
from ui.empty_state import EmptyState
from ui.models.paged_table import Column, Fetch, PagedTableModel
from ui.operations import Changes, follow, queries, signals
from ui.screen_fit import fit_columns
from ui.session import Session
from ui.widgets import (
    CodeChecklist,
    CodeCombo,
    DateField,
    code_label,
    enable_with_selection,
    format_date,
    municipality_name,
    show_error,
)


def _table(model: PagedTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    # Arrows move between rows; Tab leaves the table for the actions beside it (issue 17).
    view.setTabKeyNavigation(False)
    # Columns as wide as their contents once the first page is on screen, so that a phase or a
    # form of exploitation reads whole instead of cut off or wrapped; the coordinator can still
    # drag a column narrower, and the last one takes what is left.
    # Within the page's width, the widest narrowed first (issue 17).
    model.loaded.connect(lambda: fit_columns(view))
    return view


def whole_list(query: Callable[[Vault], Sequence[Any]]):  # type: ignore[no-untyped-def]
    """A fetch for short lists the core returns whole (bounded by the core's own limits)."""

    def fetch(
        vault: Vault, offset: int, _limit: int, _sort: str | None, _desc: bool
    ) -> tuple[Sequence[Any], int]:
        if offset:
            return [], -1
        rows = query(vault)
        return rows, len(rows)

    return fetch


class SignalsPage(QWidget):
    """Signals without an identified person: the information position on risk locations.

    Once the person is identified, a signal becomes a new case or part of an existing one (and
    leaves this list); ``openCase`` then asks the workspace to show that case."""

    openCase = QtSignal(int)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = PagedTableModel(
            session,
            [
                Column("signal_date", _("Date"), None, format_date),
                Column(
                    "location_type", _("Location"), None, lambda v: code_label("location_type", v)
                ),
                Column("sector", _("Sector"), None, lambda v: code_label("sector", v)),
                Column("municipality", _("Municipality"), None, municipality_name),
                Column("signaller", _("Signaller"), None, lambda v: code_label("signaller", v)),
            ],
            self,
        )
        self.table = _table(self.model, _("Signals without a person"))
        self.add = QPushButton(_("&Record signal…"))
        self.add.clicked.connect(self.record_signal)
        self.new_case_button = QPushButton(_("&New case from signal…"))
        self.new_case_button.clicked.connect(self.new_case_from_signal)
        self.attach_button = QPushButton(_("&Attach to a case…"))
        self.attach_button.clicked.connect(self.attach_to_case)
        self.location_button = QPushButton(_("Link to risk &location…"))
        self.location_button.clicked.connect(self.link_location)
        intro = QLabel(
            _(
                "Signals without an identified person, e.g. indications found at a control of a holiday park."
            )
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.new_case_button)
        row.addWidget(self.attach_button)
        row.addWidget(self.location_button)
        row.addWidget(self.add)
        # In place of the list while it has none (issue 17); its button is "Record signal…".
        self.empty = EmptyState(
            self.table,
            _(
                "There are no signals without a person yet. Record the first one here, so that"
                " what was seen is not lost; once the person is identified, the signal becomes a"
                " case or part of one."
            ),
            action=(_("Record a signal…"), self.record_signal),
        )
        self.empty.watch([self.model], lambda: False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty, 1)
        layout.addLayout(row)
        enable_with_selection(
            self.table,
            (self.new_case_button, self.attach_button, self.location_button),
            lambda: self.selected_signal() is not None,
        )
        follow(self, session, Changes.SIGNALS, self.refresh)

    def refresh(self) -> None:
        def fetch(
            vault: Vault, offset: int, limit: int, _s: str | None, _d: bool
        ) -> tuple[Sequence[Any], int]:
            rows = queries.signals_without_person(vault, offset, limit)
            # The core pages without a count: grow the total while full pages keep coming.
            return rows, offset + len(rows) + (1 if len(rows) == limit else 0)

        self.model.set_fetch(fetch)

    def selected_signal(self) -> Signal | None:
        index = self.table.currentIndex()
        row = self.model.row_object(index.row()) if index.isValid() else None
        return row if isinstance(row, Signal) else None

    def _need_signal(self) -> Signal | None:
        # None only when no signal is chosen: the buttons that need one are disabled then.
        return self.selected_signal()

    def _converted(self, case_id: object) -> None:
        # The list was refreshed by the operation's change (follow, in __init__).
        self.openCase.emit(int(case_id))  # type: ignore[call-overload]

    def new_case_from_signal(self) -> None:
        """Reads the whole signal (its description too) before the dialog opens."""
        chosen = self._need_signal()
        if chosen is None or chosen.id is None:
            return
        signal_id = chosen.id
        self.session.run(
            lambda v: queries.signal_without_person(v, signal_id),
            self.new_case_dialog,
            self._failed,
        )

    def new_case_dialog(self, signal: Signal) -> None:
        dialog = NewCaseDialog(self.session, self, from_signal=signal)
        dialog.saved.connect(self._converted)
        dialog.open()

    def attach_to_case(self) -> AttachSignalDialog | None:
        signal = self._need_signal()
        if signal is None:
            return None
        dialog = AttachSignalDialog(self.session, signal, self)
        dialog.saved.connect(self._converted)
        dialog.open()
        return dialog

    def link_location(self) -> None:
        """Issue 18: the signal was made at a risk location of the register."""
        from ui.dialogs.location import open_link_dialog
        from ui.operations import locations

        signal = self._need_signal()
        if signal is not None and signal.id is not None:
            signal_id = signal.id
            open_link_dialog(self.session, self, lambda lid: locations.link_signal(signal_id, lid))

    def _failed(self, error: CareCoordError) -> None:
        self.refresh()  # e.g. the signal was attached meanwhile: show the list as it is now
        show_error(self, error)

    def record_signal(self) -> ActionDialog:
        when = DateField()
        signaller, location, sector = (
            CodeCombo("signaller"),
            CodeCombo("location_type"),
            CodeCombo("sector"),
        )
        municipality = municipality_combo()
        forms = CodeChecklist("exploitation_form")
        description = QPlainTextEdit()

        def build() -> Callable[[Vault], Any]:
            signal = Signal(
                signal_date=when.value() or date.today(),
                signaller=signaller.code() or "unknown",
                location_type=location.code() or "unknown",
                sector=sector.code() or "unknown",
                municipality=municipality.currentData(),
                exploitation_forms=forms.codes(),
                description=description.toPlainText().strip() or None,
            )
            return signals.add(signal)

        dialog = ActionDialog(
            self.session,
            _("Signal without a person"),
            [
                (_("&Date"), when),
                (_("Si&gnaller"), signaller),
                (_("&Location type"), location),
                (_("Sec&tor"), sector),
                (_("&Municipality"), municipality),
                (_("Forms of e&xploitation"), forms),
                (_("Descri&ption"), description),
            ],
            build,
            self,
        )
        dialog.open()
        return dialog


def referral_columns(*, with_status: bool) -> list[Column]:
    columns = [
        Column("id", _("Number")),
        Column("case_reference", _("Case")),
        Column("referral_type", _("Type"), None, lambda v: code_label("referral_type", v)),
        Column("organisation", _("Organisation")),
    ]
    if with_status:
        columns.insert(
            3, Column("status", _("Status"), None, lambda v: code_label("referral_status", v))
        )
    return columns


class ReferralsPage(QWidget):
    """Every referral; Enter opens its case."""

    openCase = QtSignal(int)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.model = PagedTableModel(session, referral_columns(with_status=True), self)
        self.table = _table(self.model, _("Referrals"))
        self.table.activated.connect(self._open)
        # A referral is made from its case, so the empty page says where (issue 17).
        self.empty = EmptyState(
            self.table,
            _(
                "This page lists every referral to a partner organisation, with its status, for"
                " all cases. There are no referrals yet. A referral is made from a case: open the"
                " case under Cases and choose Referrals."
            ),
        )
        self.empty.watch([self.model], lambda: False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty, 1)
        follow(self, session, Changes.REFERRALS | Changes.CASES, self.refresh)

    def _open(self, index: QModelIndex) -> None:
        line = self.model.row_object(index.row())
        if line is not None and line.case_id is not None:
            self.openCase.emit(int(line.case_id))

    def refresh(self) -> None:
        self.model.set_fetch(referral_fetch(None))


def referral_fetch(status: str | None):  # type: ignore[no-untyped-def]
    """Pages of referrals, with their total: a large region has tens of thousands."""

    def fetch(
        vault: Vault, offset: int, limit: int, _sort: str | None, _desc: bool
    ) -> tuple[Sequence[Any], int]:
        rows = queries.referral_lines(vault, status, offset, limit)
        total = queries.referrals_count(vault, status) if offset == 0 else -1
        return rows, total

    return fetch


# What the due and overdue lists show: tasks, and the case each belongs to (its reference).
DEADLINES = Changes.TASKS | Changes.CASES


def due_columns() -> list[Column]:
    return [
        Column("due_on", _("Due"), None, format_date),
        Column("case_reference", _("Case")),
        Column("kind", _("Deadline"), None, lambda v: code_label("task_kind", v)),
        Column("title", _("Task")),
    ]


class TasksPage(QWidget):
    openCase = QtSignal(int)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.overdue = PagedTableModel(session, due_columns(), self)
        self.soon = PagedTableModel(session, due_columns(), self)
        self.overdue_view = _table(self.overdue, _("Overdue"))
        self.soon_view = _table(self.soon, _("Due soon"))
        for view, model in ((self.overdue_view, self.overdue), (self.soon_view, self.soon)):
            view.activated.connect(lambda index, m=model: self._open(m, index.row()))
        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(QLabel(_("Overdue")))
        lists_layout.addWidget(self.overdue_view, 1)
        lists_layout.addWidget(QLabel(_("Due in the next 14 days")))
        lists_layout.addWidget(self.soon_view, 1)
        # Both lists empty: what the page is for, and where tasks come from (issue 17).
        self.empty = EmptyState(
            lists,
            _(
                "This page shows the tasks and deadlines of all your cases that are overdue or"
                " due in the next 14 days. Nothing is due now. A task is added in its case,"
                " under Tasks; deadlines such as the end of the reflection period"
                " follow from the case's dates."
            ),
        )
        self.empty.watch([self.overdue, self.soon], lambda: False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty, 1)
        follow(self, session, DEADLINES, self.refresh)

    def _open(self, model: PagedTableModel, row: int) -> None:
        item = model.row_object(row)
        if item is not None:
            self.openCase.emit(int(item.case_id))

    def refresh(self) -> None:
        self.overdue.set_fetch(due_fetch(queries.overdue, lambda counts: counts.overdue))
        self.soon.set_fetch(due_fetch(queries.due_soon, lambda counts: counts.due_soon))


def due_fetch(
    query: Callable[[Vault, int, int], Sequence[DueItem]], count: Callable[[DayCounts], int]
) -> Fetch:
    """Pages of a deadline list with its true total: none is left out, however many there are."""

    def fetch(
        vault: Vault, offset: int, limit: int, _sort: str | None, _desc: bool
    ) -> tuple[Sequence[Any], int]:
        rows = query(vault, offset, limit)
        return rows, count(queries.day_counts(vault)) if offset == 0 else -1

    return fetch
