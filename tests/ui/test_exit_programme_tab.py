"""The exit programme tab: enrolment (confirmed when the case records no sexual exploitation), its
plan (goals of the case plan that name the programme, through the plan's own dialogs), a
milestone and the outcome, each through its dialog; the timeline shows them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QLineEdit

from tests.ui.test_coordinator_day import _field, _idle, _open_dialog, _submit
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def _new_case(qtbot, window: MainWindow, forms: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.show_page("Cases")
    _idle(qtbot, window)
    new = ws.cases.new_case()
    new.reference.setText("CL-0100")
    new.signal_date.edit.setDate(date.today() - timedelta(days=60))
    new.forms.set_codes(forms)
    _submit(qtbot, new)
    _idle(qtbot, window)


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def test_enrol_plan_milestone_and_outcome(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window, ("labour",))
    view = window.workspace.cases.view
    tab = view.exit
    view.show_section(tab)
    assert tab.enrol_button.isEnabled() and not tab.plan.add_button.isEnabled()
    assert "Not enrolled" in tab.status.text()

    # No sexual exploitation on this case: enrolment needs the coordinator's confirmation.
    tab.enrol_button.click()
    qtbot.waitUntil(lambda: _visible_dialog_count() == 1, timeout=10_000)
    dialog = _open_dialog()
    scheme = dialog.form.itemAt(1).widget()
    assert isinstance(scheme, QLineEdit) and scheme.text()  # the vault setting's name
    scheme.setText("Uitstap Regio Noord")
    dialog.form.itemAt(3).widget().edit.setDate(date.today() - timedelta(days=30))  # type: ignore[union-attr]
    dialog.submit()
    assert "does not record sexual exploitation" in dialog.error.text()
    assert dialog.isVisible()
    confirm = dialog.form.itemAt(5).widget()
    assert isinstance(confirm, QCheckBox)
    confirm.setChecked(True)
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case is not None and view.case.exit_programme is not None
    assert "Uitstap Regio Noord" in tab.status.text()
    assert not tab.enrol_button.isEnabled() and tab.plan.add_button.isEnabled()
    assert any("registered" in line for line in _texts(tab.milestones))

    # A goal of the programme's plan: the case plan's dialog, offering only its life domains.
    dialog = tab.plan.add_goal()
    assert dialog is not None
    domain = _field(dialog, "Domain")
    offered = [domain.itemData(i) for i in range(domain.count())]  # type: ignore[attr-defined]
    assert offered == [
        None,
        "housing",
        "income_debts",
        "health",
        "social_network",
        "work_education",
    ]
    domain.set_code("housing")  # type: ignore[attr-defined]
    _field(dialog, "Goal").setPlainText("Own rented room")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert _texts(tab.plan.list) == ["housing: Own rented room — open"]
    (goal,) = view.case.goals
    assert goal.exit_programme_id == view.case.exit_programme.id
    # The case plan shows it too, marked as the programme's.
    assert _texts(view.casework.plan.list) == ["housing: Own rented room — open — exit programme"]
    # A second goal in the same domain, and a goal of the case plan alone (not shown here).
    dialog = tab.plan.add_goal()
    assert dialog is not None
    _field(dialog, "Domain").set_code("housing")  # type: ignore[attr-defined]
    _field(dialog, "Goal").setPlainText("Rent allowance")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    dialog = view.casework.plan.add_goal()
    assert dialog is not None
    _field(dialog, "Domain").set_code("legal")  # type: ignore[attr-defined]
    _field(dialog, "Goal").setPlainText("See the lawyer")  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert len(_texts(tab.plan.list)) == 2 and len(_texts(view.casework.plan.list)) == 3
    # Reached: the goal status dialog of the plan, dated two days ago.
    tab.plan.list.setCurrentRow(_texts(tab.plan.list).index("housing: Own rented room — open"))
    dialog = tab.plan.goal_status()
    assert dialog is not None
    dialog.inputs[0].set_code("reached")  # type: ignore[attr-defined]
    dialog.inputs[1].edit.setDate(date.today() - timedelta(days=2))  # type: ignore[attr-defined]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    reached = next(g for g in view.case.goals if g.goal == "Own rented room")
    assert (reached.status, reached.status_on) == ("reached", date.today() - timedelta(days=2))
    assert any("reached" in line for line in _texts(tab.plan.list))

    # A milestone: the next one not reached yet is proposed.
    dialog = tab.record_milestone()
    assert dialog is not None
    assert dialog.form.itemAt(1).widget().code() == "intake"  # type: ignore[union-attr]
    dialog.form.itemAt(3).widget().edit.setDate(date.today() - timedelta(days=20))  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert [m.milestone for m in view.case.exit_programme.milestones] == ["registered", "intake"]

    # A milestone dated before the enrolment is refused; the dialog stays open with the reason.
    dialog = tab.record_milestone()
    assert dialog is not None
    dialog.form.itemAt(3).widget().edit.setDate(date.today() - timedelta(days=45))  # type: ignore[union-attr]
    dialog.submit()
    qtbot.waitUntil(lambda: "before the enrolment" in dialog.error.text(), timeout=10_000)
    dialog.reject()

    # The outcome.
    dialog = tab.set_outcome()
    assert dialog is not None
    outcome = dialog.form.itemAt(1).widget()
    outcome.setCurrentIndex(outcome.findData("dropped_out"))  # type: ignore[union-attr]
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert view.case.exit_programme.outcome == "dropped_out"
    assert "dropped out" in tab.status.text()

    timeline = _texts(view.overview.events)
    assert any("Enrolled in exit programme Uitstap Regio Noord" in t for t in timeline)
    assert any("Exit programme: intake" in t for t in timeline)
    assert any("Exit plan goal achieved: housing" in t for t in timeline)
    assert any("Exit programme outcome: dropped out" in t for t in timeline)


def test_sexual_exploitation_case_enrols_without_confirmation(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    _new_case(qtbot, window, ("sexual",))
    tab = window.workspace.cases.view.exit
    tab.enrol_button.click()
    qtbot.waitUntil(lambda: _visible_dialog_count() == 1, timeout=10_000)
    dialog = _open_dialog()
    assert dialog.form.rowCount() == 2  # scheme and date, no confirmation asked
    _submit(qtbot, dialog)
    _idle(qtbot, window)
    assert tab.case is not None and tab.case.exit_programme is not None


def _visible_dialog_count() -> int:
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.base import FormDialog

    return sum(
        1 for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
    )
