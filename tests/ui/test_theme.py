"""The app follows the desktop's light or dark theme: it draws with the system palette, and its few
accents (focus ring, primary button, field messages) are derived from that palette in ui/theme.py
and meet WCAG's contrast minimums in light and dark palettes alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from tests.ui.test_unlock_flow import _create
from ui import theme
from ui.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "ui"
OWN_COLOURS = re.compile(r"setStyleSheet\(|QColor\(|setPalette\(|#[0-9a-fA-F]{6}\b")


def test_no_colours_of_its_own() -> None:
    """Only ui/theme.py makes colours, and only from the palette."""
    offenders = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "theme.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OWN_COLOURS.search(line)
    ]
    assert offenders == []
    assert not re.search(r"#[0-9a-fA-F]{6}\b", (UI / "theme.py").read_text(encoding="utf-8"))


def _palette(window: str, base: str, text: str, highlight: str, highlighted: str) -> QPalette:
    palette = QPalette()
    for role, name in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.Highlight, highlight),
        (QPalette.ColorRole.HighlightedText, highlighted),
    ):
        palette.setColor(role, QColor(name))
    return palette


# Fusion's light palette, a dark desktop palette, and two that fail without adjustment: a pale
# highlight on white, and a dark highlight with dark text on a dark window.
PALETTES = {
    "fusion light": _palette("#efefef", "#ffffff", "#000000", "#308cc6", "#ffffff"),
    "dark": _palette("#1e1e1e", "#141414", "#e6e6e6", "#2a5d8a", "#ffffff"),
    "pale highlight": _palette("#ffffff", "#ffffff", "#000000", "#cfe8ff", "#ffffff"),
    "dark on dark": _palette("#202020", "#101010", "#eeeeee", "#303060", "#000000"),
}


def test_contrast_ratio_is_wcags() -> None:
    assert theme.contrast(QColor(0, 0, 0), QColor(255, 255, 255)) == pytest.approx(21.0)
    assert theme.contrast(QColor(119, 119, 119), QColor(255, 255, 255)) == pytest.approx(
        4.48, abs=0.01
    )
    assert theme.contrast(QColor(90, 90, 90), QColor(90, 90, 90)) == pytest.approx(1.0)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_accents_meet_the_contrast_minimums(name: str) -> None:
    palette = PALETTES[name]
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    ring = theme.focus_colour(palette)
    # WCAG 1.4.11: a focus indicator and a control's edge, against what is around it.
    assert theme.contrast(ring, window) >= 3.0
    assert theme.contrast(ring, base) >= 3.0
    # WCAG 1.4.3: a field's message is text.
    assert theme.contrast(theme.error_colour(palette), window) >= 4.5
    fill, text = theme.primary_colours(palette)
    assert theme.contrast(fill, window) >= 3.0
    assert theme.contrast(text, fill) >= 4.5
    # The accent stays the desktop's own where it already meets the minimum.
    if name == "fusion light":
        assert ring.name() == palette.color(QPalette.ColorRole.Highlight).name()


def _lightness(window: MainWindow) -> float:
    image = window.grab().toImage()
    # A strip of the status bar and the unlock page background, away from any text.
    samples = [image.pixelColor(x, image.height() - 3) for x in range(5, 60, 5)]
    return sum(c.lightnessF() for c in samples) / len(samples)


def test_a_dark_palette_gives_dark_screens(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = _lightness(window)
    original = app.palette()
    dark = QPalette(original)
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(30, 30, 30)),
        (QPalette.ColorRole.Base, QColor(20, 20, 20)),
        (QPalette.ColorRole.WindowText, QColor(230, 230, 230)),
        (QPalette.ColorRole.Text, QColor(230, 230, 230)),
        (QPalette.ColorRole.Button, QColor(45, 45, 45)),
    ):
        dark.setColor(role, colour)
    try:
        app.setPalette(dark)
        qtbot.wait(20)
        assert _lightness(window) < 0.25 < light
        _create(qtbot, window)
        assert _lightness(window) < 0.25
    finally:
        app.setPalette(original)


def test_the_focus_ring_shows_in_a_dark_palette(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_accessibility import invisible_focus

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    try:
        app.setPalette(PALETTES["dark"])
        qtbot.wait(20)
        assert invisible_focus(qtbot, window) == []
        ring = theme.install().ring  # type: ignore[union-attr]
        colour = ring.palette().color(QPalette.ColorRole.WindowText)
        assert theme.contrast(colour, PALETTES["dark"].color(QPalette.ColorRole.Window)) >= 3.0
    finally:
        app.setPalette(original)
