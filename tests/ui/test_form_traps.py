"""Issue 12, the screens: the phase dialog (process order, the next phase suggested, never
"closed" by itself, closing with a reason and a confirmation), Enter that never saves a form
while Ctrl+Enter does, and new forms that start with no code chosen. Real vault, real Qt.

The screen walk (test_every_screen_and_dialog.py) checks the same on every form it reaches;
these tests follow a form through to the vault."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.workspace import open_store
from tests.support.choices import choose_open_codes
from tests.ui.test_coordinator_day import _idle, _submit
from tests.ui.test_unlock_flow import _create
from ui.dialogs.confirm import Confirmation
from ui.dialogs.new_case import NewCaseDialog
from ui.dialogs.phase import PhaseDialog
from ui.main_window import MainWindow


def _new_case(qtbot, window: MainWindow, reference: str = "CL-0100") -> int:  # type: ignore[no-untyped-def]
    window.workspace.show_page("Cases")
    _idle(qtbot, window)
    new = window.workspace.cases.new_case()
    new.reference.setText(reference)
    new.signal_date.edit.setDate(date.today() - timedelta(days=40))
    _submit(qtbot, new)
    _idle(qtbot, window)
    view = window.workspace.cases.view
    assert view.case_id is not None
    return view.case_id


def _core(qtbot, window: MainWindow, fn):  # type: ignore[no-untyped-def]
    out: list[object] = []
    window.session.run(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return out[0]


def _codes(dialog: PhaseDialog) -> list[str | None]:
    return [dialog.target.itemData(i) for i in range(dialog.target.count())]


def _case_count(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    return int(_core(qtbot, window, lambda v: v.db.scalar("SELECT count(*) FROM cases")))  # type: ignore[arg-type]


def test_phases_in_process_order_with_the_next_one_chosen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    view = window.workspace.cases.view
    dialog = view.pathway.change_phase()
    assert isinstance(dialog, PhaseDialog)
    assert _codes(dialog) == [None, "intake", "shelter", "closed"]
    assert dialog.target.code() == "intake"
    assert not dialog.closure_reason.isVisibleTo(dialog)  # asked only when closing
    dialog.discard()

    # From aftercare the only ways on are back to support or closing: support is offered
    # first, never closing.
    for phase in ("intake", "support", "aftercare"):
        _core(qtbot, window, lambda v, p=phase: open_store(v).pathway.change_phase(case_id, p))
    view.reload()
    _idle(qtbot, window)
    dialog = view.pathway.change_phase()
    assert isinstance(dialog, PhaseDialog)
    assert _codes(dialog) == [None, "support", "closed"]
    assert dialog.target.code() == "support"
    dialog.target.set_code(None)
    dialog.submit()
    assert "New phase" in dialog.error.text()
    dialog.discard()


def test_closing_needs_a_reason_and_a_confirmation(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    view = window.workspace.cases.view
    dialog = view.pathway.change_phase()
    assert isinstance(dialog, PhaseDialog)
    dialog.target.set_code("closed")
    assert dialog.closure_reason.isVisibleTo(dialog)
    assert dialog.closure_reason.code() is None  # never chosen for the coordinator
    dialog.submit()
    assert "Closure reason" in dialog.error.text()
    assert dialog.confirmation is None
    # A written reason alone is not a closure reason.
    qtbot.keyClicks(dialog.reason, "moved to another region")
    dialog.submit()
    assert "Closure reason" in dialog.error.text() and dialog.confirmation is None

    dialog.closure_reason.set_code("transferred_region")
    dialog.submit()
    box = dialog.confirmation
    assert isinstance(box, Confirmation) and box.isVisible()
    assert "stays closed" in box.text() and "new case" in box.text()
    assert "transferred to another region" in box.text()
    assert box.defaultButton() is box.cancel_button  # Enter alone never closes a case
    assert view.case is not None and view.case.summary.phase == "signalled"

    box.cancel_button.click()  # Cancel: nothing happens, the form is still there
    _idle(qtbot, window)
    assert dialog.isVisible() and view.case.summary.phase == "signalled"

    dialog.submit()
    box = dialog.confirmation
    assert box is not None
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        box.yes_button.click()
    _idle(qtbot, window)
    assert view.case.summary.phase == "closed"
    assert view.case.summary.closure_reason == "transferred_region"
    assert view.case.phase_history[-1].closure_reason == "transferred_region"
    assert view.case.phase_history[-1].reason == "moved to another region"
    # The reason shows wherever the phase does: the header, the phase history.
    assert view.tracks.phase.text().endswith(": transferred to another region")
    assert "closed (transferred to another region)" in view.pathway.list.item(1).text()
    assert view.pathway.change_phase() is None  # a closed case: the dialog does not open
    _idle(qtbot, window)
    assert (
        _core(
            qtbot, window, lambda v: v.db.scalar("SELECT phase FROM cases WHERE id = ?", (case_id,))
        )
        == "closed"
    )  # type: ignore[arg-type]


def test_a_new_case_starts_with_no_code_and_names_what_is_missing(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    window.workspace.show_page("Cases")
    _idle(qtbot, window)
    new = window.workspace.cases.new_case()
    assert isinstance(new, NewCaseDialog)
    for combo in (new.gender, new.signaller, new.sector, new.location):
        assert combo.code() is None and combo.currentText() == "— choose —"
    assert new.nationality.currentData() is None and new.municipality.currentData() is None
    new.reference.setText("CL-0200")
    new.submit()
    message = new.error.text()
    for field in ("Gender", "Signaller", "Sector", "Location type"):
        assert field in message
    assert "Nationality" not in message  # not required
    _idle(qtbot, window)
    assert _case_count(qtbot, window) == 0
    # "Unknown" is a choice like any other.
    new.gender.set_code("unknown")
    new.signaller.set_code("police")
    new.sector.set_code("unknown")
    new.location.set_code("unknown")
    with qtbot.waitSignal(new.saved, timeout=10_000):
        new.submit()
    _idle(qtbot, window)
    assert _case_count(qtbot, window) == 1


def test_enter_keeps_the_form_and_ctrl_enter_saves(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    window.workspace.show_page("Cases")
    _idle(qtbot, window)
    new = window.workspace.cases.new_case()
    choose_open_codes(new)
    new.reference.setFocus()
    qtbot.keyClicks(new.reference, "CL-0300")
    for widget in (new.reference, new.gender, new.signal_date.edit, new.forms, new.interpreter):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClick(widget, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.wait(100)
    _idle(qtbot, window)
    assert new.isVisible() and new.reference.text() == "CL-0300"
    assert _case_count(qtbot, window) == 0
    new.reference.setFocus()
    with qtbot.waitSignal(new.saved, timeout=10_000):
        qtbot.keyClick(new.reference, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _idle(qtbot, window)
    assert _case_count(qtbot, window) == 1

    # In a multi-line note Enter is a new line; Ctrl+Enter saves the note.
    view = window.workspace.cases.view
    dialog = view.notes.add_note()
    body = dialog.form.itemAt(1).widget()
    body.setFocus()
    qtbot.keyClicks(body, "first line")
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "second line")
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(body, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    _idle(qtbot, window)
    assert view.case is not None and view.case.notes[-1].body == "first line\nsecond line"
    assert not any(
        isinstance(w, Confirmation) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
