"""The PDF report: method, then per table a chart and the cross-tab, from published numbers only.

Charts are drawn from what the CSV publishes (a chart of true counts would undo the suppression,
research/sdc.md §4): suppressed bars are left out and labelled ``x``; in rounding mode the bars
show rounded numbers.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from carecoord.stats.release import Release, TableRelease
from carecoord.stats.tables import TOTAL
from carecoord.stats.text import SUPPRESSED_MARK, TOTAL_LABEL, explanation_nl

AVAILABLE = A4[0] - 36 * mm
MAX_COLUMNS = 12
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


def _label(code: str) -> str:
    return TOTAL_LABEL if code == TOTAL else code


def _chart(table: TableRelease) -> Drawing | None:
    """Bars for the first dimension's categories (their totals), published numbers only."""
    values = {cell.coords: cell.value for cell in table.cells}
    rest = (TOTAL,) * (len(table.codes) - 1)
    codes = list(table.codes[0])
    shown = [values[(code, *rest)] for code in codes]
    if not any(v for v in shown):
        return None
    # At most a page's frame high (A4 less the margins): a region of 50+ municipalities would
    # otherwise make a chart that no page holds (reportlab's LayoutError).
    height = min(14 * len(codes), CHART_MAX_BARS_HEIGHT) + 30
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 10
    chart.width, chart.height = 110 * mm, height - 20
    # Reversed so the first category is at the top, as in the table below.
    chart.data = [[0 if v is None else v for v in reversed(shown)]]
    chart.categoryAxis.categoryNames = [
        f"{c} ({SUPPRESSED_MARK})" if v is None else c
        for c, v in zip(reversed(codes), reversed(shown), strict=True)
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#3b6e8f")
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(String(0, height - 8, table.dimension_names[0], fontName=FONT, fontSize=7))
    return drawing


def _grid(table: TableRelease) -> Table:
    values = {cell.coords: cell.value for cell in table.cells}

    def shown(v: int | None) -> str:
        return SUPPRESSED_MARK if v is None else str(v)

    header = ParagraphStyle("header", fontName=FONT_BOLD, fontSize=6, leading=7)

    def head(text: str) -> Paragraph:
        # Zero-width spaces let long codes such as transport_logistics wrap in narrow columns.
        return Paragraph(_escape(text).replace("_", "_\u200b"), header)

    data: list[list[object]]
    if len(table.codes) == 1:
        data = [[head(table.dimension_names[0]), head("aantal")]]
        data += [[_label(c), shown(values[(c,)])] for c in (*table.codes[0], TOTAL)]
        widths = [60 * mm, 25 * mm]
    else:
        rows, cols = (*table.codes[0], TOTAL), (*table.codes[1], TOTAL)
        names = table.dimension_names
        flipped = len(cols) > MAX_COLUMNS and len(rows) < len(cols)
        if flipped:  # wide tables read better on a portrait page the other way round
            rows, cols = cols, rows
            names = (names[1], names[0])
        data = [[head(f"{names[0]} \\ {names[1]}")]]
        data[0] += [head(_label(c)) for c in cols]
        for row in rows:
            data.append(
                [
                    _label(row),
                    *[shown(values.get((c, row) if flipped else (row, c))) for c in cols],
                ]
            )
        first = 30 * mm
        widths = [first] + [min(20 * mm, (AVAILABLE - first) / len(cols))] * len(cols)
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 6),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ]
        )
    )
    return grid


def report_bytes(
    release: Release, *, export_id: str, created_at: datetime, app_version: str
) -> bytes:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10)
    story: list[object] = [
        Paragraph("Geanonimiseerde regionale cijfers mensenhandel", title),
    ]
    if release.settings.mode == "round5":
        story.append(Paragraph("<b>Afgeronde cijfers (basis 5)</b>", body))
    for line in explanation_nl(release):
        story.append(Paragraph(_escape(line), body))
    story.append(
        Paragraph(
            _escape(
                f"Export-id {export_id}, gemaakt {created_at.isoformat()}, CareCoord {app_version}."
            ),
            body,
        )
    )
    for table in release.tables:
        story.append(Paragraph(_escape(table.definition.title_nl), heading))
        if table.advice:
            story.append(Paragraph(_escape(table.advice), body))
        chart = _chart(table)
        if chart is not None:
            story.append(chart)
        story.append(Spacer(1, 4))
        story.append(_grid(table))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Geanonimiseerde regionale cijfers mensenhandel",
        author="CareCoord",
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
