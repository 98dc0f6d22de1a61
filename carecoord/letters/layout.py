"""Page layout shared by every printed document: A4, letterhead, window address, footer.

The first page follows the Dutch business-letter layout (NEN 1026-like): the letterhead at the
top left, the sender's details in a right-hand column, the recipient's address where the window
of a standard window envelope is (left, 50 mm from the top), then date, reference and subject.
Later pages carry a slim header with the reference. Every page ends in a footer with the
confidentiality marking and "pagina x van y"; the total is known only at the end, so pages are
held back by :class:`_NumberedCanvas` and written when the document is saved.

This module lays the pages out and writes the PDF; page one's blocks are drawn by
:mod:`carecoord.letters.first_page`, with the measures and styles of
:mod:`carecoord.letters.page_style`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from carecoord.letters import fonts
from carecoord.letters.formatting import BCP47
from carecoord.letters.model import Language
from carecoord.letters.page_style import (
    ACCENT,
    BOTTOM,
    FOOTER_Y,
    LATER_TOP,
    LEFT,
    MARK,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    RULE,
    TEXT_WIDTH,
    Styles,
)
from carecoord.letters.pdfa import finalise
from carecoord.letters.templates import Labels


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
