"""Dashboard: overdue and due-soon deadlines, recent cases and open referrals; the actions from
case meetings that the signed-in user owns, and the safety reviews that are due (issue 16)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.case_list import CaseQuery
from ui.models.paged_table import Column, PagedTableModel
from ui.operations import Changes, case_work, follow, queries
from ui.pages.lists import (
    DEADLINES,
    _table,
    due_columns,
    referral_columns,
    referral_fetch,
    whole_list,
)
from ui.session import Session
from ui.widgets import code_label, format_date, show_error


class DashboardPage(QWidget):
    openCase = Signal(int)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.greeting = QLabel()
        self.greeting.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Security notice"))
        self.overdue = PagedTableModel(session, due_columns(), self)
        self.soon = PagedTableModel(session, due_columns(), self)
        self.recent = PagedTableModel(
            session,
            [
                Column("reference", _("Case")),
                Column("display_name", _("Client")),
                Column("phase", _("Phase"), None, lambda v: code_label("phase", v)),
                Column("opened_on", _("Signalled on"), None, format_date),
            ],
            self,
        )
        self.referrals = PagedTableModel(session, referral_columns(with_status=False), self)
        self.open_actions = PagedTableModel(
            session,
            [
                Column("due_on", _("Due"), None, format_date),
                Column("case_reference", _("Case")),
                Column("description", _("Agreed action")),
            ],
            self,
        )
        self.safety_reviews = PagedTableModel(
            session,
            [
                Column("due_on", _("Review on"), None, format_date),
                Column("case_reference", _("Case")),
            ],
            self,
        )
        grid = QGridLayout()
        self.views: list[QTableView] = []
        for position, (title, model, opens) in enumerate(
            (
                (_("Overdue deadlines"), self.overdue, "case_id"),
                (_("Deadlines in the next 14 days"), self.soon, "case_id"),
                (_("Recent cases"), self.recent, "id"),
                (_("Referrals awaiting an answer"), self.referrals, "case_id"),
                (_("My open actions from case meetings"), self.open_actions, "case_id"),
                (_("Safety reviews due"), self.safety_reviews, "case_id"),
            )
        ):
            box = QVBoxLayout()
            heading = QLabel(f"<b>{title}</b>")
            view = _table(model, title)
            if opens:
                view.activated.connect(
                    lambda index, m=model, key=opens: self._open(m, index.row(), key)
                )
            box.addWidget(heading)
            box.addWidget(view)
            if model is self.open_actions:
                # Done from here, without opening the case (keyboard: Alt+letter on the row).
                self.action_done = QPushButton(_("Mark action &done"))
                self.action_done.clicked.connect(lambda _c=False, v=view: self.complete_action(v))
                box.addWidget(self.action_done)
            grid.addLayout(box, position // 2, position % 2)
            self.views.append(view)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 1)  # each list as tall as the others
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.notice)
        layout.addLayout(grid, 1)
        follow(self, session, DEADLINES | Changes.PATHWAY | Changes.REFERRALS, self.refresh)

    def _open(self, model: PagedTableModel, row: int, key: str) -> None:
        item = model.row_object(row)
        if item is not None:
            self.openCase.emit(int(getattr(item, key)))

    def complete_action(self, view: QTableView) -> None:
        """The selected open action done today; the lists refresh when the change is announced."""
        item = self.open_actions.row_object(view.currentIndex().row())
        if item is None or not getattr(item, "action_id", 0):
            show_error(self, InputRejected(_("Select an action first.")))
            return
        self.session.run(
            case_work.complete_action(int(item.action_id), date.today()),
            lambda _r: self.refresh(),
            lambda error: show_error(self, error),
        )

    def refresh(self) -> None:
        self.greeting.setText(_("Signed in as %(user)s.") % {"user": self.session.user})
        self.overdue.set_fetch(whole_list(lambda v: queries.overdue(v, limit=50)))
        self.soon.set_fetch(whole_list(lambda v: queries.due_soon(v, limit=50)))
        recent = CaseQuery(sort="opened_on", descending=True, limit=10, open_only=True)
        self.recent.set_fetch(whole_list(lambda v: queries.cases_page(v, recent).rows))
        self.referrals.set_fetch(referral_fetch("sent"))
        self.open_actions.set_fetch(whole_list(case_work.my_open_actions))
        self.safety_reviews.set_fetch(whole_list(case_work.safety_reviews_due))
