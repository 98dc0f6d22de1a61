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


def test_retention_page_tabs_and_dialogs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_retention_page import _core, _page

    page, filled = _page(qtbot, window)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert unnamed_focusables(window) == [], page.tabs.tabText(index)
    page.tabs.setCurrentIndex(0)
    hold = page.set_hold()
    assert unnamed_focusables(hold) == []
    hold.reject()
    box = page.apply()
    assert box is not None and unnamed_focusables(box) == []
    box.cancel_button.click()
    rules = page.change_rules()
    assert rules is not None and unnamed_focusables(rules) == []
    rules.support_years.setValue(30)
    rules.submit()
    assert rules.confirmation is not None and unnamed_focusables(rules.confirmation) == []
    rules.confirmation.cancel_button.click()
    rules.reject()
    page.client_ref.setText("CL-B")
    erase = page.erase_client()
    assert erase is not None and unnamed_focusables(erase) == []
    erase.reject()
    case_id = _core(
        qtbot,
        window,
        lambda v: int(v.db.scalar("SELECT id FROM cases WHERE reference = ?", (filled.c_case,))),
    )
    window.workspace.open_case(case_id)
    view = window.workspace.cases.view
    qtbot.waitUntil(lambda: view.case is not None, timeout=20_000)
    rectify = view.rectify_identity()
    qtbot.waitUntil(lambda: rectify.history.count() > 0, timeout=20_000)
    assert unnamed_focusables(rectify) == []
    rectify.reject()
