"""A layout that places its widgets left to right and wraps them onto the next row when the
width runs out (Qt's own "flow layout" example): a row of action buttons then never makes its
page wider than a 1024-pixel screen at 125 % (issue 17), and stays one row where it fits."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # The height the rows took at the width last laid out in (see minimumSize).
        self._height = 0

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        """As QBoxLayout.insertWidget: at ``index`` (the end for -1 or past it)."""
        self.addChildWidget(widget)
        item = QWidgetItem(widget)
        if index < 0 or index > len(self._items):
            index = len(self._items)
        self._items.insert(index, item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        needed = self._arrange(rect, move=True)
        if needed != self._height:
            self._height = needed
            self.invalidate()  # the parents ask minimumSize again: more rows or fewer

    def sizeHint(self) -> QSize:
        """One row of everything: the width it takes where there is room."""
        width = sum(i.sizeHint().width() for i in self._visible())
        width += self._gap() * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), max(height + m.top() + m.bottom(), self._height))

    def minimumSize(self) -> QSize:
        """As wide as the widest widget (each is shown at its size hint, its text whole):
        everything else may go to another row."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.sizeHint())
        m = self.contentsMargins()
        size += QSize(m.left() + m.right(), m.top() + m.bottom())
        # As tall as the rows at the width it has now. Not a height-for-width layout: a scroll
        # area gives such a widget its preferred height, not the room it has, so the lists of a
        # section in a scroll area stopped filling it.
        return QSize(size.width(), max(size.height(), self._height))

    def _visible(self) -> list[QLayoutItem]:
        shown = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                shown.append(item)
        return shown

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) or 6

    def _arrange(self, rect: QRect, move: bool) -> int:
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        gap = self._gap()
        for item in self._visible():
            hint = item.sizeHint()
            if item.hasHeightForWidth():  # wrapped text: as tall as it is at that width
                hint.setHeight(max(hint.height(), item.heightForWidth(hint.width())))
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y = area.x(), y + row_height + gap
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()


def wrapping_row(parent: QWidget | None = None) -> FlowLayout:
    """A flow layout without margins, for a row of buttons inside another layout."""
    row = FlowLayout(parent)
    row.setContentsMargins(0, 0, 0, 0)
    return row
