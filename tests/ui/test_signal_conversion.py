"""Signals page: a signal without a person becomes a new case (the New case dialog pre-filled from
it) or part of an existing case found by search; either way it leaves the list and the case opens."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from carecoord.domain.case import Signal
from carecoord.workspace import open_store
from tests.ui.test_coordinator_day import _idle, _open_dialog, _submit
from tests.ui.test_unlock_flow import _create
from ui.dialogs.new_case import NewCaseDialog
from ui.main_window import MainWindow

SIGNAL_DAY = date.today() - timedelta(days=40)


def _signals_page(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    """Two signals without a person in the vault; the Signals page shown."""
    added: list[int] = []
    for day, sector in ((SIGNAL_DAY, "agriculture"), (SIGNAL_DAY - timedelta(days=5), "escort")):
        signal = Signal(
            signal_date=day,
            signaller="labour_inspectorate",
            location_type="holiday_park",
            sector=sector,
            municipality="GM0014",
            exploitation_forms=("labour",),
            description="Zes mensen in een chalet.",
        )
        window.session.run(lambda v, s=signal: open_store(v).signals.add(s), added.append)
    _idle(qtbot, window)
    assert len(added) == 2
    ws = window.workspace
    ws.show_page("Signals")
    qtbot.waitUntil(lambda: ws.signals.model.rowCount() == 2, timeout=10_000)
    return ws.signals


def test_new_case_from_a_signal(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    page = _signals_page(qtbot, window)
    page.table.selectRow(0)  # newest first: the agriculture signal
    page.new_case_button.click()
    qtbot.waitUntil(lambda: _visible(NewCaseDialog), timeout=10_000)
    dialog = _open_dialog()
    assert isinstance(dialog, NewCaseDialog)
    assert dialog.windowTitle() == "New case from a signal"
    assert dialog.signal_date.value() == SIGNAL_DAY and not dialog.signal_date.isEnabled()
    assert dialog.signaller.code() == "labour_inspectorate"
    assert dialog.sector.code() == "agriculture"
    assert dialog.location.code() == "holiday_park"
    assert dialog.municipality.currentData() == "GM0014"
    assert dialog.forms.codes() == ("labour",)
    assert dialog.description.isReadOnly()
    assert dialog.description.toPlainText() == "Zes mensen in een chalet."
    dialog.reference.setText("CL-0200")
    dialog.family.setText("Voorbeeld")
    dialog.forms.set_codes(("labour", "criminal"))  # the case's facts, not the signal's
    _submit(qtbot, dialog)
    _idle(qtbot, window)

    ws = window.workspace
    view = ws.cases.view
    assert ws.pages.currentWidget() is ws.cases and ws.cases.currentWidget() is view
    case = view.case
    assert case is not None and case.summary.client_reference == "CL-0200"
    assert case.summary.opened_on == SIGNAL_DAY
    assert len(case.signals) == 1
    assert case.signals[0].signal_date == SIGNAL_DAY
    assert case.signals[0].exploitation_forms == ("labour",)
    assert case.facts.exploitation_forms == ("criminal", "labour")
    ws.show_page("Signals")
    qtbot.waitUntil(lambda: ws.signals.model.rowCount() == 1, timeout=10_000)
    assert ws.signals.model.row_object(0).sector == "escort"


def test_attach_a_signal_to_an_existing_case(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    ws = window.workspace
    ws.show_page("Cases")
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0300")
    new.family.setText("Jansen")
    _submit(qtbot, new)
    _idle(qtbot, window)
    case_id = ws.cases.view.case_id
    page = _signals_page(qtbot, window)

    # Without a selected signal the buttons that act on one are disabled: no dialog, and no
    # "select one first" after a click.
    acting = (page.new_case_button, page.attach_button, page.location_button)
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    assert not any(b.isEnabled() for b in acting) and page.add.isEnabled()
    assert page.attach_to_case() is None
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]

    page.table.selectRow(1)  # the escort signal
    assert all(b.isEnabled() for b in acting)
    dialog = page.attach_to_case()
    assert dialog is not None
    assert not dialog.save_button.isEnabled()  # no case found and chosen yet
    dialog.submit()  # a double click on nothing: says what is missing
    assert "select it first" in dialog.error.text()
    dialog.query.setText("Jansen")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=10_000)
    # Return in the search field searches again; it must not press OK (which would attach).
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert dialog.isVisible() and dialog.results.count() == 1
    assert "CL-0300" not in dialog.results.item(0).text()  # the case reference, not the client's
    assert dialog.save_button.isEnabled()  # the one found is chosen
    assert "Jansen" in dialog.results.item(0).text()
    _submit(qtbot, dialog)
    _idle(qtbot, window)

    view = ws.cases.view
    assert ws.cases.currentWidget() is view and view.case_id == case_id
    assert view.case is not None
    assert sorted(s.sector for s in view.case.signals) == ["escort", "unknown"]
    ws.show_page("Signals")
    qtbot.waitUntil(lambda: ws.signals.model.rowCount() == 1, timeout=10_000)
    assert ws.signals.model.row_object(0).sector == "agriculture"


def _visible(kind: type) -> bool:
    return any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets())
