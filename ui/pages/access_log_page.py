"""Access log (NEN 7513): who did what, when, from which workstation — the last 30 days, or one
coordinator's, newest first, cases by their dossier number. Reading the log is itself logged by
the core."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from carecoord import i18n
from carecoord.audit.actions import action_label
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.empty_state import EmptyState
from ui.models.paged_table import Column, PagedTableModel
from ui.operations import access_log
from ui.pages.lists import _table
from ui.session import Session

WINDOW_DAYS = 30
MAX_ROWS = 2000


def log_columns() -> list[Column]:
    return [
        Column("at", _("Time"), None, lambda v: i18n.format_datetime(v, "short") if v else ""),
        Column("user", _("User")),
        Column("workstation", _("Workstation")),
        Column("action", _("Action"), None, lambda v: action_label(v) if v else ""),
        Column("case", _("Case")),
        Column("on_behalf_of", _("On behalf of")),
    ]


class AccessLogPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.model = PagedTableModel(session, log_columns(), self)
        self.user = QLineEdit()
        self.user.setPlaceholderText(_("All users"))
        self.user.setAccessibleName(_("Filter by user"))
        self.show_button = QPushButton(_("&Show"))
        self.show_button.clicked.connect(self.refresh)
        self.user.returnPressed.connect(self.refresh)
        row = QHBoxLayout()
        label = QLabel(_("&User"))
        label.setBuddy(self.user)
        row.addWidget(label)
        row.addWidget(self.user)
        row.addWidget(self.show_button)
        row.addStretch(1)
        intro = QLabel(
            _("Every read, change, search, print and export of the last 30 days, newest first.")
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        # The log fills itself: nothing to start here, only why it is empty (issue 17).
        self.empty = EmptyState(
            _table(self.model, _("Access log")),
            _(
                "This log records who read, changed, searched, printed or exported which case,"
                " when and from which workstation. It fills itself as people work with cases;"
                " there is nothing to record here yourself."
            ),
            no_match=_("No entries of the last 30 days found for this user."),
            clear=self.clear_filters,
        )
        self.empty.watch([self.model], lambda: bool(self.user.text().strip()))
        layout.addWidget(self.empty, 1)

    def clear_filters(self) -> None:
        self.user.clear()
        self.refresh()

    def refresh(self) -> None:
        user = self.user.text().strip() or None

        def fetch(
            vault: Vault, offset: int, _l: int, _s: str | None, _d: bool
        ) -> tuple[Sequence[Any], int]:
            if offset:
                return [], -1
            since = datetime.now(UTC) - timedelta(days=WINDOW_DAYS)
            rows = access_log.recent(vault, user, since, MAX_ROWS)
            return rows, len(rows)

        self.model.set_fetch(fetch)


def case_access_fetch(case_id: int):  # type: ignore[no-untyped-def]
    """'Who accessed this file': the case's entries, newest first."""

    def fetch(
        vault: Vault, offset: int, _l: int, _s: str | None, _d: bool
    ) -> tuple[Sequence[Any], int]:
        if offset:
            return [], -1
        rows = access_log.of_case(vault, case_id, MAX_ROWS)
        return rows, len(rows)

    return fetch
