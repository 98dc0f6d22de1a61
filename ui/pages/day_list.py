"""The dashboard's lists as data: the day list (overdue and due, every row a page at a time,
with its true count), its "When" texts and marks, and the referrals awaiting an answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from carecoord.domain.deadlines import DEFAULT_DUE_SOON_DAYS
from carecoord.i18n import _, ngettext
from carecoord.store.tasks import DayCounts, DueItem
from carecoord.vault import Vault
from ui.models.paged_table import WHOLE_ROW, Column, PagedTableModel
from ui.operations import queries
from ui.status_marks import due_mark, table_role
from ui.widgets import code_label, format_date


def days_late(item: DueItem, today: date | None = None) -> str:
    """'3 days overdue', 'today', 'in 5 days': read at a glance, not worked out from a date."""
    days = ((today or date.today()) - item.due_on).days
    if days > 0:
        return ngettext("%(n)d day overdue", "%(n)d days overdue", days) % {"n": days}
    if days == 0:
        return _("due today")
    return ngettext("in %(n)d day", "in %(n)d days", -days) % {"n": -days}


def days_waiting(sent_on: date | None, today: date | None = None) -> str:
    if sent_on is None:
        return ""
    days = ((today or date.today()) - sent_on).days
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def day_columns() -> list[Column]:
    return [
        Column("due_on", _("Due"), None, format_date),
        Column(WHOLE_ROW, _("When"), None, days_late),
        Column("case_reference", _("Case")),
        Column("initials", _("Client")),
        Column("kind", _("Kind"), None, lambda v: code_label("task_kind", v)),
        Column("title", _("Task")),
    ]


WHEN_COLUMN = 1  # day_columns()' "When": its cell carries the overdue / due shape (issue 17)


class DayModel(PagedTableModel):
    """The day list, with a shape beside "When": a warning triangle for what is overdue, an "i"
    for what is due today, an arrow for what comes later; the text stays."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == WHEN_COLUMN:
            item = self.row_object(index.row())
            if isinstance(item, DueItem):
                marked = table_role(due_mark(item.due_on, date.today()), role)
                if marked is not None:
                    return marked
        return super().data(index, role)


def day_fetch(
    vault: Vault, offset: int, limit: int, _sort: str | None, _desc: bool
) -> tuple[Sequence[Any], int]:
    """A page of the day list, with the true total when the first page is read."""
    rows = queries.day_list(vault, offset, limit)
    return rows, queries.day_counts(vault).total if offset == 0 else -1


def waiting_columns() -> list[Column]:
    return [
        # The number and how long first: a long organisation name must not push them off.
        Column("case_reference", _("Case")),
        Column("sent_on", _("Waiting"), None, days_waiting),
        Column("organisation", _("Organisation")),
        Column("referral_type", _("Type"), None, lambda v: code_label("referral_type", v)),
        Column("sent_on", _("Sent on"), None, format_date),
    ]


def day_count_text(counts: DayCounts) -> str:
    """'3 overdue, 12 due in the next 14 days.': the size of the whole list, however far it
    has been scrolled."""
    if counts.total == 0:
        return ngettext(
            "Nothing is overdue or due in the next %(days)d day.",
            "Nothing is overdue or due in the next %(days)d days.",
            DEFAULT_DUE_SOON_DAYS,
        ) % {"days": DEFAULT_DUE_SOON_DAYS}
    return _("%(overdue)s, %(due)s.") % {
        "overdue": ngettext("%(n)d overdue", "%(n)d overdue", counts.overdue)
        % {"n": counts.overdue},
        "due": ngettext(
            "%(n)d due in the next %(days)d days",
            "%(n)d due in the next %(days)d days",
            counts.due_soon,
        )
        % {"n": counts.due_soon, "days": DEFAULT_DUE_SOON_DAYS},
    }
