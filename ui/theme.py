"""The few accents CareCoord draws on top of the system palette, each checked for contrast.

The app follows the desktop's light or dark theme: every colour here is derived from the palette
(its highlight, window and base colours), then made darker or lighter until it meets WCAG's
contrast minimums against the colours it is drawn on (1.4.3: 4.5:1 for text, 1.4.11: 3:1 for
focus indicators and controls). This is the one module of ui/ that makes colours
(tests/ui/test_theme.py).

- A focus ring: a 3-pixel frame around the control that has the keyboard focus, whatever the
  style draws itself (WCAG 2.4.7; Fusion's own focus rectangle is a faint dotted line).
- The primary action of a form: a button in the highlight colour (never a default button: Enter
  stays the field's key, issue 12; the form's primary action runs with Ctrl+Enter).
- A field message: text in an error colour, next to a warning icon (never colour alone).

Imported and installed once the first frame is on screen (ui/main_window.py): the ring's widgets,
event filters and Qt enums cost the unlock screen's first frame nothing (issue 14). A button
marked primary before that (the unlock button) is painted at installation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

RING_WIDTH = 3
TEXT_CONTRAST = 4.5
CONTROL_CONTRAST = 3.0
# String values ("yes"): reading a bool property back leaked a reference to True under PySide6
# 6.12 (a "deallocating True" crash at exit).
PRIMARY_PROPERTY = "carecoord_primary"
ERROR_PROPERTY = "carecoord_field_message"


# -- contrast (WCAG 2.x relative luminance) ------------------------------------------------------
def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    return (
        0.2126 * _channel(colour.redF())
        + 0.7152 * _channel(colour.greenF())
        + 0.0722 * _channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def meeting(colour: QColor, backgrounds: list[QColor], minimum: float) -> QColor:
    """``colour``, darkened on light backgrounds or lightened on dark ones (same hue) until its
    contrast with every background is at least ``minimum``; black or white if nothing else is."""
    dark_ground = sum(luminance(b) for b in backgrounds) / len(backgrounds) < 0.18
    hsl: tuple[float, float, float, float] = colour.getHslF()  # type: ignore[assignment]
    hue, saturation, lightness, _alpha = hsl
    hue = max(hue, 0.0)  # -1 for a grey
    step = 0.02 if dark_ground else -0.02
    candidate = QColor(colour)
    for _i in range(60):
        if all(contrast(candidate, b) >= minimum for b in backgrounds):
            return candidate
        lightness = min(1.0, max(0.0, lightness + step))
        candidate = QColor.fromHslF(hue, saturation, lightness)
    return QColor(255, 255, 255) if dark_ground else QColor(0, 0, 0)


def focus_colour(palette: QPalette) -> QColor:
    """The highlight colour, drawn on the window and on list or field backgrounds: >= 3:1."""
    return meeting(
        palette.color(QPalette.ColorRole.Highlight),
        [palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)],
        CONTROL_CONTRAST,
    )


def error_colour(palette: QPalette) -> QColor:
    """A red for a field's message on the window background: text, so >= 4.5:1."""
    return meeting(
        QColor.fromHslF(0.0, 0.75, 0.45),
        [palette.color(QPalette.ColorRole.Window)],
        TEXT_CONTRAST,
    )


def primary_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """Button and text colour of the primary action: the highlight (>= 3:1 against the window,
    it is a control) with its own text colour (>= 4.5:1 against the button)."""
    button = focus_colour(palette)
    text = palette.color(QPalette.ColorRole.HighlightedText)
    if contrast(text, button) < TEXT_CONTRAST:
        black, white = QColor(0, 0, 0), QColor(255, 255, 255)
        text = black if contrast(black, button) >= contrast(white, button) else white
    return button, text


# -- the focus ring --------------------------------------------------------------------------------
class FocusRing(QFrame):
    """A frame around the focused control, a child of a window or a scroll area's viewport so that
    it is not cut off by a tight layout and scrolls with the control. It follows the control and
    every widget between them (moves, resizes, tab and page changes)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("carecoord_focus_ring")
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setLineWidth(RING_WIDTH)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []
        self.repaint_colour()

    def repaint_colour(self) -> None:
        palette = QPalette(QApplication.palette())
        palette.setColor(QPalette.ColorRole.WindowText, focus_colour(palette))
        self.setPalette(palette)

    def follow(self, widget: QWidget | None) -> None:
        for watched in self._watched:
            try:
                watched.removeEventFilter(self)
            except RuntimeError:  # closed with its window since
                pass
        self._watched = []
        self.target = None
        if widget is None or widget.isWindow() or widget is self:
            self.hide()
            return
        host = _host(widget)
        self.target = widget
        node: QWidget | None = widget
        while node is not None and node is not host:
            node.installEventFilter(self)
            self._watched.append(node)
            node = node.parentWidget()
        if self.parentWidget() is not host:
            self.setParent(host)
        self.place()

    def place(self) -> None:
        target, host = self.target, self.parentWidget()
        if target is None or host is None or not target.isVisible():
            self.hide()
            return
        corner = target.mapTo(host, target.rect().topLeft())
        w = RING_WIDTH
        self.setGeometry(
            corner.x() - w, corner.y() - w, target.width() + 2 * w, target.height() + 2 * w
        )
        # Above the control: the ring's inside is transparent, so only the frame covers it.
        self.raise_()
        self.show()

    def _place_later(self) -> None:
        try:
            self.place()
        except RuntimeError:  # the ring or its control was deleted meanwhile
            pass

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Moves, resizes, shows and hides of the control or any widget up to the host.
        if event.type() in _PLACE_EVENTS:
            QTimer.singleShot(0, self._place_later)
        return False


_PLACE_EVENTS = (
    QEvent.Type.Move,
    QEvent.Type.Resize,
    QEvent.Type.Show,
    QEvent.Type.Hide,
    QEvent.Type.ParentChange,
)


def _host(widget: QWidget) -> QWidget:
    """The nearest window or scroll-area viewport above ``widget``: room for the ring around it,
    and the clipping a scrolled control needs."""
    node = widget.parentWidget()
    while node is not None and not node.isWindow():
        above = node.parentWidget()
        if isinstance(above, QAbstractScrollArea) and above.viewport() is node:
            return node
        node = above
    return node if node is not None else widget.window()


class Theme(QObject):
    """The installed accents: the focus ring, and primary buttons and field messages repainted
    when the system palette changes (a switch to the dark theme)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring = FocusRing()
        app.focusChanged.connect(self._focus_changed)
        app.paletteChanged.connect(self._palette_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            tab_leaves(new)
        try:
            self.ring.follow(new)
        except RuntimeError:  # the ring went with a closed window: a new one
            self.ring = FocusRing()
            self.ring.follow(new)

    def _palette_changed(self, *_args: object) -> None:
        try:
            self.ring.repaint_colour()
        except RuntimeError:  # the ring went with a closed window: a new one
            self.ring = FocusRing()
        for window in QApplication.topLevelWidgets():
            for button in window.findChildren(QPushButton):
                if button.property(PRIMARY_PROPERTY) == "yes":
                    mark_primary(button)
            for widget in window.findChildren(QWidget):
                if widget.property(ERROR_PROPERTY) == "yes":
                    mark_message(widget)


def tab_leaves(widget: QWidget) -> None:
    """No field of CareCoord needs a literal tab: Tab moves on from a multi-line text box too."""
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setTabChangesFocus(True)


def install(app: QApplication | None = None) -> Theme | None:
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return None
    theme = app.findChild(Theme)
    if theme is None:
        theme = Theme(app)
        theme._palette_changed()
        theme._focus_changed(None, app.focusWidget())
    return theme


def mark_primary(button: QPushButton) -> None:
    """The form's primary action: filled with the highlight colour and in bold."""
    button.setProperty(PRIMARY_PROPERTY, "yes")
    palette = QPalette(QApplication.palette())
    fill, text = primary_colours(palette)
    palette.setColor(QPalette.ColorRole.Button, fill)
    palette.setColor(QPalette.ColorRole.ButtonText, text)
    button.setPalette(palette)
    font = button.font()
    font.setBold(True)
    button.setFont(font)


def mark_message(label: QWidget) -> None:
    """A field's message in the error colour (it always has an icon and words too)."""
    label.setProperty(ERROR_PROPERTY, "yes")
    palette = QPalette(QApplication.palette())
    palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
    label.setPalette(palette)
