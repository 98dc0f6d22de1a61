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


# -- focus visible (WCAG 2.4.7) and text that fits (1.4.10 at 1366x768) ---------------------------
def _controls(root: QWidget) -> list[QWidget]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
    )

    kinds = (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
    )
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and w.width() > 4
    ]


def _band(window: QWidget, widget: QWidget) -> list[tuple[int, int]]:
    """The pixels just outside ``widget`` (where the ring is drawn), in window coordinates."""
    from ui.theme import RING_WIDTH

    corner = widget.mapTo(window, widget.rect().topLeft())
    x0, y0 = corner.x() - RING_WIDTH, corner.y() - RING_WIDTH
    x1, y1 = (
        corner.x() + widget.width() + RING_WIDTH - 1,
        corner.y() + widget.height() + RING_WIDTH - 1,
    )
    points = [(x, y) for x in range(x0, x1 + 1) for y in (y0, y1)]
    points += [(x, y) for y in range(y0, y1 + 1) for x in (x0, x1)]
    return [(x, y) for x, y in points if 0 <= x < window.width() and 0 <= y < window.height()]


def invisible_focus(qtbot, window: QWidget, limit: int = 25) -> list[str]:  # type: ignore[no-untyped-def]
    """Controls whose focused rendering differs from the unfocused one in too few pixels of the
    ring's band (less than half of them, or by less than 3:1 contrast)."""
    from PySide6.QtWidgets import QApplication

    from ui import theme

    theme.install()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    problems = []
    for widget in _controls(window)[:limit]:
        widget.clearFocus()
        QApplication.processEvents()
        if not (widget.isVisible() and widget.isEnabled()):
            continue  # changed by a page load since the list was made
        before = window.grab().toImage()
        widget.setFocus()
        QApplication.processEvents()
        after = window.grab().toImage()
        if QApplication.focusWidget() is not widget:
            problems.append(f"{type(widget).__name__} {widget.accessibleName()!r} takes no focus")
            continue
        band = _band(window, widget)
        changed = sum(
            1
            for x, y in band
            if theme.contrast(before.pixelColor(x, y), after.pixelColor(x, y)) >= 3.0
        )
        if not band or changed < len(band) / 2:
            problems.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
        widget.clearFocus()
    return problems


def _label_cut(widget: QWidget) -> str | None:
    from PySide6.QtWidgets import QLabel

    assert isinstance(widget, QLabel)
    pixmap = widget.pixmap()
    if widget.wordWrap() or not widget.text() or "<" in widget.text():
        return None  # wrapped or rich text: laid out to fit
    if pixmap is not None and not pixmap.isNull():
        return None
    text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    need = max(widget.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    return f"label {text!r}" if need > widget.contentsRect().width() + 1 else None


def _tabs_cut(bar: QWidget) -> list[str]:
    from PySide6.QtWidgets import QTabBar

    assert isinstance(bar, QTabBar)
    return [
        f"tab {bar.tabText(i)!r}"
        for i in range(bar.count())
        if bar.tabRect(i).width() < bar.tabSizeHint(i).width() - 1
        or not bar.rect().contains(bar.tabRect(i))
    ]


def _columns_cut(header: QWidget) -> list[str]:
    from PySide6.QtWidgets import QHeaderView

    assert isinstance(header, QHeaderView)
    model = header.model()
    if model is None or header.orientation().name != "Horizontal":
        return []
    return [
        f"column {model.headerData(i, header.orientation())!r}"
        for i in range(header.count() - 1)  # the last one stretches
        if not header.isSectionHidden(i)
        and header.sectionSize(i) < header.sectionSizeFromContents(i).width() - 1
    ]


def section_names_cut(view: QWidget) -> list[str]:
    """The items of a list used as tabs (the case's sections, the navigation) whose name is
    wider than the list shows: such a list elides, so its width must fit every name."""
    from PySide6.QtWidgets import QListWidget

    assert isinstance(view, QListWidget)
    room = view.viewport().width()

    def needed(i: int) -> int:
        # An item's text has a few pixels of margin on each side (the focus frame's); an icon
        # (the navigation's) takes its width and a few pixels of spacing before the text.
        item = view.item(i)
        icon = view.iconSize().width() + 4 if not item.icon().isNull() else 0
        return icon + view.fontMetrics().horizontalAdvance(item.text()) + 8

    return [f"section {view.item(i).text()!r}" for i in range(view.count()) if needed(i) > room]


def truncated_texts(root: QWidget) -> list[str]:
    """Labels, buttons, tabs, section lists and column headers on screen whose text does not
    fit."""
    from PySide6.QtWidgets import QAbstractButton, QApplication, QHeaderView, QLabel, QTabBar

    from ui.navigation_list import Navigation
    from ui.section_list import SectionList

    QApplication.processEvents()  # pending layouts first
    problems: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not widget.visibleRegion().boundingRect().width():
            continue
        if isinstance(widget, QLabel):
            cut = _label_cut(widget)
            problems.extend([cut] if cut else [])
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"button {widget.text()!r}")
        elif isinstance(widget, QTabBar):
            problems.extend(_tabs_cut(widget))
        elif isinstance(widget, QHeaderView):
            problems.extend(_columns_cut(widget))
        elif isinstance(widget, SectionList):
            problems.extend(section_names_cut(widget.list))
        elif isinstance(widget, Navigation):
            problems.extend(section_names_cut(widget))
    return problems


def test_focus_is_visible_and_text_fits_at_1366x768(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    assert invisible_focus(qtbot, window) == []
    assert truncated_texts(window) == []
    _create(qtbot, window)
    for title in window.workspace.page_titles():
        window.workspace.show_page(title)
        assert truncated_texts(window) == [], title
        assert invisible_focus(qtbot, window, limit=8) == [], title


def test_the_checks_see_a_cut_text_and_a_missing_ring(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The walk's checks can fail: a label and a button too narrow for their text are named,
    and so is a control whose focus draws nothing (the ring taken away)."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout

    from ui import theme

    root = QWidget()
    layout = QVBoxLayout(root)
    label = QLabel("Gesignaleerd op een datum die niet past")
    label.setFixedWidth(60)
    button = QPushButton("Alle gemeenten ervan aanvinken")
    button.setFixedWidth(50)
    field = QLineEdit()
    field.setAccessibleName("Veld")
    for widget in (label, button, field):
        layout.addWidget(widget)
    qtbot.addWidget(root)
    root.resize(300, 200)
    root.show()
    assert sorted(truncated_texts(root)) == [
        "button 'Alle gemeenten ervan aanvinken'",
        "label 'Gesignaleerd op een datum die niet past'",
    ]
    installed = theme.install()
    assert installed is not None
    assert invisible_focus(qtbot, root) == []
    installed.ring.setLineWidth(0)  # no ring: only the style's own hint is left
    try:
        assert "QLineEdit 'Veld'" in invisible_focus(qtbot, root)
    finally:
        installed.ring.setLineWidth(theme.RING_WIDTH)
