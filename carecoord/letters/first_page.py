"""What page one of a document carries besides its text: the confidentiality marking, the
letterhead, the address in the envelope window and the date/reference block.

Each is drawn straight on the canvas at a fixed place (the Dutch business-letter layout, see
:mod:`carecoord.letters.layout`); :func:`setup_letter_page` and :func:`setup_report_page` hang
them on a :class:`~carecoord.letters.layout.Page` and say where page one's text may start.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters import fonts
from carecoord.letters.flowables import table, text
from carecoord.letters.layout import Page
from carecoord.letters.model import Letterhead, Recipient
from carecoord.letters.page_style import (
    ACCENT,
    LABEL_WIDTH,
    LEFT,
    MARK,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    RULE,
    SENDER_X,
    TEXT_WIDTH,
    WINDOW_TOP,
    WINDOW_WIDTH,
    Styles,
)
from carecoord.letters.templates import Labels


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
