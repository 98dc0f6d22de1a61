"""Empty states (issue 17): a list with no rows says what the page is for and offers the first
action, in place of an empty table; a list emptied by a filter or a search says so and offers to
clear them instead.

``EmptyState`` holds the list (any widget) and the two texts, and shows one of three pages:
the list, "nothing here yet" or "nothing matches". The page tells it what it learnt: ``show_rows``
after a QTableWidget is filled, or ``watch`` for paged models, which are filled on the worker.
Its buttons call the page's own slots, never a second implementation of an action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _

# Wide enough for two or three lines of text, narrow enough to read as one message rather than
# a line across a 1366-pixel page.
PANEL_MAX_WIDTH = 760


def _panel(text: str, button: QPushButton | None) -> tuple[QWidget, QLabel]:
    frame = QFrame()
    frame.setMaximumWidth(PANEL_MAX_WIDTH)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    # Reachable by Tab even where there is no button, so a keyboard or screen-reader user
    # hears why the list is missing.
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAccessibleName(text)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.addWidget(label)
    if button is not None:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    # At the top of the list's place, as the dashboard's empty state (the rest stays blank).
    holder = QWidget()
    outer = QVBoxLayout(holder)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(frame)
    outer.addStretch(1)
    return holder, label


class EmptyState(QStackedWidget):
    """The list, or in its place why it is empty and what to do first."""

    LIST, EMPTY, NO_MATCH = 0, 1, 2

    def __init__(
        self,
        content: QWidget,
        text: str,
        *,
        action: tuple[str, Callable[[], object]] | None = None,
        no_match: str | None = None,
        clear: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self.content = content
        self.action_button: QPushButton | None = None
        if action is not None:
            self.action_button = QPushButton(action[0])
            slot = action[1]
            # Called without the "checked" argument: the page's slot (or signal) takes none.
            self.action_button.clicked.connect(lambda _checked=False: slot())
        self.clear_button: QPushButton | None = None
        if clear is not None:
            self.clear_button = QPushButton(_("Clea&r filters"))
            self.clear_button.clicked.connect(lambda _checked=False: clear())
        empty, self.empty_label = _panel(text, self.action_button)
        match, self.no_match_label = _panel(no_match or "", self.clear_button)
        self.addWidget(content)
        self.addWidget(empty)
        self.addWidget(match)
        self._pending: set[int] = set()

    # -- what the page learnt ------------------------------------------------------------------
    def show_rows(self, rows: int, filtered: bool = False) -> None:
        """``filtered``: a filter or search narrows the list (so empty means "none match")."""
        shown, focused = self.currentWidget(), QApplication.focusWidget()
        had_focus = (
            shown is not None
            and focused is not None
            and (focused is shown or shown.isAncestorOf(focused))
        )
        page = self.LIST if rows else (self.NO_MATCH if filtered else self.EMPTY)
        if page == self.currentIndex():
            return
        self.setCurrentIndex(page)
        if had_focus:  # the focus stays on this part of the page, not lost with a hidden list
            self.focus_target().setFocus()

    def watch(self, models: Sequence[QAbstractItemModel], filtered: Callable[[], bool]) -> None:
        """Follow paged models (ui/models/paged_table.py): decided once each has its first page,
        so that a list being reloaded does not flash the empty state."""

        def reset(model: QAbstractItemModel) -> None:
            self._pending.add(id(model))

        def loaded(model: QAbstractItemModel) -> None:
            self._pending.discard(id(model))
            if not self._pending:
                self.show_rows(sum(m.rowCount() for m in models), filtered())

        for model in models:
            model.modelReset.connect(lambda m=model: reset(m))
            model.loaded.connect(lambda m=model: loaded(m))  # type: ignore[attr-defined]

    def focus_target(self) -> QWidget:
        if self.currentIndex() == self.EMPTY:
            return self.action_button or self.empty_label
        if self.currentIndex() == self.NO_MATCH:
            return self.clear_button or self.no_match_label
        return self.content

    @property
    def state(self) -> int:
        return self.currentIndex()
