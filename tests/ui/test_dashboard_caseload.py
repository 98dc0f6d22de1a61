"""The dashboard's caseload at a glance (issue 17): open cases per phase and new cases per month
over the last twelve months, from known cases in a real vault."""

from __future__ import annotations

from datetime import date

from carecoord.domain.codelists import codelist
from carecoord.store.caseload import _months
from carecoord.vault import Vault
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def _fill(vault: Vault) -> None:
    db = vault.db
    today = date.today()
    months = _months(today)
    # Three cases this month, one two months ago, one older than a year (counted per phase, not
    # per month); phases set directly, as the counts read them.
    rows = [
        (months[-1], "signalled"),
        (months[-1], "shelter"),
        (months[-1], "shelter"),
        (months[-3], "support"),
        (date(months[0].year - 1, 1, 1), "closed"),
    ]
    with db.transaction():
        db.execute(
            "INSERT INTO clients (id, reference, gender, nationality_group, created_at)"
            " VALUES (1, 'C-1', 'unknown', 'unknown', '2020-01-01')"
        )
        for i, (opened, phase) in enumerate(rows, start=1):
            db.execute(
                "INSERT INTO cases (id, reference, client_id, opened_on, phase, phase_rank,"
                " phase_since, signaller, sector, location_type, forms, form_mask, created_at)"
                " VALUES (?, ?, 1, ?, ?, 0, ?, 'police', 'unknown', 'unknown', '', 0, ?)",
                (i, f"2099-{i:06d}", opened.isoformat(), phase, opened.isoformat(), "2020-01-01"),
            )


def test_caseload_counts_per_phase_and_month(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    done: list[object] = []
    window.session.run(_fill, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert done == [None]
    dashboard = window.workspace.dashboard
    charts = dashboard.caseload
    charts.caseload = None
    window.workspace.show_page(window.workspace.page_titles()[0])
    charts.refresh()
    qtbot.waitUntil(lambda: charts.caseload is not None, timeout=30_000)
    load = charts.caseload
    assert load is not None
    assert dict(load.by_phase) == {
        "signalled": 1,
        "intake": 0,
        "shelter": 2,
        "support": 1,
        "outflow": 0,
        "aftercare": 0,
    }
    counts = [n for _m, n in load.by_month]
    assert len(counts) == 12 and counts[-1] == 3 and counts[-3] == 1 and sum(counts) == 4
    # Drawn with the phase labels, and said in words for a screen reader.
    labels = [codelist("phase").label(p, "en") for p, _n in load.by_phase]
    assert charts.phases.bars == list(zip(labels, [1, 0, 2, 1, 0, 0], strict=True))
    assert f"{labels[2]}: 2" in charts.phases.accessibleDescription()
    assert charts.months.bars[-1][1] == 3
