"""A form dialog whose OK runs a core call on the vault worker.

The dialog stays open with everything typed when the core refuses (the message says why), and
closes only after the change was committed. Cancel, Escape or the close button on a form with
typed input first ask whether to discard it. Enter never saves: a line edit, drop-down, date or
list keeps it, and no button is a default button; the form saves with OK or Ctrl+Enter, so a
stray Enter cannot store half a form (issue 12). A required choice still on "— choose —" is
named when saving, at the field. A value the core refuses is named at its field too, by the rule
it breaks (ui/field_messages.py): pydantic's own messages never reach the screen. OK is the
primary action (ui/theme.py), and the form opens with the focus on its first field. Locking discards without asking (it is
unconditional), after the idle warning has been shown in the form. Tests drive it with
:meth:`submit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord.errors import CareCoordError
from carecoord.i18n import _, ngettext
from ui import theme
from ui.field_messages import FieldMessages, form_fields, locate, rule_message
from ui.operations import perform
from ui.screen_fit import SMALLEST_SCREEN, TITLE_AND_PANEL, VerticalScroll
from ui.session import Session
from ui.widgets import ChoiceCombo, missing_choices

if TYPE_CHECKING:
    from carecoord.vault import Vault

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SAVE_SHORTCUTS = ("Ctrl+Return", "Ctrl+Enter")


def no_default_buttons(dialog: QDialog) -> None:
    """No button of ``dialog`` answers Enter: Enter is the fields' key, not the form's."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


def input_state(root: QWidget) -> list[object]:
    """What the inputs under ``root`` hold now, to tell whether anything was typed or picked."""
    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append(widget.currentIndex())
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
        elif isinstance(widget, QListWidget):
            state.append(tuple(widget.item(i).checkState() for i in range(widget.count())))
    return state


# The form's part of a dialog at most 528 pixels high: the smallest screen less the title bar,
# the panel, the buttons and the message lines under the form.
FORM_HEIGHT = SMALLEST_SCREEN.height() - TITLE_AND_PANEL - 80


class FormDialog(QDialog):
    saved = Signal(object)

    def __init__(self, session: Session, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Message"))
        self.lock_notice = QLabel()
        self.lock_notice.setWordWrap(True)
        self.lock_notice.setAccessibleName(_("Lock warning"))
        self.lock_notice.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        theme.mark_primary(self.save_button)
        # The model's field names a form knows, for messages at the field (subclasses add).
        self.fields: dict[str, QWidget] = {}
        self.messages = FieldMessages(self.form, self._message_cleared)
        for sequence in SAVE_SHORTCUTS:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save_by_key)
        no_default_buttons(self)
        # A long form scrolls (up and down only) so that the dialog with its buttons fits the
        # smallest screen, 1280×720 at 125 % (issue 17); every field stays in the tab order.
        self.form_area = QWidget()
        self.form_area.setLayout(self.form)
        self.form_scroll = VerticalScroll(self.form_area, most=FORM_HEIGHT)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.lock_notice)
        layout.addWidget(self.buttons)
        self._initial: list[object] | None = None
        self.discard_prompt: QMessageBox | None = None

    def showEvent(self, event: QShowEvent) -> None:
        first_show = self._initial is None
        if first_show:
            self._initial = input_state(self)
        super().showEvent(event)
        if first_show:
            self.focus_first_field()
        # Subclasses add buttons after __init__, and a button box makes OK default when shown.
        no_default_buttons(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter that a field did not use stops here (QDialog would press the default button);
        Ctrl+Enter saves, like the OK button."""
        if event.key() in ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.save_by_key()
            event.accept()
            return
        super().keyPressEvent(event)

    def focus_first_field(self) -> None:
        """The form opens where typing starts: its first field that takes the focus."""
        for widget in form_fields(self.form):
            target = widget.focusProxy() or widget
            if (
                target.isEnabled()
                and not widget.isHidden()
                and target.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def save_by_key(self) -> None:
        """Ctrl+Enter: the same as clicking OK, and only when OK could be clicked."""
        if self.buttons.isEnabled() and self.save_button.isEnabled():
            self.save_button.click()

    @property
    def has_unsaved_input(self) -> bool:
        return self._initial is not None and input_state(self) != self._initial

    def operation(self) -> Callable[[Vault], Any]:
        """Build the core call from the fields (may raise CareCoordError for bad input): an
        operation of ui/operations for a write, so that its change is announced."""
        raise NotImplementedError

    def submit(self) -> None:
        self.messages.clear_all()
        missing = missing_choices(self)
        if missing:
            for combo in self.findChildren(ChoiceCombo):
                if combo.accessibleName() in missing and combo.currentData() is None:
                    self.messages.show(combo, _("Choose a value."))
            self.error.setText(
                _("Not saved: choose a value for %(fields)s.") % {"fields": ", ".join(missing)}
            )
            self._fit_messages()
            return
        try:
            op = self.operation()
        except CareCoordError as exc:
            self.error.setText(exc.message)
            return
        except ValidationError as exc:
            self.show_validation(exc)
            return
        except ValueError:
            self.error.setText(_("Some fields are not valid; check the values."))
            return
        self.buttons.setEnabled(False)
        self.error.setText(_("Saving…"))
        perform(self.session, op, self._saved, self._refused)

    def show_validation(self, error: ValidationError) -> None:
        """Each refused value at its field, by the rule it breaks; what cannot be placed (a rule
        across fields) in the form's message line."""
        fields = {**self._named_fields(), **self.fields}
        candidates = form_fields(self.form)
        unplaced: list[str] = []
        for item in error.errors(include_input=False, include_url=False):
            text = rule_message(item)
            field = locate(item, fields, candidates)
            if field is not None and not self.messages.text(field):
                self.messages.show(field, text)
            elif field is None:
                unplaced.append(text)
        if unplaced:
            self.error.setText(_("Not saved: ") + " ".join(dict.fromkeys(unplaced)))
        elif len(error.errors()) > 1 and len(unplaced) == 0:
            self.error.setText(_("Not saved: see the messages at the fields."))
        else:
            self.error.setText(_("Not saved: see the message at the field."))
        self._fit_messages()

    def _named_fields(self) -> dict[str, QWidget]:
        """Fields kept as attributes named like the model's fields (``self.reference``)."""
        inputs = set(map(id, form_fields(self.form)))
        return {
            name: value
            for name, value in vars(self).items()
            if isinstance(value, QWidget) and id(value) in inputs
        }

    def _fit_messages(self) -> None:
        """Taller when field messages were added (a wrapped message needs its lines), never
        narrower or smaller than the coordinator made it."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    def _message_cleared(self) -> None:
        if not self.messages.shown:
            self.error.setText("")

    def _saved(self, result: object) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _refused(self, error: CareCoordError) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error.message)

    # -- leaving without saving ------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel, Escape, close: ask first when something was typed (the prompt does not block)."""
        if not self.has_unsaved_input:
            super().reject()
            return
        if self.discard_prompt is not None and self.discard_prompt.isVisible():
            return
        prompt = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unsaved input"),
            _("You have typed or changed something in this form. Discard it?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        prompt.button(QMessageBox.StandardButton.Discard).setText(_("&Discard"))
        prompt.button(QMessageBox.StandardButton.Cancel).setText(_("&Keep editing"))
        prompt.setDefaultButton(QMessageBox.StandardButton.Cancel)
        prompt.finished.connect(self._prompt_answered)
        self.discard_prompt = prompt
        prompt.open()

    def _prompt_answered(self, _result: int) -> None:
        prompt = self.discard_prompt
        if prompt is not None and prompt.clickedButton() is prompt.button(
            QMessageBox.StandardButton.Discard
        ):
            self.discard()

    def discard(self) -> None:
        """Close without asking: the input is dropped (used by the lock and the prompt)."""
        if self.discard_prompt is not None:
            self.discard_prompt.finished.disconnect(self._prompt_answered)
            self.discard_prompt.close()
            self.discard_prompt = None
        super().reject()

    def warn_lock(self, seconds: int) -> None:
        self.lock_notice.setText(
            ngettext(
                "Nothing has happened for a while: CareCoord locks in %(s)d second and discards"
                " what you typed here. Press a key or move the mouse to keep working.",
                "Nothing has happened for a while: CareCoord locks in %(s)d seconds and discards"
                " what you typed here. Press a key or move the mouse to keep working.",
                seconds,
            )
            % {"s": seconds}
        )
        self.lock_notice.setVisible(True)

    def clear_lock_warning(self) -> None:
        self.lock_notice.setVisible(False)
