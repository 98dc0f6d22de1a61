"""Every focusable widget on every screen has an accessible name (EN 301 549 / WCAG 4.1.2)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow

# Item interfaces (table cells, list items, headers) have no QObject behind them; asking for
# one returns None with a reference too few under PySide6 6.12, which, repeated over a few
# thousand cells, made the interpreter free None itself at exit. Items are never asked.
_ITEM_ROLES = {
    QAccessible.Role.Cell,
    QAccessible.Role.ListItem,
    QAccessible.Role.Row,
    QAccessible.Role.TreeItem,
    QAccessible.Role.ColumnHeader,
    QAccessible.Role.RowHeader,
}


def unnamed_focusables(root: QWidget) -> list[str]:
    problems: list[str] = []
    seen = set()

    def walk(iface: QAccessible | None, path: str) -> None:  # type: ignore[valid-type]
        if iface is None or not iface.isValid():
            return
        role = iface.role()
        owner = None if role in _ITEM_ROLES else iface.object()
        if owner is not None:
            if id(owner) in seen:
                return
            seen.add(id(owner))
        state = iface.state()
        name = iface.text(QAccessible.Text.Name)
        if state.focusable and not state.invisible and not name.strip():
            problems.append(f"{path}/{role.name} ({type(owner).__name__})")
        for i in range(iface.childCount()):
            walk(iface.child(i), f"{path}/{role.name}")

    walk(QAccessible.queryAccessibleInterface(root), "")
    return problems


def test_unlock_screen_in_both_modes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert unnamed_focusables(window) == []
    window.unlock_page.creating = False
    window.unlock_page._refresh()
    assert unnamed_focusables(window) == []


def test_every_workspace_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    for title in window.workspace.page_titles():
        window.workspace.show_page(title)
        assert unnamed_focusables(window) == [], title
