"""A shape beside a status word, so a coordinator reads it at a glance (issue 17).

The text always stays: the icon is an addition, and its meaning is carried by its shape, never by
its colour (WCAG 1.4.1; the app has no colours of its own, see ui/theme.py). Each kind of status
has a shape of its own: a check mark for what is in order, a warning triangle for what is overdue,
an "i" for what is due, a cross for what was withdrawn or refused, a play arrow for what is running
and a square for what has ended. "Nothing recorded" is an empty ring drawn here in the palette's
text colour. Every mark carries its status word as accessible text and tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QListWidget, QStyle

from carecoord.domain.casefile import CaseFile
from carecoord.domain.legal import legal_status
from carecoord.i18n import _
from ui.widgets import code_label

OK = "ok"
OVERDUE = "overdue"
DUE = "due"
STOPPED = "stopped"
ACTIVE = "active"
ENDED = "ended"
NONE = "none"

_STANDARD = {
    OK: QStyle.StandardPixmap.SP_DialogApplyButton,
    OVERDUE: QStyle.StandardPixmap.SP_MessageBoxWarning,
    DUE: QStyle.StandardPixmap.SP_MessageBoxInformation,
    STOPPED: QStyle.StandardPixmap.SP_DialogCancelButton,
    ACTIVE: QStyle.StandardPixmap.SP_MediaPlay,
    ENDED: QStyle.StandardPixmap.SP_MediaStop,
}
KINDS = (*_STANDARD, NONE)
SIZE = 16

# A code's kind in the lists a coordinator reads; a code not named here shows no mark.
REFERRAL_KINDS: Mapping[str, str] = {
    "draft": NONE,
    "sent": DUE,  # awaiting the partner's answer
    "accepted": OK,
    "rejected": STOPPED,
    "done": ENDED,
    "revoked": STOPPED,
}
GOAL_KINDS: Mapping[str, str] = {
    "open": NONE,
    "in_progress": ACTIVE,
    "reached": OK,
    "dropped": STOPPED,
}
# The legal track's states (reflection_outcome, permit_state, continued_residence).
LEGAL_KINDS: Mapping[str, str] = {
    "pending": ACTIVE,
    "report_filed": OK,
    "other_cooperation": OK,
    "no_cooperation": ENDED,
    "withdrawn": STOPPED,
    "applied": ACTIVE,
    "granted": OK,
    "renewed": OK,
    "rejected": STOPPED,
    "ended": ENDED,
}


@dataclass(frozen=True)
class Mark:
    kind: str
    word: str  # the status word: the icon's accessible text and tooltip


def _ring() -> QIcon:
    """An empty ring: "nothing recorded", in the palette's text colour (no colour of its own)."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QApplication.palette().color(QPalette.ColorRole.WindowText))
    pen.setWidthF(1.6)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(3, 3, SIZE - 6, SIZE - 6))
    painter.end()
    return QIcon(pixmap)


def status_icon(kind: str) -> QIcon:
    """The shape of a kind of status (an empty icon for an unknown kind)."""
    if kind == NONE:
        return _ring()
    standard = _STANDARD.get(kind)
    if standard is None:
        return QIcon()
    return QApplication.style().standardIcon(standard)


def status_pixmap(kind: str) -> QPixmap:
    return status_icon(kind).pixmap(SIZE, SIZE)


# -- the case header -----------------------------------------------------------------------------
def phase_mark(case: CaseFile) -> Mark:
    phase = case.summary.phase
    return Mark(ENDED if phase == "closed" else ACTIVE, code_label("phase", phase))


def legal_mark(case: CaseFile, today: date) -> Mark:
    status = legal_status(case.reflection, list(case.permits))
    if status.track == "none" or status.state is None:
        return Mark(NONE, _("None"))
    lists = {
        "reflection": "reflection_outcome",
        "permit": "permit_state",
        "continued_residence": "continued_residence",
    }
    word = code_label(lists[status.track], status.state)
    reflection = case.reflection
    if status.track == "reflection" and reflection is not None:
        if reflection.outcome == "pending" and reflection.end < today:
            return Mark(OVERDUE, _("ended: record the choice"))
    if status.state in ("granted", "renewed") and status.until is not None:
        if status.until < today:  # granted once, but no longer valid: not "in order"
            return Mark(ENDED, _("expired"))
    return Mark(LEGAL_KINDS.get(status.state, DUE), word)


def comensha_mark(case: CaseFile) -> Mark:
    if not case.comensha:
        return Mark(NONE, _("Not registered"))
    return Mark(OK, _("registered"))


def consent_mark(case: CaseFile, today: date) -> Mark:
    """The same order as ui/case_status.consent_text: valid, withdrawn, expired, none."""
    if any(
        c.withdrawn_on is None and (c.valid_until is None or c.valid_until >= today)
        for c in case.consents
    ):
        return Mark(OK, _("valid"))
    if any(c.withdrawn_on is not None for c in case.consents):
        return Mark(STOPPED, _("withdrawn"))
    if case.consents:
        return Mark(OVERDUE, _("expired"))
    return Mark(NONE, _("none"))


def due_mark(due_on: date | None, today: date) -> Mark:
    """Overdue, due today, later, or no deadline at all."""
    if due_on is None:
        return Mark(NONE, _("no deadline"))
    days = (due_on - today).days
    if days < 0:
        return Mark(OVERDUE, _("overdue"))
    if days == 0:
        return Mark(DUE, _("due today"))
    return Mark(ACTIVE, _("upcoming"))


def deadline_mark(case: CaseFile, today: date) -> Mark:
    open_tasks = [t.due_on for t in case.tasks if t.done_on is None]
    return due_mark(min(open_tasks) if open_tasks else None, today)


# -- lists ---------------------------------------------------------------------------------------
def code_mark(kinds: Mapping[str, str], list_name: str, code: str) -> Mark | None:
    kind = kinds.get(code)
    return None if kind is None else Mark(kind, code_label(list_name, code))


def mark_items(widget: QListWidget, marks: list[Mark | None]) -> None:
    """Each list row's mark before its text; the word as tooltip and accessible description."""
    # One size for the style's icons and the drawn ring, rows as tall as a line of text.
    widget.setIconSize(QSize(SIZE, SIZE))
    for row, mark in enumerate(marks):
        item = widget.item(row)
        if item is None or mark is None:
            continue
        item.setIcon(status_icon(mark.kind))
        item.setData(Qt.ItemDataRole.ToolTipRole, mark.word)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, mark.word)
        item.setData(Qt.ItemDataRole.UserRole + 1, mark.kind)


def table_role(mark: Mark, role: int) -> object | None:
    """A table cell's mark for Qt's decoration, tooltip and accessible description roles."""
    if role == Qt.ItemDataRole.DecorationRole:
        return status_icon(mark.kind)
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        return mark.word
    return None
