"""The pieces a document's story is built of: escaped text, label/value tables, ruled lists and
the opening every report starts with, all in the house fonts (reportlab's defaults are
Helvetica, which is never embedded and so would break PDF/A).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from carecoord.letters import fonts
from carecoord.letters.page_style import ACCENT, BOX, LABEL_WIDTH, RULE, TEXT_WIDTH, Styles
from carecoord.letters.templates import Labels


def text(value: str) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def ruled(flowable: Table, *, header: bool = False) -> Table:
    """A list table: a thin rule under every row; with ``header`` the first row is shaded and
    repeated on every page."""
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.insert(0, ("BACKGROUND", (0, 0), (-1, 0), BOX))
        flowable.repeatRows = 1
    flowable.setStyle(commands)
    return flowable


def report_opening(
    heading: str, labels: Labels, styles: Styles, reference: Flowable, date: Flowable
) -> list[Flowable]:
    """A report's title with the reference and date under it, as every report opens."""
    return [
        Paragraph(text(heading), styles.title),
        table(
            [
                [Paragraph(text(labels["our_reference"]), styles.label), reference],
                [Paragraph(text(labels["date"]), styles.label), date],
            ],
            [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
            labels=True,
        ),
        Spacer(1, 3 * mm),
    ]


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    box: bool = False,
    labels: bool = False,
) -> Table:
    """A borderless label/value table; every cell's font is ours (Table defaults to Helvetica)."""
    result = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    if labels:
        # Labels are set smaller than values; lower them so both share a baseline.
        commands.append(("TOPPADDING", (0, 0), (0, -1), 2.35))
    if box:
        commands += [
            ("BACKGROUND", (0, 0), (-1, -1), BOX),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, 0), 7),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
        ]
    result.setStyle(TableStyle(commands))
    return result
