"""Issue 17: the bundle's Phosphor font, cut to the icons ui/icons.py lists, draws each of them as
the whole font does (packaging/icon_font.py), and is a small part of the whole."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from ui.icons import FONT, ICONS, _font

ROOT = Path(__file__).resolve().parents[1]


def _cut_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("icon_font", ROOT / "packaging" / "icon_font.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("qapp")  # a font is registered with a running QApplication
def test_the_cut_font_draws_every_listed_icon_as_the_whole_font(tmp_path: Path) -> None:
    from qtawesome.iconic_font import IconicFont

    whole = _font()
    source = Path(whole._get_fonts_directory())
    prefix, ttf, charmap = FONT
    for name in (ttf, charmap):
        shutil.copy(source / name, tmp_path / name)
    _cut_module().cut(tmp_path, sorted(ICONS))
    assert (tmp_path / ttf).stat().st_size < (source / ttf).stat().st_size / 50
    cut = IconicFont()
    cut.load_font(prefix, ttf, charmap, directory=str(tmp_path))
    for name in sorted(ICONS):
        drawn = [
            font.icon(f"{prefix}.{name}", color="black").pixmap(QSize(32, 32)).toImage()
            for font in (whole, cut)
        ]
        assert drawn[0] == drawn[1], name
        assert any(drawn[1].pixelColor(x, y).alpha() for y in range(32) for x in range(32))


@pytest.mark.usefixtures("qapp")
def test_an_icon_not_listed_is_refused() -> None:
    # It would draw in development and be an empty square in the bundle's cut font.
    from PySide6.QtGui import QPalette

    from ui.icons import themed_icon

    assert "house" not in ICONS
    with pytest.raises(ValueError, match="ICONS"):
        themed_icon("house", QPalette())


def test_the_icon_font_licence_ships_with_the_app() -> None:
    """qtawesome's wheel carries the Phosphor font without its MIT licence; the app ships it
    (package data of ui/, so the bundle's spec collects it)."""
    from pathlib import Path

    licence = (
        Path(__file__).resolve().parent.parent / "ui" / "licenses" / "phosphor-icons-LICENSE.txt"
    )
    text = licence.read_text(encoding="utf-8")
    assert "MIT License" in text and "Phosphor Icons" in text
