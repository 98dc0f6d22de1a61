"""Screenshots of the coordinator's day (issue 17): the dashboard with a row chosen, the postpone
form, and the letter dialog, both showing the letter and stopped by a missing address. The
shown case gets an overdue task and a partner without an address through the store first."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any


def _prepare(case_id: int) -> Callable[[Any], tuple[int, int]]:
    def job(vault: Any) -> tuple[int, int]:
        from carecoord.domain.referral import Organisation
        from ui.operations.store_access import store_of

        store = store_of(vault)
        store.tasks.add(case_id, "Advocaat terugbellen over de aangifte", date.today())
        org = store.organisations.add(
            Organisation(name="Stichting Zonder Adres", services=("legal_aid",))
        )
        blocked = store.referrals.create(case_id, org, "legal_aid")
        shelter = store.organisations.add(
            Organisation(
                name="Stichting Voorbeeldopvang",
                services=("shelter",),
                address="Postbus 9\n9700 AA Groningen",
            )
        )
        shown = store.referrals.create(case_id, shelter, "shelter")
        store.referrals.send(shown, override_reason="Acuut gevaar; de politie vraagt om een plek.")
        return shown, blocked

    return job


def day_shots(
    window: Any,
    case_id: int,
    shot: Callable[[str], None],
    dialog_shot: Callable[[str, Any], None],
    wait: Callable[..., None],
) -> None:
    made: list[object] = []
    window.session.run(_prepare(case_id), made.append, made.append)
    wait(lambda: bool(made))
    workspace = window.workspace
    dashboard = workspace.dashboard
    workspace.show_page(workspace.page_titles()[0])
    wait(lambda: not window.session.worker.busy and dashboard.day.rowCount() > 0)
    model = dashboard.day
    for row in range(model.rowCount()):
        item = model.row_object(row)
        if item is not None and item.kind == "manual":
            dashboard.day_view.setCurrentIndex(model.index(row, 0))
            break
    shot("02-dashboard-my-day-row-chosen")
    dialog_shot("60-postpone-task", dashboard.postpone())

    workspace.open_case(case_id)
    view = workspace.cases.view
    wait(lambda: not window.session.worker.busy and view.case is not None)
    view.tabs.setCurrentWidget(view.referrals)
    shot("20-case-referrals-with-organisations")
    if not isinstance(made[0], tuple):
        raise SystemExit(f"screenshots: the day's data failed: {made[0]}")
    shown, blocked = made[0]
    letter = view.referrals.letter(shown)
    wait(lambda: letter is not None and (letter.preview.page_count() > 0 or letter.status.text()))
    letter.show()
    settle = time.monotonic() + 1.5  # QtPdf renders the page on its own thread
    wait(lambda: time.monotonic() > settle)
    dialog_shot("61-letter-preview", letter)
    stopped = view.referrals.letter(blocked)
    wait(lambda: stopped is not None and bool(stopped.blocker.text()))
    dialog_shot("62-letter-address-missing", stopped)
