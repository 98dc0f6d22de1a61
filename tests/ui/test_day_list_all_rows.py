"""The dashboard's day list and the Tasks page with more rows than a page (issue 17): no row is
silently dropped beyond 100. Every overdue and due row is in the list (fetched a page at a time
as it is scrolled), the count above it is the true one, and a row far down is done from there.

Real vault, real Qt (offscreen); the store is written directly only to set the scene."""

from __future__ import annotations

from datetime import date, timedelta

from carecoord.domain.deadlines import DEFAULT_DUE_SOON_DAYS
from carecoord.workspace import open_store
from tests.ui.test_coordinator_day import _idle
from tests.ui.test_form_traps import _core, _new_case
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow
from ui.models.paged_table import PAGE_SIZE

LATE, SOON = 130, 210  # 340 rows: more than three pages of the table model


def _open_rows(vault, overdue_only: bool = False) -> int:  # type: ignore[no-untyped-def]
    """The rows the store holds, counted apart from the code under test."""
    today = date.today()
    end = today - timedelta(days=1) if overdue_only else today + timedelta(DEFAULT_DUE_SOON_DAYS)
    return int(
        vault.db.scalar(
            "SELECT count(*) FROM tasks WHERE done_on IS NULL AND due_on <= ?", (str(end),)
        )
    )


def test_the_day_list_shows_every_row_with_the_true_count(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    case_id = _new_case(qtbot, window)
    today = date.today()

    def fill(vault) -> None:  # type: ignore[no-untyped-def]
        tasks = open_store(vault).tasks
        for i in range(LATE):
            tasks.add(case_id, f"Te laat {i}", today - timedelta(days=1 + i % 20))
        for i in range(SOON):
            tasks.add(case_id, f"Binnenkort {i}", today + timedelta(days=i % 14))

    _core(qtbot, window, fill)
    total = int(_core(qtbot, window, _open_rows))  # type: ignore[arg-type]
    overdue = int(_core(qtbot, window, lambda v: _open_rows(v, overdue_only=True)))  # type: ignore[arg-type]
    assert total >= LATE + SOON > 3 * PAGE_SIZE and overdue >= LATE

    ws = window.workspace
    ws.show_page("Cases")
    ws.show_page("Dashboard")
    dash = ws.dashboard
    _idle(qtbot, window)
    day = dash.day
    qtbot.waitUntil(lambda: day.rowCount() == total, timeout=10_000)
    assert dash.day_count.text() == (
        f"{overdue} overdue, {total - overdue} due in the next {DEFAULT_DUE_SOON_DAYS} days."
    )

    # The last row is there: scrolled to, its page is fetched and shown.
    dash.day_view.scrollToBottom()
    last = total - 1
    qtbot.waitUntil(lambda: day.row_object(last) is not None, timeout=10_000)
    item = day.row_object(last)
    assert item.due_on == max(  # type: ignore[union-attr]
        today + timedelta(days=i % 14) for i in range(SOON)
    )
    # Chosen, it is done from the list; the list and its count shrink by one.
    dash.day_view.setCurrentIndex(day.index(last, 0))
    assert dash.done_button.isEnabled()
    dash.done_button.click()
    qtbot.waitUntil(lambda: day.rowCount() == total - 1, timeout=10_000)
    _idle(qtbot, window)
    assert dash.day_count.text().startswith(f"{overdue} overdue, {total - overdue - 1} due")
    assert int(_core(qtbot, window, _open_rows)) == total - 1  # type: ignore[arg-type]

    # The Tasks page: both lists whole as well.
    ws.show_page("Tasks")
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: ws.tasks.overdue.rowCount() == overdue, timeout=10_000)
    assert ws.tasks.soon.rowCount() == total - 1 - overdue
    ws.tasks.overdue_view.scrollToBottom()
    qtbot.waitUntil(lambda: ws.tasks.overdue.row_object(overdue - 1) is not None, timeout=10_000)
