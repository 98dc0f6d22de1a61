"""Icons from the Phosphor icon font that qtawesome ships (issue 17), drawn in the palette's colours.

qtawesome (MIT, kept by the Spyder project) paints a glyph of an icon font as a QIcon, at any
size and in any colour, so an icon follows the light or dark theme instead of being a bitmap
made for one of them. It reaches Qt through QtPy, which picks a binding by QT_API: _font() sets
it to PySide6 before the first import, so an installed PyQt is never loaded beside PySide6.

Only the Phosphor font is loaded (qtawesome's own singleton loads and hashes all twelve fonts it
ships, 6 MB). The bundle keeps only the glyphs named in ICONS (packaging/icon_font.py cuts the
1.5 MB font to a few KB), so an icon is used only when it is listed there.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QWidget

# qtawesome's name for the font, its file and its character map (qtawesome/fonts/).
FONT = ("ph", "phosphor-1.3.0.ttf", "phosphor-charmap-1.3.0.json")

# Every Phosphor icon the app shows: the bundle's font holds these glyphs only.
ICONS = frozenset(
    {
        # The navigation's pages (ui/navigation.py).
        "squares-four",
        "folders",
        "flag",
        "arrow-bend-up-right",
        "check-square",
        "chart-bar",
        "clock-counter-clockwise",
        "hourglass",
        "map-pin",
        "gear",
    }
)


def load_library() -> Any:
    """Imports qtawesome with QtPy told to use PySide6 (the vault worker does it during the
    unlock, ui/workspace_modules.py; importing makes no Qt object)."""
    # Explicit, before QtPy is first imported: QtPy reads QT_API once, at its import.
    os.environ["QT_API"] = "pyside6"
    from qtawesome import iconic_font

    return iconic_font


@cache
def _font() -> Any:
    """The one loaded icon font (after the QApplication exists: it registers a font with Qt)."""
    return load_library().IconicFont(FONT)


def themed_icon(name: str, palette: QPalette) -> QIcon:
    """The Phosphor icon ``name`` (e.g. ``"gear"``) in the palette's text colour, and in its
    highlighted-text colour where the item is selected (a list paints its selected row in the
    highlight colour), greyed when disabled."""
    if name not in ICONS:
        # Would show in development and be an empty square in the bundle's cut font.
        raise ValueError(f"icon {name!r} is not listed in ui.icons.ICONS")
    role = QPalette.ColorRole
    text = palette.color(role.Text)
    selected = palette.color(role.HighlightedText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, role.Text)
    icon: QIcon = _font().icon(
        f"ph.{name}",
        color=text,
        color_active=text,
        color_selected=selected,
        color_disabled=disabled,
        # qtawesome draws a glyph at 7/8 of the box; Phosphor's thin lines need the whole box
        # to be seen beside the text.
        scale_factor=1.15,
    )
    return icon


def font_square(widget: QWidget) -> QSize:
    """An icon as tall as a line of the widget's text, so it grows with the font and scale."""
    height = widget.fontMetrics().height()
    return QSize(height, height)
