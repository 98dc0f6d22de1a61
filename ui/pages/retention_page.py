"""Retention and the client's rights: what is due, legal holds, apply, the rules, the
destruction register, and the requests of a client (access export, erasure).

This frame holds the tabs, loads the reviewed state and keeps one busy state for all of them;
the review (with holds and apply) is ui/pages/retention_review.py, the client's requests
ui/pages/retention_requests.py.

Everything names cases and clients by reference only. Reviewing is logged by the core (one
entry per case listed), so the review loads when the page is shown, not in the background.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from carecoord import i18n
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from ui.dialogs.retention import RulesDialog, describe_rules, done_label, rule_label, sources_note
from ui.empty_state import EmptyState
from ui.pages.retention_requests import ClientRequestsTab
from ui.pages.retention_review import ReviewTab
from ui.pages.retention_tables import RetentionState, fill_table, load_state, read_only_table
from ui.session import Session
from ui.widgets import format_date, show_error


class RetentionPage(QWidget):
    changed = Signal()  # something was anonymised, destroyed or erased

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.state: RetentionState | None = None
        self.busy = False
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Retention sections"))
        self.review = ReviewTab(session, self.refresh, self._set_busy, self.changed.emit)
        self.tabs.addTab(self.review, _("Review"))
        self.tabs.addTab(self._rules_tab(), _("Rules"))
        self.tabs.addTab(self._register_tab(), _("Destruction register"))
        self.requests = ClientRequestsTab(session, self.refresh, self._set_busy, self.changed.emit)
        self.tabs.addTab(self.requests, _("Client requests"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)

    # -- building --------------------------------------------------------------------------------
    def _rules_tab(self) -> QWidget:
        tab = QWidget()
        self.rules_text = QLabel()
        self.rules_text.setWordWrap(True)
        note = QLabel(sources_note())
        note.setWordWrap(True)
        self.rules_button = QPushButton(_("Change &rules…"))
        self.rules_button.clicked.connect(self.change_rules)
        row = QHBoxLayout()
        row.addWidget(self.rules_button)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.rules_text)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addStretch(1)
        return tab

    def _register_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel(
            _(
                "What was anonymised or destroyed, when, by whom and under which rule; never "
                "what the case contained."
            )
        )
        intro.setWordWrap(True)
        self.register_table = read_only_table(
            _("Destruction register"),
            [_("Done at"), _("By"), _("Case"), _("Action"), _("Rule"), _("Closed on"), _("Due on")],
        )
        # Nothing destroyed yet: why the register is empty, not a blank table (issue 17).
        self.register_empty = EmptyState(
            self.register_table,
            _(
                "Nothing has been anonymised or destroyed yet. Each time retention is applied"
                " under Review, this register records it here."
            ),
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addWidget(self.register_empty, 1)
        return tab

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.busy and self.session.is_unlocked:
            self.session.run(load_state, self._show, self._failed)

    def _failed(self, error: CareCoordError) -> None:
        show_error(self, error)

    def _show(self, state: RetentionState) -> None:
        self.state = state
        self.review.show_state(state)
        fill_table(
            self.register_table,
            [
                (
                    i18n.format_datetime(e.done_at, "short"),
                    e.done_by,
                    e.case_ref,
                    done_label(e.action),
                    rule_label(e.rule),
                    format_date(e.closed_on),
                    format_date(e.due_on),
                )
                for e in state.register
            ],
        )
        self.register_empty.show_rows(len(state.register))
        self.rules_text.setText("\n".join(describe_rules(state.rules)))
        self.review.apply_button.setEnabled(bool(self.review.to_apply()))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        # One long job at a time (apply, export): every action of every tab waits for it.
        self.busy = busy
        self.review.progress.setVisible(busy)
        for button in (
            self.review.hold_button,
            self.review.lift_button,
            self.review.apply_button,
            self.rules_button,
            self.requests.export_button,
            self.requests.erase_button,
        ):
            button.setEnabled(not busy)
        if not busy:  # what needs a chosen hold or a typed reference waits for it again
            self.review.check_lift()
            self.requests.check_buttons()
            self.review.apply_button.setEnabled(bool(self.review.to_apply()))
        self.review.status.setText(message)

    # -- rules -----------------------------------------------------------------------------------
    def change_rules(self) -> RulesDialog | None:
        if self.state is None:
            return None
        dialog = RulesDialog(self.session, self.state.rules, self)
        dialog.saved.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    # -- client requests -------------------------------------------------------------------------
    def show_requests(self, client_reference: str) -> None:
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self.requests.client_ref.setText(client_reference)
        self.requests.client_ref.setFocus()
