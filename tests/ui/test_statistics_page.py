"""Statistics in the app: the preview shows each table in the app's language (labels, not codes),
withheld numbers as "–" with a legend and their reason under Details, a chart with the table as
its accessible alternative, and for the tables that carry one the total per quarter with its
quarter table; export writes only into the chosen folder, after a passing audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from carecoord import i18n
from carecoord.demo import generate
from carecoord.domain.municipalities import municipalities
from carecoord.stats.period import Period
from carecoord.stats.source import records_for_period, set_region
from carecoord.stats.tables import STANDARD_IDS
from carecoord.vault import Vault
from carecoord.workspace import open_store
from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow
from ui.pages.statistics_page import StatisticsPage
from ui.preferences import Preferences
from ui.worker import VaultWorker

CODE_WORDS = ("_T", "small", "secondary", "cases_by", "GM0", "exploitation_form", "non_eu")


def _fill(vault: Vault) -> None:
    generate(open_store(vault), 400, seed=5, today=date(2026, 6, 30))
    records = records_for_period(vault, Period(year=2025))
    set_region(vault, frozenset(r.municipality for r in records))


def _previewed(qtbot, window: MainWindow) -> StatisticsPage:  # type: ignore[no-untyped-def]
    _create(qtbot, window)
    done: list[object] = []
    window.session.run(_fill, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=120_000)
    window.workspace.show_page(window.workspace.page_titles()[5])
    page = window.workspace.statistics
    assert page.stack.currentIndex() == 0 and page.empty.isVisibleTo(page)
    page.year.setValue(2025)
    page.preview()
    qtbot.waitUntil(lambda: page.release is not None, timeout=120_000)
    # The tables are on screen before the trend: the buttons wait for it, the summary says so.
    assert not page.bar.preview_button.isEnabled() and not page.bar.export_button.isEnabled()
    assert "per kwartaal" in page.summary.text()
    qtbot.waitUntil(lambda: page.trends is not None, timeout=120_000)
    assert page.bar.preview_button.isEnabled()
    return page


def _texts(root: QWidget) -> list[str]:
    return [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]


@pytest.fixture
def nl_window(qtbot, tmp_path: Path, worker: VaultWorker, preferences: Preferences):  # type: ignore[no-untyped-def]
    i18n.set_language("nl")
    win = MainWindow(tmp_path / "vault", worker, preferences)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.lock()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _grid_texts(page: StatisticsPage) -> list[str]:
    grid = page.section.grid
    texts = [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]
    texts += [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]
    texts += [
        grid.item(r, c).text()
        for r in range(grid.rowCount())
        for c in range(grid.columnCount())
        if grid.item(r, c) is not None
    ]
    return texts


def test_tables_in_words_with_charts_then_export(
    qtbot, nl_window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = _previewed(qtbot, nl_window)
    release = page.release
    assert release is not None
    assert page.tables.count() == len(STANDARD_IDS)
    assert page.tables.item(0).text() == "Personen naar gemeente en vorm van uitbuiting"
    names = {m.name for m in municipalities().values()}
    section = page.section
    # The municipality table: names as rows, the forms as columns, "Totaal" as margins.
    rows = [section.grid.verticalHeaderItem(r).text() for r in range(section.grid.rowCount())]
    assert set(rows[:-1]) <= names and rows[-1] == "Totaal"
    columns = [
        section.grid.horizontalHeaderItem(c).text() for c in range(section.grid.columnCount())
    ]
    assert "onbekend" in columns
    assert columns[-1] == "Totaal" and "meer dan één" in columns
    seen_withheld = False
    for index in range(page.tables.count()):
        page.tables.setCurrentRow(index)
        table = release.tables[index]
        texts = _texts(page) + _grid_texts(page)
        for text in texts:
            for word in CODE_WORDS:
                assert word not in text, (table.table_id, text)
        shown = [t for t in _grid_texts(page) if (t and t[0].isdigit()) or t == "–"]
        assert "x" not in shown
        assert all(v == "–" or not 1 <= int(v) < release.settings.k for v in shown)
        withheld = sum(1 for c in table.cells if c.value is None)
        assert shown.count("–") == withheld
        if withheld:
            seen_withheld = True
            assert "– = geheim" in section.legend.text()
            assert section.details_button.isVisibleTo(page)
            section.details_button.setChecked(True)
            assert section.details.isVisibleTo(page)
            assert section.details.rowCount() == withheld
            kinds = {section.details.item(r, 1).text() for r in range(withheld)}
            assert kinds <= {"primair", "secundair"}
            reasons = " ".join(section.details.item(r, 2).text() for r in range(withheld))
            assert "small" not in reasons and reasons
            section.details_button.setChecked(False)
        # The chart draws the published totals, a withheld one marked, never as 0.
        chart = section.chart
        drawn = dict(chart.bars)
        assert 0 not in drawn.values()
        assert chart.accessibleName().startswith(table.definition.title_nl)
        assert section.grid.accessibleName() in chart.accessibleDescription()
        assert chart.plot.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert seen_withheld  # a small demo region has numbers to protect
    assert page.bar.export_button.isEnabled()

    target = tmp_path / "chosen"
    target.mkdir()
    page.bar.ask_folder = lambda: target  # type: ignore[method-assign]
    page.export()
    qtbot.waitUntil(lambda: "geëxporteerd" in page.summary.text(), timeout=60_000)
    names_out = {p.name for p in target.iterdir()}
    assert {"metadata.json", "statistieken.xlsx", "rapport.pdf"} <= names_out


def test_the_trend_per_quarter_shows_only_what_may_be_worked_out(
    qtbot, nl_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page = _previewed(qtbot, nl_window)
    release, trends = page.release, page.trends
    assert release is not None and trends is not None
    assert "cases_by_municipality_form" in trends and "cases_by_gender_age" not in trends
    k = release.settings.k
    for index, table in enumerate(release.tables):
        page.tables.setCurrentRow(index)
        section = page.section
        trend = trends.get(table.table_id)
        assert section.trend.isVisibleTo(page) == (trend is not None)
        assert section.trend_grid.isVisibleTo(page) == (trend is not None)
        if trend is None:
            continue
        labels = [f"kwartaal {q}" for q in (1, 2, 3, 4)]
        # Drawn: exactly the trend's numbers; a withheld quarter is None (marked), never a bar.
        assert section.trend.bars == list(zip(labels, trend.values, strict=True))
        assert section.trend.drawn is not None and section.trend.drawn[0] == "trend"
        grid = section.trend_grid
        assert [grid.verticalHeaderItem(r).text() for r in range(4)] == labels
        assert grid.horizontalHeaderItem(0).text() == "Aantal"
        cells = [grid.item(r, 0).text() for r in range(4)]
        assert cells == ["–" if v is None else str(v) for v in trend.values]
        spoken = [str(grid.item(r, 0).data(Qt.ItemDataRole.AccessibleTextRole)) for r in range(4)]
        assert all(s.startswith("kwartaal") for s in spoken)
        assert all(
            s.endswith("geheim") for s, v in zip(spoken, trend.values, strict=True) if v is None
        )
        # The quarter table is the chart's accessible alternative.
        assert (
            grid.accessibleName() and grid.accessibleName() in section.trend.accessibleDescription()
        )
        assert "2025" in section.trend.accessibleName()
        assert "kwartaal" in section.trend_note.text()
        # Beside the year on the page, no withheld quarter follows from the others.
        total = next(c.value for c in table.cells if all(x == "_T" for x in c.coords))
        hidden = [v for v in trend.values if v is None]
        if total and hidden and len(hidden) < 4:
            rest = total - sum(v for v in trend.values if v is not None)
            assert len(hidden) >= 2 and rest >= k, (table.table_id, trend.values, total)
        for value in trend.values:
            assert value is None or not 1 <= value < k
