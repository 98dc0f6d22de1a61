"""Every focusable widget on every screen has an accessible name (EN 301 549 / WCAG 4.1.2)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def unnamed_focusables(root: QWidget) -> list[str]:
    problems: list[str] = []
    seen = set()

    def walk(iface: QAccessible | None, path: str) -> None:  # type: ignore[valid-type]
        if iface is None or not iface.isValid():
            return
        key = id(iface.object()) if iface.object() is not None else None
        if key is not None and key in seen:
            return
        if key is not None:
            seen.add(key)
        state = iface.state()
        name = iface.text(QAccessible.Text.Name)
        if state.focusable and not state.invisible and not name.strip():
            problems.append(f"{path}/{iface.role().name} ({type(iface.object()).__name__})")
        for i in range(iface.childCount()):
            walk(iface.child(i), f"{path}/{iface.role().name}")

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
