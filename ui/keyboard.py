"""Keys that work from anywhere in an area, whatever field has the focus.

Ctrl+Tab / Ctrl+PgDn and Ctrl+Shift+Tab / Ctrl+PgUp switch an area's tabs or sections (a case's sections, ui/section_list.py)
also when the focus is in a list, a table or a text box of a tab: QTabWidget only does so for
keys that reach it, and a text box or a table keeps Ctrl+Tab for itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QWidget

from ui.section_list import SectionList

NEXT_TAB = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS_TAB = ("Ctrl+Shift+Tab", "Ctrl+Backtab", "Ctrl+PgUp")


def switch_tabs_from_anywhere(tabs: QTabWidget | SectionList, scope: QWidget) -> list[QShortcut]:
    """Next and previous tab of ``tabs`` (or section of a section list) while the focus is
    anywhere inside ``scope``. The focus goes to the tab bar or the section list (the focus ring
    shows where it is; Tab goes on into the section), since the control it was in is hidden with
    the tab it belonged to."""

    def step(delta: int) -> None:
        count = tabs.count()
        if count:
            tabs.setCurrentIndex((tabs.currentIndex() + delta) % count)
            target = tabs.tabBar() if isinstance(tabs, QTabWidget) else tabs.focus_target()
            target.setFocus(Qt.FocusReason.TabFocusReason)

    shortcuts = []
    for keys, delta in ((NEXT_TAB, 1), (PREVIOUS_TAB, -1)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: step(d))
            shortcuts.append(shortcut)
    return shortcuts


def down_reaches(field: QWidget, view: QAbstractItemView) -> QShortcut:
    """Down in a search box goes to its results, on the first row (Enter then opens it)."""
    shortcut = QShortcut(QKeySequence("Down"), field)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def go() -> None:
        model = view.model()
        if model is not None and model.rowCount() > 0:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not view.currentIndex().isValid():
                view.setCurrentIndex(model.index(0, 0))

    shortcut.activated.connect(go)
    return shortcut
