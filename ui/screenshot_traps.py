"""Issue 12's screens for ``make screenshots`` (ui/screenshots.py): a new form naming the required
choices still open, the phase dialog and its closing confirmation, the warning before the
recovery sheet becomes a file, and the message for an unexpected error."""

from __future__ import annotations

from collections.abc import Callable

from ui.screenshot_tracks import cosm_during_bedenktijd


def traps_shots(
    window: object,
    dialog_shot: Callable[..., None],
    wait: Callable[..., None],
    shot: Callable[[str], None],
) -> None:
    """Issue 12's screens: a new form naming the required choices still open, the phase dialog
    and its closing confirmation, the warning before the recovery sheet becomes a file, and the
    message for an unexpected error."""
    from ui import error_hook
    from ui.main_window import MainWindow
    from ui.recovery_print import KeyFileWarning

    assert isinstance(window, MainWindow)
    workspace = window.workspace
    workspace.show_page(workspace.page_titles()[1])
    new = workspace.cases.new_case()
    new.reference.setText("CL-SCHERM")
    new.submit()
    dialog_shot("25-new-case-choices-open", new)
    # A value the core refuses: the rule at the field, with its icon (issue 17).
    new = workspace.cases.new_case()
    new.reference.setText("CL 12!")
    for combo in (new.gender, new.signaller, new.sector, new.location):
        combo.set_code("unknown")
    new.submit()
    dialog_shot("25-new-case-field-error", new)
    new = workspace.cases.new_case()
    new.reference.setText("CL-SCHERM")
    for combo in (new.gender, new.signaller, new.sector, new.location):
        combo.set_code("unknown")
    saved: list[object] = []
    new.saved.connect(saved.append)
    new.submit()
    wait(lambda: bool(saved) and not window.session.worker.busy)
    view = workspace.cases.view
    wait(lambda: view.case is not None and view.case.summary.client_reference == "CL-SCHERM")
    view.tabs.setCurrentWidget(view.pathway)
    phase = view.pathway.change_phase()
    assert phase is not None
    dialog_shot("26-change-phase", phase)
    phase = view.pathway.change_phase()
    assert phase is not None
    phase.target.set_code("closed")
    phase.closure_reason.set_code("completed")
    dialog_shot("26-change-phase-closing", phase)
    phase = view.pathway.change_phase()
    assert phase is not None
    phase.target.set_code("closed")
    phase.closure_reason.set_code("completed")
    phase.submit()
    dialog_shot("27-close-case-confirmation", phase.confirmation)
    phase.discard()
    # A new client without consent: only the anonymous registration with CoMensha.
    view.tabs.setCurrentWidget(view.comensha)
    dialog_shot("47-comensha-anonymous-only", view.comensha.register())
    # The same client in a COSM during the bedenktijd, registered with CoMensha on consent: the
    # header shows the care phase and the legal status side by side (issue 15).
    made: list[object] = []
    window.session.run(cosm_during_bedenktijd, made.append, made.append)
    wait(lambda: bool(made) and not window.session.worker.busy)
    if not isinstance(made[0], int):
        raise SystemExit(f"screenshots: the COSM scene failed: {made[0]}")
    workspace.cases.open_case(made[0])
    wait(lambda: view.case is not None and view.case.id == made[0])
    view.tabs.setCurrentIndex(0)
    shot("19-case-cosm-during-bedenktijd")
    warning = KeyFileWarning(window)
    warning.show()
    dialog_shot("28-recovery-sheet-as-file", warning)
    dialog_shot("29-unexpected-error", error_hook.tell_user())
