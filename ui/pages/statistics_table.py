"""One statistics table as the coordinator reads it: its Dutch (or English) title and what it
counts, a chart of its first dimension, the table itself as a grid with totals, a legend for the
withheld mark, and under "Details" why each withheld number is withheld (the app's own preview:
published files say only that a number is withheld, issue 13). A table that carries a trend
(carecoord/stats/trend.py) also shows its total per quarter as upright bars, with the small
quarter table as their accessible alternative."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord.i18n import _
from carecoord.stats.grid import Grid, bars_of, grid_of
from carecoord.stats.labels import (
    advice_text,
    reason_text,
    table_description,
    table_title,
    unit_word,
    withheld_kind,
)
from carecoord.stats.period import Period
from carecoord.stats.release import Release, TableRelease
from carecoord.stats.trend import Trend
from ui.charts import BarChart
from ui.widgets import language

WITHHELD_MARK = "–"  # en dash: what a withheld number shows, on the page and in the legend


def heading_label(text: str = "", scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def _fit_height(table: QTableWidget, rows_at_most: int = 24) -> None:
    """As tall as its rows (up to a limit): the page scrolls, not each small table."""
    shown = min(table.rowCount(), rows_at_most)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(shown))
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(height + 2)


class TableSection(QWidget):
    """Shows one :class:`TableRelease`; ``show_table`` fills it."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = heading_label(scale=1.25)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.hide()
        self.chart = BarChart()
        self.trend = BarChart()
        self.trend.hide()
        self.trend_grid = QTableWidget(0, 1)
        self.trend_grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trend_grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.trend_grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.trend_grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.trend_grid.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.trend_grid.setCornerButtonEnabled(False)
        self.trend_grid.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.trend_grid.hide()
        self.trend_note = QLabel()
        self.trend_note.setWordWrap(True)
        self.trend_note.hide()
        self.trend.set_alternative(self.trend_grid)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart.set_alternative(self.grid)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.details_button = QPushButton(_("&Details: why numbers are withheld"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = QTableWidget(0, 3)
        self.details.setHorizontalHeaderLabels([_("Cell"), _("Kind"), _("Why withheld")])
        self.details.setAccessibleName(_("Why numbers are withheld"))
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.verticalHeader().hide()
        self.details.horizontalHeader().setStretchLastSection(True)
        self.details.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for widget in (
            self.heading,
            self.description,
            self.advice,
            self.chart,
            self.grid,
            self.legend,
            self.details_button,
            self.details,
            # The year's table and its legend stay together; the quarters follow.
            self.trend,
            self.trend_grid,
            self.trend_note,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        if shown:
            _fit_height(self.details, rows_at_most=200)

    def show_table(self, release: Release, table: TableRelease, trend: Trend | None) -> None:
        lang = language()
        title = table_title(table.definition, lang)
        self.heading.setText(title)
        self.description.setText(table_description(table.table_id, lang))
        self._show_advice(release, table)
        grid = grid_of(table, lang, count_title=_("Count"))
        self._fill_grid(grid, title)
        dimension, bars = bars_of(table, lang)
        withheld = _("withheld")
        chart_title = _("%(table)s: by %(dimension)s") % {
            "table": title,
            "dimension": dimension.lower(),
        }
        if bars:
            self.chart.show_counts(
                chart_title,
                [b.label for b in bars],
                [b.value for b in bars],
                f"{WITHHELD_MARK} {withheld}",
            )
        else:
            self.chart.show_message(chart_title, _("Nobody is counted in this table."))
        self._show_trend(title, table.definition.unit, trend)
        unit = table.definition.unit
        self._fill_details(grid, release.settings.k, unit)
        self.legend.setText(self._legend(release, grid, unit))

    def _show_trend(self, title: str, unit: str, trend: Trend | None) -> None:
        """The table's total per quarter; a withheld quarter is marked, never drawn."""
        for widget in (self.trend, self.trend_grid, self.trend_note):
            widget.setVisible(trend is not None)
        if trend is None:
            return
        labels = [_("quarter %(q)d") % {"q": p.quarter} for p in trend.points]
        chart_title = _("%(table)s: total per quarter of %(year)d") % {
            "table": title,
            "year": trend.year,
        }
        grid = self.trend_grid
        grid.clear()
        grid.setRowCount(len(labels))
        grid.setHorizontalHeaderLabels([_("Count")])
        grid.setVerticalHeaderLabels(labels)
        for r, (label, value) in enumerate(zip(labels, trend.values, strict=True)):
            item = QTableWidgetItem(WITHHELD_MARK if value is None else str(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            spoken = _("withheld") if value is None else str(value)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{label}: {spoken}")
            grid.setItem(r, 0, item)
        grid.setAccessibleName(chart_title)
        grid.resizeColumnsToContents()
        grid.resizeRowsToContents()
        _fit_height(grid, rows_at_most=len(labels))
        parts = [
            _(
                "Each quarter as its release would publish it together with the tables on this "
                "page: a quarter is withheld (%(mark)s) when it has too few %(units)s, or when it "
                "could be worked out from the year and the other quarters."
            )
            % {"mark": WITHHELD_MARK, "units": unit_word(unit, language())},
            _("The exported report shows only quarters that were exported themselves."),
        ]
        self.trend_note.setText(" ".join(parts))
        self.trend.show_trend(chart_title, labels, trend.values, f"{WITHHELD_MARK} {_('withheld')}")

    def _show_advice(self, release: Release, table: TableRelease) -> None:
        quarterly = Period.from_id(release.period_id).quarter is not None
        text = advice_text(table, quarterly, language())
        self.advice.setVisible(text is not None)
        self.advice.setText(text or "")

    def _fill_grid(self, grid: Grid, title: str) -> None:
        table = self.grid
        table.clear()
        table.setRowCount(len(grid.row_labels))
        table.setColumnCount(len(grid.column_labels))
        table.setHorizontalHeaderLabels(list(grid.column_labels))
        table.setVerticalHeaderLabels(list(grid.row_labels))
        bold = table.font()
        bold.setBold(True)
        last_row, last_column = len(grid.row_labels) - 1, len(grid.column_labels) - 1
        for r, row in enumerate(grid.cells):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                withheld = cell.value is None
                item = QTableWidgetItem(WITHHELD_MARK if withheld else str(cell.value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                where = grid.coordinates(r, c)
                spoken = _("withheld") if withheld else str(cell.value)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{where}: {spoken}")
                if withheld:
                    item.setToolTip(_("Withheld"))
                if r == last_row or (grid.column_title is not None and c == last_column):
                    item.setFont(bold)  # the margins: true totals
                table.setItem(r, c, item)
        corner = grid.row_title
        if grid.column_title is not None:
            corner = _("%(rows)s (rows) by %(columns)s (columns)") % {
                "rows": grid.row_title,
                "columns": grid.column_title,
            }
        table.setAccessibleName(title)
        table.setAccessibleDescription(corner)
        table.setCornerButtonEnabled(False)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        _fit_height(table, rows_at_most=len(grid.row_labels))

    def _fill_details(self, grid: Grid, k: int, unit: str) -> None:
        lang = language()
        rows = [
            (grid.coordinates(r, c), withheld_kind(cell, lang), reason_text(cell, k, lang, unit))
            for r, row in enumerate(grid.cells)
            for c, cell in enumerate(row)
            if cell is not None and cell.value is None
        ]
        self.details.setRowCount(len(rows))
        for i, values in enumerate(rows):
            for j, text in enumerate(values):
                self.details.setItem(i, j, QTableWidgetItem(text))
        self.details.resizeColumnsToContents()
        self.details.horizontalHeader().setStretchLastSection(True)
        self.details_button.setVisible(bool(rows))
        if not rows:
            self.details_button.setChecked(False)
        elif self.details.isVisible():
            _fit_height(self.details, rows_at_most=200)

    def _legend(self, release: Release, grid: Grid, unit: str) -> str:
        parts = []
        if any(cell is not None and cell.value is None for row in grid.cells for cell in row):
            parts.append(
                _(
                    "%(mark)s = withheld: too few %(units)s (fewer than %(k)d), or withheld so "
                    "that such a number cannot be worked out. A withheld number may also be 0."
                )
                % {
                    "mark": WITHHELD_MARK,
                    "k": release.settings.k,
                    "units": unit_word(unit, language()),
                }
            )
        if release.settings.mode == "round5":
            parts.append(_("Numbers are rounded to a multiple of 5; totals are rounded apart."))
        else:
            parts.append(
                _(
                    "Totals (in bold) are true totals: the visible numbers can add up to less "
                    "than their total."
                )
            )
        if grid.column_title is not None:
            parts.append(
                _("Rows: %(rows)s. Columns: %(columns)s.")
                % {"rows": grid.row_title, "columns": grid.column_title}
            )
        return " ".join(parts)
