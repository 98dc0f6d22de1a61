"""Issue 17: a list with no rows says what its page is for and offers the first action (the
page's own action), a list emptied by a filter says so and clears it, and the list returns as
soon as rows arrive."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from carecoord.domain.case import Signal
from carecoord.domain.client import ClientFacts
from carecoord.domain.location import RiskLocation
from carecoord.workspace import open_store
from tests.ui.test_coordinator_day import _idle, _open_dialog, _submit
from tests.ui.test_unlock_flow import _create
from ui.dialogs.new_case import NewCaseDialog
from ui.empty_state import EmptyState
from ui.main_window import MainWindow

DAY = date.today() - timedelta(days=30)


def _show(qtbot, window: MainWindow, title: str) -> None:  # type: ignore[no-untyped-def]
    window.workspace.show_page(title)
    _idle(qtbot, window)
    qtbot.wait(20)  # the last answer's slots have run
    _idle(qtbot, window)


def _dialog_title_of(qtbot, click) -> tuple[type, str]:  # type: ignore[no-untyped-def]
    """Click, and close the form dialog that opened: its class and title."""
    click()
    qtbot.waitUntil(
        lambda: any(
            w.isVisible() and w.isWindow() and w.windowModality() != Qt.WindowModality.NonModal
            for w in QApplication.topLevelWidgets()
        ),
        timeout=10_000,
    )
    dialog = _open_dialog()
    found = (type(dialog), dialog.windowTitle())
    dialog.discard()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    return found


def _run(qtbot, window: MainWindow, job) -> None:  # type: ignore[no-untyped-def]
    done: list[object] = []
    window.session.run(job, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert not isinstance(done[0], Exception), done[0]


def _assert_empty(state: EmptyState, words: str) -> None:
    assert state.state == EmptyState.EMPTY
    assert not state.content.isVisible()
    assert state.empty_label.isVisible() and words in state.empty_label.text()


def test_a_new_vault_says_what_each_page_is_for(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace

    _show(qtbot, window, "Cases")
    cases = ws.cases.list
    _assert_empty(cases.empty, "There are no cases yet")
    button = cases.empty.action_button
    assert button is not None and button.isVisible() and button.isEnabled()
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    # The same dialog as the page's own "New case…" button.
    own = _dialog_title_of(qtbot, cases.new_button.click)
    assert own[0] is NewCaseDialog
    assert _dialog_title_of(qtbot, button.click) == own

    _show(qtbot, window, "Signals")
    signals = ws.signals
    _assert_empty(signals.empty, "There are no signals without a person yet")
    assert signals.empty.action_button is not None
    own = _dialog_title_of(qtbot, signals.add.click)
    assert _dialog_title_of(qtbot, signals.empty.action_button.click) == own
    # Saved from the empty state's button: the list returns with the new row.
    signals.empty.action_button.click()
    _submit(qtbot, _open_dialog())
    qtbot.waitUntil(lambda: signals.empty.state == EmptyState.LIST, timeout=10_000)
    assert signals.table.isVisible() and signals.model.rowCount() == 1

    _show(qtbot, window, "Referrals")
    _assert_empty(ws.referrals.empty, "A referral is made from a case")
    assert ws.referrals.empty.action_button is None  # made in a case, not on this page

    _show(qtbot, window, "Tasks")
    _assert_empty(ws.tasks.empty, "A task is added in its case")

    _show(qtbot, window, "Retention")
    retention = ws.retention
    _assert_empty(retention.review.due_empty, "No closed case is past its retention period")
    retention.tabs.setCurrentIndex(2)
    _assert_empty(retention.register_empty, "Nothing has been anonymised or destroyed yet")

    _show(qtbot, window, "Risk locations")
    register = ws.locations.register
    _assert_empty(register.empty, "There are no risk locations yet")
    assert register.empty.action_button is not None
    own = _dialog_title_of(qtbot, register.new_button.click)
    assert _dialog_title_of(qtbot, register.empty.action_button.click) == own

    # Reached by the keyboard: Tab from the search box comes to the empty state's button.
    _show(qtbot, window, "Cases")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    cases.search.setFocus()
    qtbot.waitUntil(cases.search.hasFocus, timeout=5_000)
    reached: list[QWidget | None] = []
    for _step in range(12):
        qtbot.keyClick(QApplication.focusWidget() or cases.search, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if reached[-1] is cases.empty.action_button:
            break
    assert reached[-1] is cases.empty.action_button, [
        (type(w).__name__, w.text() if hasattr(w, "text") else w.accessibleName())
        for w in reached
        if w
    ]


def test_rows_bring_the_list_back_and_filters_say_none_match(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace
    _show(qtbot, window, "Cases")
    cases = ws.cases.list
    assert cases.empty.state == EmptyState.EMPTY

    def build(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        store.signals.add(Signal(signal_date=DAY, location_type="horeca", municipality="GM0363"))
        client = store.clients.register(ClientFacts(reference="CL-1"), None)
        store.cases.open(client, Signal(signal_date=DAY, municipality="GM0363"))
        store.locations.add(
            RiskLocation(
                name="Vakantiepark De Eik",
                location_type="holiday_park",
                municipality="GM0363",
                first_seen=DAY,
                last_seen=DAY,
            )
        )

    _run(qtbot, window, build)
    cases.refresh()  # what an operation's change does; the data came in behind the UI here
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.LIST, timeout=10_000)
    assert cases.table.isVisible() and cases.model.rowCount() == 1

    # A filter that matches nothing: "none found", not "no cases yet".
    cases.phase.set_code("aftercare")  # the case is only signalled
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.NO_MATCH, timeout=10_000)
    assert "No cases found with these filters" in cases.empty.no_match_label.text()
    assert cases.empty.clear_button is not None and cases.empty.clear_button.isVisible()
    cases.empty.clear_button.click()
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.LIST, timeout=10_000)
    assert cases.phase.currentIndex() == 0 and cases.model.rowCount() == 1

    # A search that finds nothing, too.
    cases.search.setText("Nobody by this name")
    cases.search.returnPressed.emit()
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.NO_MATCH, timeout=10_000)
    assert cases.empty.clear_button is not None
    cases.empty.clear_button.click()
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.LIST, timeout=10_000)
    assert cases.search.text() == ""

    # Inside the case, an empty section names the button that records the first item.
    ws.cases.open_case(int(cases.model.row_object(0).id))
    view = ws.cases.view
    qtbot.waitUntil(lambda: view.case is not None, timeout=10_000)
    _idle(qtbot, window)
    referrals = view.referrals.list
    assert referrals.count() == 1
    assert "choose “New referral…” below" in referrals.item(0).text()
    assert not referrals.item(0).flags() & Qt.ItemFlag.ItemIsSelectable
    assert view.referrals.selected() is None

    _show(qtbot, window, "Signals")
    qtbot.waitUntil(lambda: ws.signals.empty.state == EmptyState.LIST, timeout=10_000)
    assert ws.signals.table.isVisible()

    _show(qtbot, window, "Risk locations")
    register = ws.locations.register
    qtbot.waitUntil(lambda: register.empty.state == EmptyState.LIST, timeout=10_000)
    assert register.list.isVisible() and register.list.rowCount() == 1
    register.kind.set_code("horeca")
    qtbot.waitUntil(lambda: register.empty.state == EmptyState.NO_MATCH, timeout=10_000)
    assert "No risk locations found" in register.empty.no_match_label.text()
    assert register.empty.clear_button is not None
    register.empty.clear_button.click()
    qtbot.waitUntil(lambda: register.empty.state == EmptyState.LIST, timeout=10_000)
    assert register.list.rowCount() == 1 and register.kind.code() is None


def test_closed_cases_hidden_by_open_only_are_not_no_cases(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Only closed cases: the default "open cases only" list is empty, but the vault is not."""
    _create(qtbot, window)
    ws = window.workspace

    def build(vault):  # type: ignore[no-untyped-def]
        store = open_store(vault)
        client = store.clients.register(ClientFacts(reference="CL-2"), None)
        case_id = store.cases.open(client, Signal(signal_date=DAY, municipality="GM0363"))
        store.pathway.change_phase(
            case_id, "closed", on=DAY, reason="Closed", closure_reason="completed"
        )

    _run(qtbot, window, build)
    _show(qtbot, window, "Cases")
    cases = ws.cases.list
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.NO_MATCH, timeout=10_000)
    assert cases.empty.clear_button is not None
    cases.empty.clear_button.click()
    qtbot.waitUntil(lambda: cases.empty.state == EmptyState.LIST, timeout=10_000)
    assert not cases.open_only.isChecked() and cases.model.rowCount() == 1
