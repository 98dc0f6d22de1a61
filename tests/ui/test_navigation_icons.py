"""Issue 17: every page in the navigation has its own icon, drawn in the palette's colours (light
on a dark theme), and no title is cut, in Dutch or English."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QColor, QIcon, QImage, QPalette

from carecoord import i18n
from tests.ui.test_accessibility import section_names_cut
from ui.icons import _font
from ui.navigation import PAGES
from ui.navigation_list import Navigation
from ui.theme import luminance


def _pixels(image: QImage) -> list[QColor]:
    """The pixels the glyph covers (alpha > half), without the transparent background."""
    found = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 128:
                found.append(colour)
    return found


def _image(navigation: Navigation, row: int, mode: QIcon.Mode = QIcon.Mode.Normal) -> QImage:
    size = navigation.iconSize()
    return navigation.item(row).icon().pixmap(size, mode).toImage()


def test_every_page_has_its_own_icon(qtbot) -> None:  # type: ignore[no-untyped-def]
    navigation = Navigation()
    qtbot.addWidget(navigation)
    assert navigation.count() == len(PAGES) == 10
    images = []
    for row in range(navigation.count()):
        icon = navigation.item(row).icon()
        assert not icon.isNull(), navigation.item(row).text()
        image = _image(navigation, row)
        assert _pixels(image), f"{navigation.item(row).text()}: an empty icon"
        images.append(bytes(image.constBits()))
    assert len(set(images)) == len(images), "two pages share an icon"
    # As tall as a line of text; the item's name stays its title (the icon is decoration).
    assert navigation.iconSize().height() == navigation.fontMetrics().height()
    assert [navigation.item(r).text() for r in range(navigation.count())] == [
        i18n.gettext(t) for t in PAGES
    ]
    # QtPy was told to use PySide6, never a PyQt that happens to be installed.
    _font()
    assert os.environ["QT_API"] == "pyside6"


def test_icons_follow_a_dark_palette(qtbot) -> None:  # type: ignore[no-untyped-def]
    navigation = Navigation()
    qtbot.addWidget(navigation)
    light = [luminance(c) for c in _pixels(_image(navigation, 0))]
    dark = QPalette(QColor("#1e1e1e"))  # light text on a dark window, as a dark theme has
    dark.setColor(QPalette.ColorRole.Highlight, QColor("#3d6fd6"))
    dark.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    assert luminance(dark.color(QPalette.ColorRole.Text)) > 0.5
    navigation.setPalette(dark)  # the PaletteChange repaints the icons
    for row in range(navigation.count()):
        pixels = _pixels(_image(navigation, row))
        assert pixels and min(luminance(c) for c in pixels) > 0.5, navigation.item(row).text()
        selected = _pixels(_image(navigation, row, QIcon.Mode.Selected))
        assert selected and min(luminance(c) for c in selected) > 0.9
    # The default (light) palette's dark text made dark icons: the colour really changed.
    assert max(light) < 0.5


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_title_is_cut_beside_its_icon(qtbot, language) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language(language)  # tests/conftest.py restores the language afterwards
    navigation = Navigation()
    qtbot.addWidget(navigation)
    navigation.show()
    qtbot.waitExposed(navigation)
    assert section_names_cut(navigation) == []
    # Wider than the text alone would need: the icon's room is counted.
    widest = max(
        navigation.fontMetrics().horizontalAdvance(navigation.item(r).text())
        for r in range(navigation.count())
    )
    assert navigation.viewport().width() >= widest + navigation.iconSize().width() + 8
