"""The app follows the desktop's light or dark theme: it draws with the system palette and never
sets colours of its own, so a dark palette gives dark screens."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from tests.ui.test_unlock_flow import _create
from ui.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "ui"
OWN_COLOURS = re.compile(r"setStyleSheet\(|QColor\(|setPalette\(|#[0-9a-fA-F]{6}\b")


def test_no_colours_of_its_own() -> None:
    offenders = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OWN_COLOURS.search(line)
    ]
    assert offenders == []


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
