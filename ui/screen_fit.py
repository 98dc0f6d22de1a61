"""Fitting the smallest screen the app is made for (issue 17): 1366×768 and 1280×720, at 100 %
and at 125 % scaling. At 125 % a 1280×720 screen is 1024×576 logical pixels, of which a
window's title bar and the desktop's panel take about 48: what is simply long scrolls up and
down (VerticalScroll), never sideways, and a dialog opens no larger than the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTableView, QWidget

SMALLEST_SCREEN = QSize(1024, 576)  # logical pixels: 1280×720 at 125 %
TITLE_AND_PANEL = 48  # pixels of the screen's height a window's frame and the panel take


class VerticalScroll(QScrollArea):
    """Scrolls its widget up and down only: as wide as the widget needs (its minimum width
    reaches the window, which then never shows a part of it cut off), as short as a few lines;
    ``most``: the tallest it asks to be (its size hint), in pixels."""

    def __init__(self, widget: QWidget, most: int | None = None) -> None:
        super().__init__()
        self.most = most
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the widget's own controls take the focus

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        width = inner.minimumSizeHint().width() if inner is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar + 2 * self.frameWidth(), 80)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = inner.sizeHint() if inner is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        height = hint.height() + 2 * self.frameWidth()
        if self.most is not None:
            height = min(height, self.most)
        return QSize(max(self.minimumSizeHint().width(), hint.width() + bar), height)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width``×``height``, or less where its screen is smaller."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width())
        height = min(height, room.height() - TITLE_AND_PANEL)
    window.resize(width, height)


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents, then the widest narrowed (never below its header's
    text) until the table fits its width: a long cell is elided rather than the table scrolled
    sideways. Again whenever the table is resized (ColumnFit)."""
    if view.findChild(ColumnFit) is None:
        ColumnFit(view)
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
    if not shown:
        return
    room = view.viewport().width()
    widths = {i: header.sectionSize(i) for i in shown}
    floors = {i: min(widths[i], header.sectionSizeFromContents(i).width()) for i in shown}

    def total(cap: int) -> int:
        return sum(max(floors[i], min(widths[i], cap)) for i in shown)

    if total(max(widths.values())) <= room:
        return
    low, high = 0, max(widths.values())  # the widest cap at which everything fits
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if total(middle) <= room else (low, middle - 1)
    for i in shown:
        header.resizeSection(i, max(floors[i], min(widths[i], low)))


class ColumnFit(QObject):
    """Fits ``view``'s columns (fit_columns) when it is resized and when its rows arrive."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.width = -1
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.view.viewport().width() != self.width:
            self.width = self.view.viewport().width()
            fit_columns(self.view)
        return False
