"""Bar charts for counts, painted with QPainter in the system palette (issue 17).

Why no charting library: QtCharts ships only in the large PySide6-Addons wheel; pyqtgraph was
tried and dropped, because with PySide6 6.12 on Python 3.11 each item it adds to a plot loses a
reference to ``True`` (``GraphicsObject.itemChange``), and after about a hundred redraws the
process aborts ("bool_dealloc: deallocating True or False"). Bars, labels and numbers are a
hundred lines of QPainter, with no dependency and nothing added to the bundle.

The API is small on purpose (other pages reuse it):

- ``BarChart.show_counts(title, labels, values, withheld_label)``: one horizontal bar per
  category, first category on top, each with its number at the end of the bar.
- ``BarChart.show_trend(title, labels, values, withheld_label)``: one upright bar per period
  (quarters, months), oldest on the left, the number above each bar.
- ``BarChart.show_message(title, text)``: no bars, a sentence instead (nothing to draw).
- ``BarChart.set_alternative(table)``: the table that says the same in words; its accessible
  name goes into the chart's accessible description.

``values`` holds a count per label, or None for a withheld number: it is never drawn as 0 but
marked with ``withheld_label`` ("– withheld") where its bar would start. The chart is not a
focus stop and says every label and value in its accessible description; keyboard and
screen-reader users read the table that every caller puts beside the chart.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from carecoord.i18n import _

ROW_HEIGHT = 22  # pixels per horizontal bar
MIN_HEIGHT = 120
MAX_HEIGHT = 460
TREND_HEIGHT = 180
BAR = 0.7  # bar thickness, as a share of the category's slot
GAP = 6


def _describe(labels: list[str], values: list[int | None], withheld_label: str) -> str:
    return "; ".join(
        f"{label}: {withheld_label if value is None else value}"
        for label, value in zip(labels, values, strict=True)
    )


class _Canvas(QWidget):
    """Paints the bars of its chart; holds no data of its own."""

    def __init__(self, chart: BarChart) -> None:
        super().__init__(chart)
        self.chart = chart
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)

    def paintEvent(self, event: QPaintEvent) -> None:
        last = self.chart.drawn
        if last is None:
            return
        kind, labels, values, withheld_label = last
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        fill = palette.color(QPalette.ColorRole.Highlight)
        italic = QFont(self.font())
        italic.setItalic(True)
        metrics = QFontMetrics(self.font())
        if kind == "counts":
            self._counts(painter, metrics, italic, text, fill, labels, values, withheld_label)
        else:
            self._trend(painter, metrics, italic, text, fill, labels, values, withheld_label)
        painter.end()

    def _counts(self, painter, metrics, italic, text, fill, labels, values, withheld) -> None:  # type: ignore[no-untyped-def]
        width = self.width()
        # +2: text exactly as wide as its box would be elided by rounding.
        label_width = min(
            max((metrics.horizontalAdvance(lb) for lb in labels), default=0) + 2, int(width * 0.4)
        )
        x0 = GAP + label_width + GAP
        top = max((v for v in values if v is not None), default=0)
        room = metrics.horizontalAdvance(str(top)) + 2 * GAP
        span = max(width - x0 - room, 1)
        row = max(self.chart.row_height, 1)
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            y = GAP // 2 + i * row
            painter.setPen(text)
            painter.setFont(self.font())
            painter.drawText(
                QRectF(GAP, y, label_width, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width),
            )
            if value is None:
                painter.setFont(italic)
                painter.drawText(
                    QRectF(x0 + GAP, y, width - x0, row), Qt.AlignmentFlag.AlignVCenter, withheld
                )
                continue
            length = span * value / top if top else 0
            bar = QRectF(x0, y + row * (1 - BAR) / 2, length, row * BAR)
            painter.fillRect(bar, fill)
            painter.drawText(
                QRectF(x0 + length + GAP, y, room, row), Qt.AlignmentFlag.AlignVCenter, str(value)
            )
        painter.drawLine(x0, GAP // 2, x0, GAP // 2 + row * len(labels))

    def _trend(self, painter, metrics, italic, text, fill, labels, values, withheld) -> None:  # type: ignore[no-untyped-def]
        n = max(len(labels), 1)
        line = metrics.height()
        base = self.height() - line - GAP
        top_y = line + GAP
        slot = self.width() / n
        top = max((v for v in values if v is not None), default=0)
        painter.setPen(text)
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            x = i * slot
            painter.setFont(self.font())
            painter.drawText(QRectF(x, base + 2, slot, line), Qt.AlignmentFlag.AlignHCenter, label)
            if value is None:
                painter.setFont(italic)
                painter.drawText(
                    QRectF(x, base - line - 2, slot, line), Qt.AlignmentFlag.AlignHCenter, withheld
                )
                continue
            height = (base - top_y) * value / top if top else 0
            bar = QRectF(x + slot * (1 - BAR) / 2, base - height, slot * BAR, height)
            painter.fillRect(bar, fill)
            painter.drawText(
                QRectF(x, base - height - line - 2, slot, line),
                Qt.AlignmentFlag.AlignHCenter,
                str(value),
            )
        painter.drawLine(0, int(base), self.width(), int(base))


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
        self.plot = _Canvas(self)
        self.plot.setFixedHeight(min_height)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot)
        layout.addWidget(self.note)
        self.drawn: tuple[str, list[str], list[int | None], str] | None = None
        self._alternative: QWidget | None = None
        # What was drawn, for tests and for the accessible description.
        self.bars: list[tuple[str, int | None]] = []

    def show_counts(
        self, title: str, labels: list[str], values: list[int | None], withheld_label: str
    ) -> None:
        """One horizontal bar per label, first on top; None is marked withheld, not drawn."""
        height = 2 * GAP + self.row_height * len(labels)
        self._show("counts", title, labels, values, withheld_label)
        self.plot.setFixedHeight(min(MAX_HEIGHT, max(self.min_height, height)))

    def show_trend(
        self, title: str, labels: list[str], values: list[int | None], withheld_label: str
    ) -> None:
        """One upright bar per period label, oldest on the left; None is marked withheld."""
        self._show("trend", title, labels, values, withheld_label)
        self.plot.setFixedHeight(self.trend_height)

    def show_message(self, title: str, text: str) -> None:
        self.drawn = None
        self.bars = []
        self.plot.hide()
        self.title.setText(f"<b>{title}</b>")
        self.note.setText(text)
        self.note.show()
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)

    def set_alternative(self, table: QWidget) -> None:
        """Name the table that says the same in words (screen readers are pointed to it)."""
        self._alternative = table

    def _show(
        self, kind: str, title: str, labels: list[str], values: list[int | None], withheld: str
    ) -> None:
        self.drawn = (kind, list(labels), list(values), withheld)
        self.bars = list(zip(labels, values, strict=True))
        self.title.setText(f"<b>{title}</b>")
        self.note.hide()
        self.plot.show()
        self.plot.update()
        description = _describe(list(labels), list(values), withheld)
        alternative = self._alternative.accessibleName() if self._alternative else ""
        if alternative:
            description = (
                _("The table “%(table)s” shows the same numbers.") % {"table": alternative}
                + " "
                + description
            )
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
