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


def test_exit_programme_tab_and_signal_dialogs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from PySide6.QtWidgets import QApplication

    from carecoord.domain.case import Signal
    from carecoord.workspace import open_store
    from tests.ui.test_coordinator_day import _idle, _open_dialog, _submit
    from ui.dialogs.base import FormDialog
    from ui.dialogs.new_case import NewCaseDialog

    def dialog_shown() -> bool:
        return any(
            isinstance(w, FormDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )

    _create(qtbot, window)
    ws = window.workspace
    ws.show_page("Cases")
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0500")
    new.signal_date.edit.setDate(date.today() - timedelta(days=30))
    _submit(qtbot, new)
    _idle(qtbot, window)
    view = ws.cases.view
    tab = view.exit
    view.show_section(tab)
    assert unnamed_focusables(window) == []

    tab.enrol()
    qtbot.waitUntil(dialog_shown, timeout=10_000)
    enrol = _open_dialog()
    assert unnamed_focusables(enrol) == []
    enrol.form.itemAt(5).widget().setChecked(True)  # type: ignore[union-attr]
    _submit(qtbot, enrol)
    _idle(qtbot, window)
    assert unnamed_focusables(window) == []
    for open_dialog in (tab.plan.add_goal, tab.record_milestone, tab.set_outcome):
        dialog = open_dialog()
        assert dialog is not None
        assert unnamed_focusables(dialog) == [], dialog.windowTitle()
        dialog.reject()

    window.session.run(
        lambda v: open_store(v).signals.add(
            Signal(signal_date=date.today(), description="Controle vakantiepark.")
        )
    )
    _idle(qtbot, window)
    ws.show_page("Signals")
    qtbot.waitUntil(lambda: ws.signals.model.rowCount() == 1, timeout=10_000)
    ws.signals.table.selectRow(0)
    attach = ws.signals.attach_to_case()
    assert attach is not None
    assert unnamed_focusables(attach) == []
    attach.reject()
    ws.signals.new_case_from_signal()
    qtbot.waitUntil(dialog_shown, timeout=10_000)
    from_signal = _open_dialog()
    assert isinstance(from_signal, NewCaseDialog) and from_signal.from_signal is not None
    assert unnamed_focusables(from_signal) == []
    from_signal.reject()


def test_retention_page_tabs_and_dialogs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_retention_page import _core, _page

    page, filled = _page(qtbot, window)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert unnamed_focusables(window) == [], page.tabs.tabText(index)
    page.tabs.setCurrentIndex(0)
    hold = page.review.set_hold()
    assert unnamed_focusables(hold) == []
    hold.reject()
    box = page.review.apply()
    assert box is not None and unnamed_focusables(box) == []
    box.cancel_button.click()
    rules = page.change_rules()
    assert rules is not None and unnamed_focusables(rules) == []
    rules.support_years.setValue(30)
    rules.submit()
    assert rules.confirmation is not None and unnamed_focusables(rules.confirmation) == []
    rules.confirmation.cancel_button.click()
    rules.reject()
    page.requests.client_ref.setText("CL-B")
    erase = page.requests.erase_client()
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
    rectify = view.overview.rectify_identity()
    qtbot.waitUntil(lambda: rectify.history.count() > 0, timeout=20_000)
    assert unnamed_focusables(rectify) == []
    rectify.reject()
