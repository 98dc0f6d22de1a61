"""Dashboard, "my day": what is overdue and due (with the row's actions: open the case, mark it
done, postpone it with a reason), the referrals awaiting an answer and how long, how many cases
are in each phase, the actions from case meetings the signed-in user owns, the safety reviews
that are due (issue 16) and the recent cases. Each list is a card with a heading; a vault
without cases says what the page is for and offers the first case.

Another card is one call: ``page.add_card(title, widget)``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _
from carecoord.store.case_list import CaseQuery
from carecoord.store.tasks import DayCounts, DueItem
from ui.dialogs.action import ActionDialog
from ui.models.paged_table import Column, PagedTableModel
from ui.operations import Changes, case_work, follow, perform, queries, tasks
from ui.pages.dashboard_caseload import CaseloadCharts
from ui.pages.day_list import DayModel, day_columns, day_count_text, day_fetch, waiting_columns
from ui.pages.lists import DEADLINES, _table, referral_fetch, whole_list
from ui.session import Session
from ui.track_texts import first_upper
from ui.widgets import CodeCombo, DateField, code_label, format_date, show_error

POSTPONE_DAYS = 7  # the postpone form starts a week on


class Card(QFrame):
    """A heading above its content, in a framed panel."""

    def __init__(self, title: str, content: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(title)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(content, 1)
        self.content = content


class DashboardPage(QWidget):
    openCase = Signal(int)
    newCase = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.caseload = CaseloadCharts(session)
        title = QLabel(_("My day"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.greeting = QLabel()
        self.greeting.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Security notice"))

        # Overdue first, then what falls due in the next 14 days: one list, one set of actions.
        self.day = DayModel(session, day_columns(), self)
        self.day_view = _table(self.day, _("Overdue and due"))
        self.open_button = QPushButton(_("&Open case"))
        self.done_button = QPushButton(_("Mark &done"))
        self.postpone_button = QPushButton(_("&Postpone…"))
        self.open_button.clicked.connect(self.open_selected)
        self.done_button.clicked.connect(self.mark_done)
        self.postpone_button.clicked.connect(self.postpone)
        self.day_status = QLabel()
        self.day_status.setWordWrap(True)
        self.day_status.setAccessibleName(_("Message"))
        # How many rows the list holds, overdue and due: all of them, page by page as scrolled.
        self.day_count = QLabel()
        self.day_count.setWordWrap(True)
        self.day_count.setAccessibleName(_("Number of deadlines"))
        day_box = QWidget()
        day_layout = QVBoxLayout(day_box)
        day_layout.setContentsMargins(0, 0, 0, 0)
        day_layout.addWidget(self.day_count)
        day_layout.addWidget(self.day_view, 1)
        actions = QHBoxLayout()
        for button in (self.open_button, self.done_button, self.postpone_button):
            actions.addWidget(button)
        actions.addWidget(self.day_status, 1)
        day_layout.addLayout(actions)

        self.referrals = PagedTableModel(session, waiting_columns(), self)
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
        self.phases = QWidget()
        self.phase_form = QFormLayout(self.phases)
        self.phase_values: dict[str, QLabel] = {}

        # In this order in ``views`` (tests and the keyboard walk rely on it).
        self.views: list[QTableView] = [self.day_view]
        self.day_view.activated.connect(lambda index: self._open(self.day, index.row(), "case_id"))
        self.day_view.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.day.modelReset.connect(self._enable)
        self.day.loaded.connect(self._enable)
        # A row chosen before its page arrived (a long list scrolled fast) gets its actions then.
        self.day.dataChanged.connect(lambda *_a: self._enable())
        tables = {}
        for name, heading, model, opens in (
            ("referrals", _("Referrals awaiting an answer"), self.referrals, "case_id"),
            ("actions", _("My open actions from case meetings"), self.open_actions, "case_id"),
            ("reviews", _("Safety reviews due"), self.safety_reviews, "case_id"),
            ("recent", _("Recent cases"), self.recent, "id"),
        ):
            view = _table(model, heading)
            view.activated.connect(
                lambda index, m=model, key=opens: self._open(m, index.row(), key)
            )
            # An open action is done from the day list ("Mark done"), where its deadline is.
            self.views.append(view)
            tables[name] = Card(heading, view)

        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        # The first card spans the page; the others go in two columns, or one under the other
        # where the page is narrow (a 1280x720 screen at 125 %, issue 17), never cut short.
        self.grid_cards: list[QWidget] = [
            Card(_("Overdue and due in the next 14 days"), day_box),
            tables["referrals"],
            Card(_("Cases per phase"), self.phases),
            tables["actions"],
            tables["reviews"],
            tables["recent"],
            Card(_("Caseload at a glance"), self.caseload),
        ]
        self.columns = 0
        self._place_cards(2)

        # Shown instead of the cards while the vault holds no case at all.
        self.empty = QFrame()
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        empty_text = QLabel(
            _(
                "This page is your working day: the deadlines that are overdue or due soon,"
                " the referrals waiting for a partner's answer and how many cases are in each"
                " phase. There are no cases yet: start by recording the first one."
            )
        )
        empty_text.setWordWrap(True)
        self.first_case = QPushButton(_("Record the first &case…"))
        self.first_case.clicked.connect(self.newCase)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addWidget(empty_text)
        row = QHBoxLayout()
        row.addWidget(self.first_case)
        row.addStretch(1)
        empty_layout.addLayout(row)
        self.empty.hide()

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(10)
        body_layout.addWidget(title)
        body_layout.addWidget(self.greeting)
        body_layout.addWidget(self.notice)
        body_layout.addWidget(self.empty)
        self.cards = QWidget()
        self.cards.setLayout(self.grid)
        self.grid.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.cards, 100)
        # Takes the room the hidden cards leave, so the empty state stays at the top.
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("My day"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._enable()
        follow(self, session, DEADLINES | Changes.PATHWAY | Changes.REFERRALS, self.refresh)

    def add_card(self, title: str, widget: QWidget) -> Card:
        """A further card (e.g. a chart), in the next free place of the grid."""
        card = Card(title, widget)
        self.grid_cards.append(card)
        self._place(card, len(self.grid_cards) - 1)
        card.show()  # a widget added to a shown page is not shown by the layout at once
        return card

    # Below this width two columns of cards would cut the referrals' dossier numbers short.
    TWO_COLUMNS_FROM = 1000

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_cards(2 if event.size().width() >= self.TWO_COLUMNS_FROM else 1)

    def _place_cards(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for card in self.grid_cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.grid_cards):
            self._place(card, index)
        for column in (0, 1):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.grid.setRowStretch(0, 2)

    def _place(self, card: QWidget, index: int) -> None:
        if index == 0:
            self.grid.addWidget(card, 0, 0, 1, self.columns)
        elif self.columns == 1:
            self.grid.addWidget(card, index, 0)
        else:
            self.grid.addWidget(card, 1 + (index - 1) // 2, (index - 1) % 2)

    # -- the row's actions ---------------------------------------------------------------------
    def selected_item(self) -> DueItem | None:
        index = self.day_view.currentIndex()
        item = self.day.row_object(index.row()) if index.isValid() else None
        return item if isinstance(item, DueItem) else None

    def _enable(self) -> None:
        """Only what the chosen row can do: a deadline is not ticked off or moved here."""
        item = self.selected_item()
        self.open_button.setEnabled(item is not None)
        self.done_button.setEnabled(item is not None and item.can_complete)
        self.postpone_button.setEnabled(item is not None and item.can_postpone)
        hint = ""
        if item is not None and not item.can_complete:
            hint = _(
                "This deadline follows from the case's dates: open the case and record what it"
                " waits for."
            )
        for button in (self.done_button, self.postpone_button):
            button.setToolTip(hint if not button.isEnabled() else "")

    def open_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.openCase.emit(item.case_id)

    def mark_done(self) -> None:
        item = self.selected_item()
        if item is None or not item.can_complete:
            return
        reference = item.case_reference
        perform(
            self.session,
            tasks.mark_done(item),
            lambda _r: self.day_status.setText(_("Done: %(case)s.") % {"case": reference}),
            lambda error: show_error(self, error),
        )

    def postpone(self) -> ActionDialog | None:
        item = self.selected_item()
        if item is None or not item.can_postpone:
            return None
        task_id = item.task_id
        on = DateField(initial=max(item.due_on, date.today()) + timedelta(days=POSTPONE_DAYS))
        reason = CodeCombo("postpone_reason")

        def build() -> Any:
            return tasks.postpone(task_id, on.value() or date.today(), reason.code() or "")

        dialog = ActionDialog(
            self.session,
            _("Postpone task"),
            [(_("&New date"), on), (_("&Reason"), reason)],
            build,
            self,
        )
        dialog.saved.connect(
            lambda _r: self.day_status.setText(
                _("Postponed to %(date)s.") % {"date": format_date(on.value())}
            )
        )
        dialog.open()
        return dialog

    def _open(self, model: PagedTableModel, row: int, key: str) -> None:
        item = model.row_object(row)
        if item is not None:
            self.openCase.emit(int(getattr(item, key)))

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.greeting.setText(_("Signed in as %(user)s.") % {"user": self.session.user})
        self.caseload.refresh()
        # Every overdue and due row, a page of the model at a time as the list is scrolled
        # (a busy region has hundreds); the count says how many there are in all.
        self.day.set_fetch(day_fetch)
        self.session.run(queries.day_counts, self._show_day_counts, lambda _e: None)
        recent = CaseQuery(sort="opened_on", descending=True, limit=10, open_only=True)
        self.recent.set_fetch(whole_list(lambda v: queries.cases_page(v, recent).rows))
        self.referrals.set_fetch(referral_fetch("sent"))
        self.open_actions.set_fetch(whole_list(case_work.my_open_actions))
        self.safety_reviews.set_fetch(whole_list(case_work.safety_reviews_due))
        self.session.run(queries.phase_counts, self._show_counts, lambda _e: None)

    def _show_day_counts(self, counts: DayCounts) -> None:
        self.day_count.setText(day_count_text(counts))

    def _show_counts(self, counts: list[tuple[str, int]]) -> None:
        for phase, n in counts:
            value = self.phase_values.get(phase)
            if value is None:
                value = QLabel()
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                caption = QLabel(first_upper(code_label("phase", phase)))
                value.setAccessibleName(caption.text())
                self.phase_form.addRow(caption, value)
                self.phase_values[phase] = value
            value.setText(str(n))
        nothing = sum(n for _p, n in counts) == 0
        self.empty.setVisible(nothing)
        self.cards.setVisible(not nothing)
        # The counts arrive from the worker: offer the first case the focus only where it would
        # not be taken from what the coordinator is on (the navigation, another page).
        focused = QApplication.focusWidget()
        if nothing and (focused is None or self.isAncestorOf(focused)):
            self.first_case.setFocus()
