"""Page layout shared by every printed document: A4, letterhead, window address, footer.

The first page follows the Dutch business-letter layout (NEN 1026-like): the letterhead at the
top left, the sender's details in a right-hand column, the recipient's address where the window
of a standard window envelope is (left, 50 mm from the top), then date, reference and subject.
Later pages carry a slim header with the reference. Every page ends in a footer with the
confidentiality marking and "pagina x van y"; the total is known only at the end, so pages are
held back by :class:`_NumberedCanvas` and written when the document is saved.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters import fonts
from carecoord.letters.formatting import BCP47
from carecoord.letters.model import Language, Letterhead, Recipient
from carecoord.letters.pdfa import finalise
from carecoord.letters.templates import Labels

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


@dataclass
class Page:
    """What the page decorations need; ``first_page`` draws the fixed blocks of page one."""

    labels: Labels
    styles: Styles
    organisation: str
    reference: str
    date_text: str
    first_page: Callable[[Canvas], None] | None = None
    first_frame_top: float = 40 * mm  # distance of page one's text frame from the top edge
    extra: dict[str, Any] = field(default_factory=dict)


def _draw_paragraph(
    canvas: Canvas, markup: str, style: ParagraphStyle, x: float, top: float, width: float
) -> float:
    """Draw a paragraph with its top edge ``top`` below the page top; return its height."""
    para = Paragraph(markup, style)
    _width, height = para.wrapOn(canvas, width, PAGE_HEIGHT)
    para.drawOn(canvas, x, PAGE_HEIGHT - top - height)
    return float(height)


def draw_confidential_mark(canvas: Canvas, labels: Labels, top: float) -> None:
    word = labels["confidential"].upper()
    canvas.saveState()
    canvas.setFont(fonts.SANS_BOLD, 8.5)
    canvas.setFillColor(MARK)
    canvas.setStrokeColor(MARK)
    width = canvas.stringWidth(word, fonts.SANS_BOLD, 8.5)
    x = PAGE_WIDTH - RIGHT - width
    y = PAGE_HEIGHT - top
    canvas.setLineWidth(0.8)
    canvas.rect(x - 4, y - 3.5, width + 8, 14, stroke=1, fill=0)
    canvas.drawString(x, y, word)
    canvas.restoreState()


def draw_letterhead(canvas: Canvas, page: Page, letterhead: Letterhead) -> None:
    """Logo and organisation top left; the sender's details in the right-hand column."""
    styles = page.styles
    top = 16 * mm
    text_x = LEFT
    if letterhead.logo_png:
        try:
            image = ImageReader(io.BytesIO(letterhead.logo_png))
            width_px, height_px = image.getSize()
        except Exception as exc:
            raise InputRejected(
                _(
                    "The letterhead logo is not a readable image; choose a PNG file. "
                    "Nothing was written."
                ),
                problems=[_("letterhead: logo unreadable")],
            ) from exc
        height = 16 * mm
        width = min(40 * mm, height * width_px / max(height_px, 1))
        height = width * height_px / max(width_px, 1)
        canvas.drawImage(image, LEFT, PAGE_HEIGHT - top - height, width, height, mask="auto")
        text_x = LEFT + width + 4 * mm
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.setFont(fonts.SANS_BOLD, 13)
    canvas.drawString(text_x, PAGE_HEIGHT - top - 11, letterhead.organisation)
    if letterhead.department:
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.SANS, 9)
        canvas.drawString(text_x, PAGE_HEIGHT - top - 24, letterhead.department)
    canvas.restoreState()

    lines = [f"<b>{text(letterhead.organisation)}</b>"]
    lines += [text(line) for line in letterhead.address_lines if line.strip()]
    contact = []
    if letterhead.phone:
        contact.append(f"{text(page.labels['phone'])} {text(letterhead.phone)}")
    if letterhead.email:
        contact.append(text(letterhead.email))
    markup = "<br/>".join(lines)
    if contact:
        markup += "<br/><br/>" + "<br/>".join(contact)
    _draw_paragraph(canvas, markup, styles.sender, SENDER_X, 26 * mm, PAGE_WIDTH - RIGHT - SENDER_X)


def draw_address_window(
    canvas: Canvas, page: Page, letterhead: Letterhead, recipient: Recipient
) -> None:
    """Return address and recipient where a window envelope shows them."""
    styles = page.styles
    return_line = ", ".join(
        part for part in (letterhead.organisation, *letterhead.address_lines) if part.strip()
    )
    used = _draw_paragraph(
        canvas,
        f"{text(page.labels['return_address'])}: {text(return_line)}",
        ParagraphStyle("ret", parent=styles.sender, fontSize=6.5, leading=8),
        LEFT,
        WINDOW_TOP - 6 * mm,
        WINDOW_WIDTH,
    )
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    y = PAGE_HEIGHT - (WINDOW_TOP - 6 * mm) - used - 1.5
    canvas.line(LEFT, y, LEFT + WINDOW_WIDTH - 10 * mm, y)
    canvas.restoreState()
    lines = [f"<b>{text(page.labels['confidential'].upper())}</b>", text(recipient.organisation)]
    if recipient.attention.strip():
        lines.append(text(recipient.attention))
    lines += [text(line) for line in recipient.address_lines if line.strip()]
    _draw_paragraph(canvas, "<br/>".join(lines), styles.address, LEFT, WINDOW_TOP, WINDOW_WIDTH)


def reference_block(rows: Sequence[tuple[str, str]], styles: Styles) -> Table:
    """Date, reference, contact… as label/value lines (values are paragraph markup)."""
    data = [
        [Paragraph(text(label), styles.label), Paragraph(value, styles.address)]
        for label, value in rows
    ]
    return table(data, [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH], labels=True)


def draw_reference_block(
    canvas: Canvas, page: Page, rows: Sequence[tuple[str, str]], top: float
) -> float:
    """Draw :func:`reference_block` ``top`` below the page top; returns its height."""
    block = reference_block(rows, page.styles)
    _width, height = block.wrapOn(canvas, TEXT_WIDTH, PAGE_HEIGHT)
    block.drawOn(canvas, LEFT, PAGE_HEIGHT - top - height)
    return float(height)


def block_height(flowable: Flowable) -> float:
    _width, height = flowable.wrap(TEXT_WIDTH, PAGE_HEIGHT)
    return float(height)


REFERENCE_TOP = WINDOW_TOP + 45 * mm


def setup_letter_page(
    page: Page, letterhead: Letterhead, recipient: Recipient, rows: Sequence[tuple[str, str]]
) -> None:
    """Page one of a letter: marking, letterhead, address window, date/reference block."""

    def first_page(canvas: Canvas) -> None:
        draw_confidential_mark(canvas, page.labels, 12 * mm)
        draw_letterhead(canvas, page, letterhead)
        draw_address_window(canvas, page, letterhead, recipient)
        draw_reference_block(canvas, page, rows, REFERENCE_TOP)

    page.first_page = first_page
    page.first_frame_top = REFERENCE_TOP + block_height(reference_block(rows, page.styles)) + 9 * mm


def setup_report_page(page: Page, letterhead: Letterhead | None) -> None:
    """Page one of a report handed to the client: marking, and the letterhead when there is one
    (the text starts lower to leave it room)."""

    def first_page(canvas: Canvas) -> None:
        draw_confidential_mark(canvas, page.labels, 12 * mm)
        if letterhead is not None:
            draw_letterhead(canvas, page, letterhead)

    page.first_page = first_page
    page.first_frame_top = (60 if letterhead is not None else 30) * mm


def _reference_line(page: Page) -> str:
    if not page.reference:
        return page.date_text
    return f"{page.labels['our_reference']} {page.reference}  ·  {page.date_text}"


def _later_header(canvas: Canvas, page: Page) -> None:
    canvas.saveState()
    canvas.setFont(fonts.SANS_BOLD, 8.5)
    canvas.setFillColor(ACCENT)
    canvas.drawString(LEFT, PAGE_HEIGHT - 14 * mm, page.organisation)
    canvas.setFont(fonts.SANS, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - RIGHT, PAGE_HEIGHT - 14 * mm, _reference_line(page))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(LEFT, PAGE_HEIGHT - 16.5 * mm, PAGE_WIDTH - RIGHT, PAGE_HEIGHT - 16.5 * mm)
    canvas.restoreState()


def _footer(canvas: Canvas, page: Page, number: int, total: int) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(LEFT, FOOTER_Y + 9, PAGE_WIDTH - RIGHT, FOOTER_Y + 9)
    canvas.setFont(fonts.SANS_BOLD, 7.5)
    canvas.setFillColor(MARK)
    mark = page.labels["confidential"].upper()
    canvas.drawString(LEFT, FOOTER_Y, mark)
    canvas.setFont(fonts.SANS, 7.5)
    canvas.setFillColor(MUTED)
    offset = canvas.stringWidth(mark, fonts.SANS_BOLD, 7.5)
    parts = [page.organisation]
    if page.reference:
        parts.append(f"{page.labels['our_reference']} {page.reference}")
    canvas.drawString(LEFT + offset, FOOTER_Y, "".join(f"  ·  {part}" for part in parts if part))
    page_text = page.labels["page"].replace("$pages", str(total)).replace("$page", str(number))
    canvas.drawRightString(PAGE_WIDTH - RIGHT, FOOTER_Y, page_text)
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds pages back until the end so the footer can say 'pagina 1 van N'."""

    page_info: Page

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            _footer(self, self.page_info, number, total)
            super().showPage()
        super().save()


def build_pdf(
    story: list[Flowable],
    page: Page,
    *,
    title: str,
    author: str,
    language: Language,
    day: dt.date,
) -> bytes:
    """Lay the story out on pages and return validated PDF/A-2b bytes (no file is touched)."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    frame_height_first = PAGE_HEIGHT - page.first_frame_top - BOTTOM
    first = Frame(
        LEFT,
        BOTTOM,
        TEXT_WIDTH,
        frame_height_first,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        LEFT,
        BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - LATER_TOP - BOTTOM,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def on_first(canvas: Canvas, _doc: Any) -> None:
        if page.first_page is not None:
            page.first_page(canvas)

    def on_later(canvas: Canvas, _doc: Any) -> None:
        _later_header(canvas, page)

    class Maker(_NumberedCanvas):
        page_info = page

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        subject="",
        creator="CareCoord",
        lang=BCP47[language],
        invariant=1,
        initialFontName=fonts.SANS,
        initialFontSize=10,
        pageTemplates=[
            PageTemplate(id="first", frames=[first], onPage=on_first),
            PageTemplate(id="later", frames=[later], onPage=on_later),
        ],
    )
    doc.build([NextPageTemplate("later"), *story], canvasmaker=Maker)
    return finalise(buffer.getvalue(), title=title, author=author, lang=BCP47[language], day=day)
