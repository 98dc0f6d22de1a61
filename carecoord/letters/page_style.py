"""The measures, colours and paragraph styles every printed document shares.

One place for the A4 geometry (margins, the window-envelope position, the footer line) and the
house style, so that letters, reports and the recovery sheet look alike; the page decorations
(:mod:`carecoord.letters.first_page`, :mod:`carecoord.letters.layout`) and the story's tables
(:mod:`carecoord.letters.flowables`) draw with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from carecoord.letters import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 25 * mm
RIGHT = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
LABEL_WIDTH = 38 * mm  # one label column for every label/value block, so values line up
SENDER_X = 135 * mm
WINDOW_TOP = 50 * mm  # from the top edge, as envelope windows are specified
WINDOW_WIDTH = 85 * mm
FOOTER_Y = 14 * mm
BOTTOM = 24 * mm
LATER_TOP = 26 * mm

INK = colors.Color(0.13, 0.13, 0.13)
MUTED = colors.Color(0.38, 0.38, 0.38)
RULE = colors.Color(0.72, 0.72, 0.72)
ACCENT = colors.Color(0.12, 0.27, 0.45)  # a sober municipal blue
MARK = colors.Color(0.62, 0.09, 0.09)  # the confidentiality marking
BOX = colors.Color(0.945, 0.95, 0.96)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    sender: ParagraphStyle
    address: ParagraphStyle
    notice: ParagraphStyle
    mono_key: ParagraphStyle
    bullet: ParagraphStyle


def make_styles() -> Styles:
    fonts.register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=fonts.SANS,
        bulletFontName=fonts.SANS,  # the default bullet font is Helvetica, never embedded
        fontSize=10,
        leading=14.5,
        textColor=INK,
        spaceAfter=7,
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5, spaceAfter=0),
        label=ParagraphStyle(
            "label", parent=body, fontSize=8.5, leading=14.5, textColor=MUTED, spaceAfter=0
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.SANS_BOLD,
            fontSize=10.5,
            leading=14,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=True,
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts.SANS_BOLD,
            fontSize=16,
            leading=21,
            textColor=ACCENT,
            spaceAfter=10,
        ),
        sender=ParagraphStyle(
            "sender", parent=body, fontSize=8, leading=11, textColor=MUTED, spaceAfter=0
        ),
        address=ParagraphStyle("address", parent=body, fontSize=10, leading=13.5, spaceAfter=0),
        notice=ParagraphStyle(
            "notice",
            parent=body,
            fontName=fonts.SANS_ITALIC,
            fontSize=8,
            leading=10.5,
            textColor=MUTED,
            spaceBefore=10,
        ),
        mono_key=ParagraphStyle(
            "mono_key",
            parent=body,
            fontName=fonts.MONO_BOLD,
            fontSize=22,
            leading=34,
            textColor=INK,
        ),
        bullet=ParagraphStyle(
            "bullet", parent=body, leftIndent=5 * mm, bulletIndent=0, spaceAfter=4
        ),
    )
