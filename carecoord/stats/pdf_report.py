"""The PDF report: method, then per table a chart and the cross-tab, from published numbers only.

A table that carries a trend (carecoord/stats/trend.py) also gets its total per quarter as upright
bars with the small quarter table beside it; those quarters are only what registered exports (and
this one) published, never computed for the report. A withheld or unexported quarter has no bar.

Charts are drawn from what the CSV publishes (a chart of true counts would undo the suppression,
research/sdc.md §4): a withheld bar is not drawn (it is not 0) and its category says so; in
rounding mode the bars show rounded numbers. Labels are the code lists' Dutch ones, as on the
statistics page (carecoord/stats/grid.py). The file is PDF/A-2b (carecoord/letters/pdfa.py).
"""

from __future__ import annotations

import io
import math
from datetime import datetime
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from carecoord.letters.pdfa import finalise
from carecoord.stats.grid import bars_of, grid_of
from carecoord.stats.labels import advice_text, table_description
from carecoord.stats.period import Period
from carecoord.stats.release import PublishedCell, Release, TableRelease
from carecoord.stats.text import SUPPRESSED_MARK, explanation_nl
from carecoord.stats.trend import QuarterPoint, Trend

AVAILABLE = A4[0] - 36 * mm
WITHHELD_MARK = SUPPRESSED_MARK  # "–", as on the statistics page and in the workbook
TITLE = "Geanonimiseerde regionale cijfers mensenhandel"
FONT = "CareCoordStatsSans"
FONT_BOLD = "CareCoordStatsSans-Bold"
# DejaVu for now (the letters work will ship fonts in resources/); ReportLab's bundled Vera as a
# fallback on systems without DejaVu. Both are embedded as TrueType subsets.
_CANDIDATES = (
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
)


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    candidates = [*_CANDIDATES, (bundled / "Vera.ttf", bundled / "VeraBd.ttf")]
    for regular, bold in candidates:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            return
    raise FileNotFoundError("no TrueType font for the statistics report")


CHART_MAX_BARS_HEIGHT = 600  # points
WITHHELD_WORD = "geheim"
NOT_EXPORTED = "niet geëxporteerd"
BAR_COLOUR = colors.HexColor("#3b6e8f")
TREND_NOTE = (
    "Totaal per kwartaal: zoals de exports van die kwartalen het publiceerden (voor dezelfde "
    "gemeenten). {mark} = geheim; niet geëxporteerd = van dat kwartaal is (nog) geen export "
    "gemaakt. Latere correcties in de registratie kunnen het jaartotaal laten afwijken van de "
    "som van de kwartalen."
)


def _quarter_word(point: QuarterPoint) -> str:
    return f"kwartaal {point.quarter}"


def _quarter_shown(point: QuarterPoint) -> str:
    if point.state == "not_exported":
        return NOT_EXPORTED
    return WITHHELD_MARK if point.value is None else str(point.value)


def _category(point: QuarterPoint) -> str:
    if point.value is not None:
        return _quarter_word(point)
    if point.state == "withheld":
        return f"{_quarter_word(point)}\n({WITHHELD_MARK} {WITHHELD_WORD})"
    return f"{_quarter_word(point)}\n({NOT_EXPORTED})"


def _counting_bars(chart: HorizontalBarChart | VerticalBarChart, shown: list[int]) -> None:
    """The look both charts share: the report's font, bars in the accent, counts at the bars."""
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if shown:
        # Whole steps: counts have no halves (the axis would otherwise pick 0.5 or 0.01).
        chart.valueAxis.valueStep = max(1, math.ceil(max(shown) / 5))
    chart.valueAxis.labelTextFormat = "%d"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars[0].strokeColor = None


def trend_chart(trend: Trend) -> Drawing:
    """Upright bars of the four quarters; a withheld or unexported quarter draws no bar."""
    height = 120
    drawing = Drawing(170 * mm, height, initialFontName=FONT)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 30
    chart.width, chart.height = 140 * mm, height - 48
    chart.data = [trend.values]
    chart.categoryAxis.categoryNames = [_category(p) for p in trend.points]
    chart.categoryAxis.labels.textAnchor = "middle"  # both lines of a marked quarter centred
    _counting_bars(chart, [v for v in trend.values if v is not None])
    if all(v is None for v in trend.values):
        chart.valueAxis.valueMax = 1  # nothing to scale to; the axis still needs a range
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    drawing.add(chart)
    drawing.add(
        String(0, height - 8, f"Totaal per kwartaal, {trend.year}", fontName=FONT_BOLD, fontSize=7)
    )
    return drawing


def _trend_table(trend: Trend) -> Table:
    data: list[list[object]] = [["kwartaal", "aantal"]]
    data += [[_quarter_word(p), _quarter_shown(p)] for p in trend.points]
    flow = Table(data, colWidths=[35 * mm, 30 * mm], hAlign="LEFT")
    flow.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 6),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 6),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ]
        )
    )
    return flow


def _chart(table: TableRelease) -> Drawing | None:
    """Bars for the first dimension's categories (their totals), published numbers only.

    A withheld total gets no bar (it is not 0) and its category says "– geheim"; categories
    published as 0 are left out, the table below shows them.
    """
    dimension, bars = bars_of(table, "nl")
    shown = [b.value for b in bars if b.value is not None]
    if not shown:
        # Every bar withheld: an empty axis says nothing the table below does not.
        return None
    # At most a page's frame high (A4 less the margins): a region of 50+ municipalities would
    # otherwise make a chart that no page holds (reportlab's LayoutError).
    height = min(14 * len(bars), CHART_MAX_BARS_HEIGHT) + 30
    # The initial font too: an unused Helvetica would be a font PDF/A cannot embed.
    drawing = Drawing(170 * mm, height, initialFontName=FONT)
    chart = HorizontalBarChart()
    chart.x, chart.y = 55 * mm, 10
    chart.width, chart.height = 100 * mm, height - 20
    # Reversed so the first category is at the top, as in the table below. None draws no bar.
    chart.data = [[b.value for b in reversed(bars)]]
    chart.categoryAxis.categoryNames = [
        f"{b.label} ({WITHHELD_MARK} {WITHHELD_WORD})" if b.value is None else b.label
        for b in reversed(bars)
    ]
    _counting_bars(chart, shown)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, height - 8, dimension, fontName=FONT_BOLD, fontSize=7))
    return drawing


def _grid(table: TableRelease) -> Table:
    grid = grid_of(table, "nl", count_title="aantal")

    def shown(cell: PublishedCell | None) -> str:
        return "" if cell is None else WITHHELD_MARK if cell.value is None else str(cell.value)

    header = ParagraphStyle("header", fontName=FONT_BOLD, fontSize=6, leading=7)

    def head(text: str) -> Paragraph:
        return Paragraph(_escape(text), header)

    corner = grid.row_title
    if grid.column_title is not None:
        corner = f"{grid.row_title} \\ {grid.column_title}"
    data: list[list[object]] = [[head(corner), *[head(c) for c in grid.column_labels]]]
    for label, row in zip(grid.row_labels, grid.cells, strict=True):
        data.append([label, *[shown(cell) for cell in row]])
    cols = len(grid.column_labels)
    if grid.column_title is None:
        widths = [60 * mm, 25 * mm]
    else:
        first = 35 * mm
        widths = [first] + [min(20 * mm, (AVAILABLE - first) / cols)] * cols
    table_flow = Table(data, colWidths=widths, repeatRows=1)
    table_flow.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 6),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 6),  # the totals row
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ]
        )
    )
    return table_flow


def report_bytes(
    release: Release,
    *,
    export_id: str,
    created_at: datetime,
    app_version: str,
    trends: dict[str, Trend] | None = None,
) -> bytes:
    """``trends``: per table, its quarters as registered exports published them (trend.py)."""
    _register_fonts()
    # A trend with no quarter exported says nothing: it is left out.
    shown_trends = {
        t: trend
        for t, trend in (trends or {}).items()
        if any(p.state != "not_exported" for p in trend.points)
    }
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, bulletFontName=FONT)
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10)
    story: list[object] = [
        Paragraph(TITLE, title),
    ]
    if release.settings.mode == "round5":
        story.append(Paragraph("<b>Afgeronde cijfers (basis 5)</b>", body))
    for line in explanation_nl(release, WITHHELD_MARK):
        story.append(Paragraph(_escape(line), body))
    story.append(
        Paragraph(
            _escape(
                f"Export-id {export_id}, gemaakt {created_at.isoformat()}, CareCoord {app_version}."
            ),
            body,
        )
    )
    quarterly = Period.from_id(release.period_id).quarter is not None
    for table in release.tables:
        story.append(Paragraph(_escape(table.definition.title_nl), heading))
        story.append(Paragraph(_escape(table_description(table.table_id, "nl")), body))
        advice = advice_text(table, quarterly)
        if advice:
            story.append(Paragraph(_escape(advice), body))
        chart = _chart(table)
        if chart is not None:
            story.append(chart)
        story.append(Spacer(1, 4))
        story.append(_grid(table))
        if any(c.value is None for c in table.cells):
            story.append(Paragraph(_escape(f"{WITHHELD_MARK} = geheim."), body))
        trend = shown_trends.get(table.table_id)
        if trend is not None:
            # The bars, their quarter table and what they mean on one page.
            note = Paragraph(_escape(TREND_NOTE.format(mark=WITHHELD_MARK)), body)
            story.append(
                KeepTogether([Spacer(1, 6), trend_chart(trend), _trend_table(trend), note])
            )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=TITLE,
        author="CareCoord",
        invariant=1,
        # The canvas preamble sets Helvetica, which PDF/A cannot have unembedded.
        initialFontName=FONT,
        initialFontSize=9,
    )
    doc.build(story)
    # PDF/A-2b like the letters (archived by the recipients), dated with the export.
    return finalise(
        buffer.getvalue(), title=TITLE, author="CareCoord", lang="nl-NL", day=created_at.date()
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
