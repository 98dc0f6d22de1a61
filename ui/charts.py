"""Bar charts for counts, drawn with pyqtgraph in the system palette (issue 17).

Why pyqtgraph: QtCharts ships only in the large PySide6-Addons wheel; pyqtgraph is pure Python,
draws with the Qt we already ship and uses the numpy the statistics already need.

The API is small on purpose (other pages reuse it):

- ``BarChart.show_counts(title, labels, values, withheld_label)``: one horizontal bar per
  category, first category on top, each with its number at the end of the bar.
- ``BarChart.show_trend(title, labels, values, withheld_label)``: one upright bar per period
  (quarters, months), oldest on the left.
- ``BarChart.show_message(title, text)``: no bars, a sentence instead (nothing to draw).

``values`` holds a count per label, or None for a withheld number: it is never drawn as 0 but
marked with ``withheld_label`` ("– withheld") where its bar would start. The chart is not a
focus stop and says in its accessible description every label and value, but screen-reader
users and keyboard users are meant to read the table that every caller puts beside the chart;
the caller names that table in ``alternative`` (``set_alternative``).
"""

from __future__ import annotations

import os

# pyqtgraph picks its Qt binding from what is imported, else from this variable: pin PySide6 so
# that a PyQt installed beside us can never be chosen (and the frozen build finds only PySide6).
os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from carecoord.i18n import _

ROW_HEIGHT = 22  # pixels per horizontal bar
MIN_HEIGHT = 120
MAX_HEIGHT = 460
TREND_HEIGHT = 180
BAR = 0.7  # bar thickness, as a share of the category's slot


def _describe(labels: list[str], values: list[int | None], withheld_label: str) -> str:
    return "; ".join(
        f"{label}: {withheld_label if value is None else value}"
        for label, value in zip(labels, values, strict=True)
    )


class BarChart(QWidget):
    """A titled bar chart of counts; the caller keeps the table it draws next to it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        trend_height: int = TREND_HEIGHT,
        row_height: int = ROW_HEIGHT,
        min_height: int = MIN_HEIGHT,
    ) -> None:
        """``trend_height``: the height of a trend; ``row_height`` and ``min_height``: of a
        horizontal bar and of the whole counts chart (small charts on the dashboard)."""
        super().__init__(parent)
        self.trend_height = trend_height
        self.row_height = row_height
        self.min_height = min_height
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Fixed from the start: the plot's own size hint (about 640 × 480) would make the window
        # taller than a 768-pixel screen before anything is drawn.
        self.plot.setFixedHeight(min_height)
        self.plot.setMinimumWidth(120)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot)
        layout.addWidget(self.note)
        self._last: tuple[str, str, list[str], list[int | None], str] | None = None
        self._alternative: QWidget | None = None
        # What was drawn, for tests and for the accessible description.
        self.bars: list[tuple[str, int | None]] = []

    # -- the API -----------------------------------------------------------------------------

    def show_counts(
        self, title: str, labels: list[str], values: list[int | None], withheld_label: str
    ) -> None:
        """One horizontal bar per label, first on top; None is marked withheld, not drawn."""
        self._last = ("counts", title, list(labels), list(values), withheld_label)
        self._draw()

    def show_trend(
        self, title: str, labels: list[str], values: list[int | None], withheld_label: str
    ) -> None:
        """One upright bar per period label, oldest on the left; None is marked withheld."""
        self._last = ("trend", title, list(labels), list(values), withheld_label)
        self._draw()

    def show_message(self, title: str, text: str) -> None:
        self._last = None
        self.bars = []
        self.plot.clear()
        self.plot.hide()
        self.title.setText(f"<b>{title}</b>")
        self.note.setText(text)
        self.note.show()
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)

    def set_alternative(self, table: QWidget) -> None:
        """Name the table that says the same in words (screen readers are pointed to it)."""
        self._alternative = table
        if self._last is not None:
            self._draw()

    # -- drawing -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        # A theme switch changes the palette: draw again in its colours.
        if event.type() == QEvent.Type.PaletteChange and self._last is not None:
            self._draw()
        super().changeEvent(event)

    def _draw(self) -> None:
        assert self._last is not None
        kind, title, labels, values, withheld_label = self._last
        self.bars = list(zip(labels, values, strict=True))
        self.title.setText(f"<b>{title}</b>")
        self.note.hide()
        self.plot.show()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        fill = palette.color(QPalette.ColorRole.Highlight)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        item = self.plot.getPlotItem()
        item.clear()
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
        if kind == "counts":
            self._draw_counts(item, labels, values, withheld_label, fill, text)
        else:
            self._draw_trend(item, labels, values, withheld_label, fill, text)
        description = _describe(labels, values, withheld_label)
        alternative = self._alternative.accessibleName() if self._alternative else ""
        if alternative:
            description = (
                _("The table “%(table)s” shows the same numbers.") % {"table": alternative}
                + " "
                + description
            )
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.plot.setAccessibleName(title)
        self.plot.setAccessibleDescription(description)

    def _draw_counts(self, item, labels, values, withheld_label, fill, text) -> None:  # type: ignore[no-untyped-def]
        n = len(labels)
        positions = list(range(n))
        shown = [(p, v) for p, v in zip(positions, values, strict=True) if v is not None]
        top = max((v for _p, v in shown), default=0)
        span = max(top, 1) * 1.18  # room for the number at the end of the longest bar
        if shown:
            item.addItem(
                pg.BarGraphItem(
                    x0=0,
                    y=[p for p, _v in shown],
                    height=BAR,
                    width=[v for _p, v in shown],
                    brush=pg.mkBrush(fill),
                    pen=pg.mkPen(None),
                )
            )
        for position, value in zip(positions, values, strict=True):
            mark = self._text(withheld_label if value is None else str(value), text, value is None)
            mark.setPos(0 if value is None else value, position)
            mark.setAnchor((0, 0.5))
            item.addItem(mark)
        left = item.getAxis("left")
        left.setTicks([[(p, label) for p, label in zip(positions, labels, strict=True)], []])
        item.getAxis("bottom").setTicks(None)
        item.getViewBox().invertY(True)  # first category on top, as in the table
        item.setXRange(0, span, padding=0)
        item.setYRange(-0.6, max(n - 1, 0) + 0.6, padding=0)
        # The numbers are printed on the bars: no value axis (whose 0.5 steps mean nothing).
        item.hideAxis("bottom")
        item.showAxis("left")
        self.plot.setFixedHeight(min(MAX_HEIGHT, max(self.min_height, 16 + self.row_height * n)))

    def _draw_trend(self, item, labels, values, withheld_label, fill, text) -> None:  # type: ignore[no-untyped-def]
        n = len(labels)
        positions = list(range(n))
        shown = [(p, v) for p, v in zip(positions, values, strict=True) if v is not None]
        top = max((v for _p, v in shown), default=0)
        if shown:
            item.addItem(
                pg.BarGraphItem(
                    x=[p for p, _v in shown],
                    y0=0,
                    width=BAR,
                    height=[v for _p, v in shown],
                    brush=pg.mkBrush(fill),
                    pen=pg.mkPen(None),
                )
            )
        for position, value in zip(positions, values, strict=True):
            mark = self._text(withheld_label if value is None else str(value), text, value is None)
            mark.setPos(position, 0 if value is None else value)
            mark.setAnchor((0.5, 1))
            item.addItem(mark)
        item.getAxis("bottom").setTicks(
            [[(p, label) for p, label in zip(positions, labels, strict=True)], []]
        )
        item.getAxis("left").setTicks(None)
        item.getViewBox().invertY(False)
        item.setXRange(-0.6, max(n - 1, 0) + 0.6, padding=0)
        item.setYRange(0, max(top, 1) * 1.25, padding=0)
        item.hideAxis("left")
        item.showAxis("bottom")
        self.plot.setFixedHeight(self.trend_height)

    def _text(self, words: str, colour, withheld: bool) -> pg.TextItem:  # type: ignore[no-untyped-def]
        mark = pg.TextItem(words, color=colour)
        if withheld:
            font = QFont(self.font())
            font.setItalic(True)
            mark.setFont(font)
        return mark
