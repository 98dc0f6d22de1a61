"""Statistics in the app: preview shows every cell and why it is hidden; export writes only into
the chosen folder, and only after a passing audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carecoord.demo import generate
from carecoord.stats.period import Period
from carecoord.stats.source import records_for_period, set_region
from carecoord.vault import Vault
from carecoord.workspace import open_store
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow


def _fill(vault: Vault) -> None:
    generate(open_store(vault), 400, seed=5, today=date(2026, 6, 30))
    records = records_for_period(vault, Period(year=2025))
    set_region(vault, frozenset(r.municipality for r in records))


def test_preview_then_export(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    done: list[object] = []
    window.session.run(_fill, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    window.workspace.show_page("Statistics")
    page = window.workspace.statistics
    page.year.setValue(2025)
    page.preview()
    qtbot.waitUntil(lambda: page.release is not None, timeout=60_000)
    assert page.cells.rowCount() > 20
    statuses = {page.cells.item(i, 3).text() for i in range(page.cells.rowCount())}
    assert "A" in statuses  # a small demo region has cells to protect
    shown = [page.cells.item(i, 2).text() for i in range(page.cells.rowCount())]
    assert all(v == "x" or not 1 <= int(v) < 5 for v in shown)
    assert page.export_button.isEnabled()

    target = tmp_path / "chosen"
    target.mkdir()
    page.ask_folder = lambda: target  # type: ignore[method-assign]
    page.export()
    qtbot.waitUntil(lambda: "Exported" in page.summary.text(), timeout=60_000)
    names = {p.name for p in target.iterdir()}
    assert {"metadata.json", "statistieken.xlsx", "rapport.pdf"} <= names
