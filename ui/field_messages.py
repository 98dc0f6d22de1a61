"""Messages at the field (WCAG 3.3.1, 3.3.3): the rule a value breaks, said next to the field in
the user's language, with a warning icon and words (never colour alone), and cleared as soon as
the field is changed.

The core's checks are pydantic models; their English messages (which also name Python field
names) never reach a person: each error is turned into a sentence that names the rule
(:func:`rule_message`) and placed at the field it concerns (:func:`locate`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStyle,
    QTextEdit,
    QWidget,
)

from carecoord.domain.client import REFERENCE_PATTERN
from carecoord.i18n import _, ngettext
from ui import theme
from ui.widgets import DateField

ErrorItem = Mapping[str, Any]


def rule_message(item: ErrorItem) -> str:
    """The rule behind one pydantic error, as a sentence for the coordinator."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    n = int(ctx.get("max_length", ctx.get("min_length", 1)))
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == REFERENCE_PATTERN:
        text = _(
            "Only letters, digits and . _ / - are allowed, starting with a letter or digit"
            " (at most 40 characters)."
        )
    elif kind == "string_pattern_mismatch":
        text = _("This value does not have the required form.")
    elif kind == "string_too_long":
        text = ngettext("At most %(n)d character.", "At most %(n)d characters.", n) % {"n": n}
    elif kind in ("string_too_short", "missing") and n <= 1:
        text = _("This field must be filled in.")
    elif kind == "too_short":
        text = ngettext("Choose at least %(n)d.", "Choose at least %(n)d.", n) % {"n": n}
    elif kind.startswith("date"):
        text = _("This is not a valid date.")
    else:
        text = _("This value is not accepted; check it.")
    return text


def text_of(widget: QWidget) -> str | None:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return None


def _breaks(widget: QWidget, item: ErrorItem) -> bool:
    """Whether ``widget``'s value could be the one ``item`` is about (for errors whose field
    has no name the form knows)."""
    text = text_of(widget)
    kind, ctx = str(item.get("type", "")), item.get("ctx") or {}
    if kind == "string_too_long":
        return text is not None and len(text.strip()) > int(ctx.get("max_length", 0))
    if kind in ("string_too_short", "missing"):
        return text is not None and not text.strip()
    if kind == "too_short":
        return isinstance(widget, QListWidget)
    if kind == "string_pattern_mismatch":
        return text is not None and bool(text.strip())
    return False


def locate(
    item: ErrorItem, fields: Mapping[str, QWidget], candidates: list[QWidget]
) -> QWidget | None:
    """The field an error concerns: by the model field's name when the form maps it, else the one
    field whose value breaks the rule."""
    loc = item.get("loc") or ()
    if loc and str(loc[0]) in fields:
        return fields[str(loc[0])]
    breaking = [w for w in candidates if _breaks(w, item)]
    return breaking[0] if len(breaking) == 1 else None


def form_fields(form: QFormLayout) -> list[QWidget]:
    """The field widgets of ``form``, in form order."""
    fields = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        widget = item.widget() if item is not None else None
        if widget is not None and not isinstance(widget, QLabel):
            fields.append(widget)
    return fields


# The signal of each kind of field that says its value was changed (first match wins).
_CHANGED = (
    (QLineEdit, "textEdited"),
    (QPlainTextEdit, "textChanged"),
    (QTextEdit, "textChanged"),
    (QComboBox, "currentIndexChanged"),
    (QDateEdit, "dateChanged"),
    (QAbstractSpinBox, "editingFinished"),
    (QListWidget, "itemChanged"),
    (QAbstractButton, "toggled"),
)


def _changed_signals(widget: QWidget) -> list[Any]:
    if isinstance(widget, DateField):
        known = [] if widget.known is None else [widget.known.toggled]
        return [widget.edit.dateChanged, *known]
    return [getattr(widget, name) for kind, name in _CHANGED if isinstance(widget, kind)][:1]


class FieldMessage(QWidget):
    """A warning icon and the rule, in the error colour, under its field."""

    def __init__(self, field: QWidget) -> None:
        super().__init__()
        self.field = field
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(icon.pixmap(size, size))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        theme.mark_message(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self.setAccessibleName(_("Message for %(field)s") % {"field": field.accessibleName()})


class FieldMessages:
    """The messages shown in one form; ``changed`` is called when one is cleared by typing."""

    def __init__(self, form: QFormLayout, changed: Callable[[], None] = lambda: None) -> None:
        self.form = form
        self.changed = changed
        self.shown: dict[int, FieldMessage] = {}
        self._watched: set[int] = set()
        self._marks: dict[int, Any] = {}  # the icon inside a line edit, by field

    def show(self, field: QWidget, text: str) -> None:
        message = self.shown.get(id(field))
        if message is None:
            row, _role = self._position(field)
            if row < 0:
                return
            message = FieldMessage(field)
            self.form.insertRow(row + 1, QLabel(), message)
            message.setVisible(True)  # added to a form on screen: not shown by itself
            self.shown[id(field)] = message
        message.text.setText(text)
        # Said by a screen reader with the field: its description holds the rule.
        field.setAccessibleDescription(text)
        if isinstance(field, QLineEdit) and id(field) not in self._marks:
            icon = field.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            action = field.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
            action.setToolTip(text)
            self._marks[id(field)] = action
        if id(field) not in self._watched:
            self._watched.add(id(field))
            for signal in _changed_signals(field):
                signal.connect(lambda *_a, f=field: self.clear(f))

    def _position(self, widget: QWidget) -> tuple[int, object]:
        position: tuple[int, object] = self.form.getWidgetPosition(widget)  # type: ignore[assignment]
        return position

    def clear(self, field: QWidget) -> None:
        message = self.shown.pop(id(field), None)
        if message is None:
            return
        self.form.removeRow(self._position(message)[0])
        field.setAccessibleDescription("")
        action = self._marks.pop(id(field), None)
        if action is not None:
            field.removeAction(action)
        self.changed()

    def clear_all(self) -> None:
        for message in list(self.shown.values()):
            self.clear(message.field)

    def text(self, field: QWidget) -> str:
        message = self.shown.get(id(field))
        return "" if message is None else message.text.text()
