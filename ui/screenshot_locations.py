"""The screenshots of issue 18 (``python -m ui.screenshots``): the Risicolocaties register with a
location's page, its dialogs (new, edit, control, link from a signal and from a case) and the
Regiobeeld of a quarter. Fills nothing: the demo made the locations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


def location_shots(
    window: Any,
    shot: Callable[[str], None],
    dialog_shot: Callable[..., None],
    wait: Callable[..., None],
    open_form: Callable[[], Any],
) -> None:
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    workspace = window.workspace
    worker = window.session.worker
    page = workspace.locations
    workspace.nav.setCurrentRow(workspace.pages.indexOf(page))
    register = page.register
    wait(lambda: not worker.busy and register.list.rowCount() > 0)
    # The location with the most signals and controls says most about the page.
    busiest = max(
        range(len(register.rows)),
        key=lambda i: register.rows[i].signals * 10 + register.rows[i].controls,
    )
    register.list.selectRow(busiest)
    wait(lambda: not worker.busy and register.dossier is not None)
    shot("60-risk-locations")
    dialog_shot("61-risk-location-new", register.new_location())
    dialog_shot("62-risk-location-edit", register.edit_location())
    dialog_shot("63-risk-location-control", register.record_control())
    page.setCurrentWidget(page.picture)
    picture = page.picture
    picture.year.setValue(date.today().year - 1)
    picture.quarter.setCurrentIndex(2)  # the third quarter
    picture.preview()
    wait(lambda: not worker.busy and picture.release is not None, timeout_s=300)
    shot("64-regional-picture")
    page.setCurrentWidget(register)
    workspace.show_page(workspace.page_titles()[2])
    wait(lambda: not worker.busy and workspace.signals.model.rowCount() > 0)
    workspace.signals.table.selectRow(0)
    workspace.signals.link_location()
    wait(lambda: not worker.busy and open_form() is not None)
    dialog_shot("65-signal-link-location", open_form())
