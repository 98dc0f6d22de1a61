"""A case's sections as a list on the left with the chosen section beside it (issue 17), as the
app's own navigation does (ui/workspace.py) and as Primero and CiviCase show a case record's
sections: twelve tabs in a row needed 1255 pixels, wider than a 1366 or 1280 screen at 125 %.

SectionList speaks the part of QTabWidget's interface the case view's users rely on (addTab,
count, currentIndex, setCurrentIndex, currentWidget, setCurrentWidget, widget, indexOf,
tabText, currentChanged), so the keyboard switch (ui/keyboard.py), the screenshots and the
tests move between sections as they did between tabs. A section that is simply long scrolls
vertically in its place; it never scrolls sideways (ui/screen_fit.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListWidget, QStackedWidget, QWidget

from ui.screen_fit import VerticalScroll


class SectionList(QWidget):
    currentChanged = Signal(int)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(name)
        self._sections: list[QWidget] = []
        self.list.currentRowChanged.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)

    def addTab(self, widget: QWidget, text: str, *, scroll: bool = True) -> int:
        """``scroll``: in a VerticalScroll (not for a table, which scrolls itself)."""
        self._sections.append(widget)
        self.stack.addWidget(VerticalScroll(widget) if scroll else widget)
        self.list.addItem(text)
        # As wide as the longest name, so no name is cut (as the navigation, ui/workspace.py).
        self.list.setFixedWidth(self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + 16)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        return len(self._sections) - 1

    def focus_target(self) -> QWidget:
        """Where the focus goes after a switch by key (as a tab bar takes it in a QTabWidget)."""
        return self.list

    def count(self) -> int:
        return len(self._sections)

    def currentIndex(self) -> int:
        return self.list.currentRow()

    def setCurrentIndex(self, index: int) -> None:
        if 0 <= index < len(self._sections):
            self.list.setCurrentRow(index)

    def currentWidget(self) -> QWidget | None:
        index = self.currentIndex()
        return self._sections[index] if 0 <= index < len(self._sections) else None

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.setCurrentIndex(self.indexOf(widget))

    def indexOf(self, widget: QWidget) -> int:
        return self._sections.index(widget) if widget in self._sections else -1

    def widget(self, index: int) -> QWidget | None:
        return self._sections[index] if 0 <= index < len(self._sections) else None

    def tabText(self, index: int) -> str:
        item = self.list.item(index)
        return item.text() if item is not None else ""

    def _chosen(self, row: int) -> None:
        if 0 <= row < self.stack.count():
            self.stack.setCurrentIndex(row)
            self.currentChanged.emit(row)
