"""The shipped fonts (Liberation 2, SIL OFL 1.1; licence beside them in resources/fonts).

Every document uses only these, embedded as subsets: PDF/A forbids unembedded fonts, and
ReportLab's defaults (Helvetica in the canvas preamble, in Table and in the sample styles) are
unembedded base-14 fonts (research/ecosystem.md §3, gotchas 1 and 2).
"""

from __future__ import annotations

import io
import threading
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "CareCoordSans"
SANS_BOLD = "CareCoordSans-Bold"
SANS_ITALIC = "CareCoordSans-Italic"
SANS_BOLD_ITALIC = "CareCoordSans-BoldItalic"
MONO = "CareCoordMono"
MONO_BOLD = "CareCoordMono-Bold"

FONT_FILES = {
    SANS: "LiberationSans-Regular.ttf",
    SANS_BOLD: "LiberationSans-Bold.ttf",
    SANS_ITALIC: "LiberationSans-Italic.ttf",
    SANS_BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
    MONO: "LiberationMono-Regular.ttf",
    MONO_BOLD: "LiberationMono-Bold.ttf",
}
LICENCE_FILE = "LICENSE-Liberation-OFL-1.1.txt"

_lock = threading.Lock()
_registered = False


def font_bytes(file_name: str) -> bytes:
    return resources.files("carecoord.resources").joinpath("fonts", file_name).read_bytes()


def register_fonts() -> None:
    """Register the fonts with ReportLab once per process (parsing costs ~10 ms per face).

    The bytes are read through importlib.resources and handed over in memory, so a frozen or
    zipped app needs no extracted copy on disk.
    """
    global _registered  # noqa: PLW0603 - ReportLab's font registry is process-global too
    with _lock:
        if _registered:
            return
        for name, file_name in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(font_bytes(file_name))))
        # <b>/<i> in paragraph markup resolve through these mappings.
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS_ITALIC)
        addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
        addMapping(MONO, 0, 0, MONO)
        addMapping(MONO, 1, 0, MONO_BOLD)
        addMapping(MONO, 0, 1, MONO)
        addMapping(MONO, 1, 1, MONO_BOLD)
        _registered = True


def unprintable(text: str) -> set[str]:
    """Characters of ``text`` the letter fonts have no glyph for.

    PDF/A forbids drawing the .notdef glyph (ISO 19005-2 §6.2.11.8), and a blank box in a
    name is worse than a clear refusal, so callers check user text before laying it out.
    """
    register_fonts()
    regular = pdfmetrics.getFont(SANS).face.charToGlyph
    bold = pdfmetrics.getFont(SANS_BOLD).face.charToGlyph
    return {
        ch
        for ch in set(text)
        if ch not in "\n\r\t" and (ord(ch) not in regular or ord(ch) not in bold)
    }
