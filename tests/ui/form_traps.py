"""Checks for the traps a form can set (issue 12), used on every dialog the screen walk reaches.

- Enter, in every kind of field and on every button of a form, neither saves nor closes it;
  Ctrl+Enter saves.
- A form opens with no code chosen for the coordinator.
- No button of a form dialog answers Enter (no default or auto-default button).

Saving is observed by replacing ``submit`` of every form class (:func:`record_submits`), so the
walk itself never changes the vault.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.dialogs.base import FormDialog
from ui.dialogs.new_case import NewCaseDialog
from ui.widgets import ChoiceCombo, CodeCombo

SUBMITTED: list[QDialog] = []

# Code lists a form may preselect, and why: each is a suggestion the coordinator sees at once.
SUGGESTED = {
    "phase": "the next phase in the process, never 'closed'",
    "exit_milestone": "the first milestone not reached yet",
    "exit_outcome": "the outcome recorded before (changing it)",
    "life_domain": "the plan item selected in the list (editing it)",
    "identification_route": "the route recorded before (changing it)",
    "case_goal_domain": "the goal selected in the list (editing it)",
    "contact_role": "the contact selected in the list (editing it)",
}
# Drop-downs that are not codes about the client: a setting shown as it is now.
NOT_CODES = {"RulesDialog": "the current retention rules", "EraseDialog": "anonymise or destroy"}

ENTER_KINDS: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QCheckBox,
    QPlainTextEdit,
    QPushButton,
)


def _import_all_ui_modules() -> None:
    """The app imports dialog modules when first used (fast start), so a form class exists only
    once its module is imported; import them all, or a form's submit escapes the patch depending
    on which tests ran before."""
    import pkgutil

    import ui

    for module in pkgutil.walk_packages(ui.__path__, "ui."):
        if module.name not in ("ui.__main__", "ui.screenshots", "ui.smoke_test"):
            importlib.import_module(module.name)


def _form_classes() -> Iterator[type[FormDialog]]:
    _import_all_ui_modules()
    todo: list[type[FormDialog]] = [FormDialog]
    while todo:
        cls = todo.pop()
        yield cls
        todo.extend(cls.__subclasses__())


def record_submits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every form's submit records the form instead of saving (set before any form is built,
    because the OK button is connected to the bound method when the form is made)."""
    SUBMITTED.clear()
    for cls in _form_classes():
        if "submit" in cls.__dict__:
            monkeypatch.setattr(cls, "submit", lambda self: SUBMITTED.append(self))  # noqa: PLW0108 (bound as a method)


def _windows() -> set[QWidget]:
    return {
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()
    }


def _shown(dialog: QWidget, kind: type[QWidget]) -> list[QWidget]:
    return [
        w
        for w in dialog.findChildren(kind)
        if w.isVisibleTo(dialog) and w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]


def default_button_problems(dialog: QDialog) -> list[str]:
    if isinstance(dialog, QMessageBox) or not _has_input(dialog):
        return []
    return [
        f"button {b.text()!r} answers Enter"
        for b in dialog.findChildren(QPushButton)
        if b.isVisibleTo(dialog) and (b.autoDefault() or b.isDefault())
    ]


def _has_input(dialog: QDialog) -> bool:
    return any(_shown(dialog, kind) for kind in (QLineEdit, QComboBox, QCheckBox, QAbstractSpinBox))


def initial_state_problems(dialog: QDialog) -> list[str]:
    """Every code drop-down of a form starts on "— choose —" unless it is a listed suggestion."""
    problems = []
    from_signal = _from_signal(dialog)
    for combo in dialog.findChildren(QComboBox):
        if combo in from_signal:
            if combo.currentData() != from_signal[combo]:
                problems.append(f"{combo.accessibleName()} is not the signal's")
        elif isinstance(combo, CodeCombo):
            if combo.code() is None or not combo.required:
                continue
            if combo.list_name not in SUGGESTED:
                problems.append(f"{combo.accessibleName()} preselected {combo.code()!r}")
            elif combo.code() == "closed":
                problems.append(f"{combo.accessibleName()} opens on 'closed'")
        elif isinstance(combo, ChoiceCombo):
            if combo.currentData() is not None:
                problems.append(f"{combo.accessibleName()} preselected")
        elif type(dialog).__name__ not in NOT_CODES:
            problems.append(f"{combo.accessibleName()} is a drop-down without '— choose —'")
    return problems


def _from_signal(dialog: QDialog) -> dict[QComboBox, object]:
    """A case opened from a signal starts from the codes recorded with that signal."""
    if not isinstance(dialog, NewCaseDialog) or dialog.from_signal is None:
        return {}
    signal = dialog.from_signal
    return {
        dialog.signaller: signal.signaller,
        dialog.sector: signal.sector,
        dialog.location: signal.location_type,
        dialog.municipality: signal.municipality,
    }


def enter_problems(qtbot, dialog: FormDialog) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the form, press Enter in each kind of widget: the form stays open and unsaved;
    then Ctrl+Enter saves it (when its OK can be pressed at all)."""
    problems: list[str] = []
    typed = next(
        (
            w
            for w in _shown(dialog, QLineEdit)
            if not w.isReadOnly()  # type: ignore[attr-defined]
            # the editor inside a date or number field takes no letters
            and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
        ),
        None,
    )
    if typed is not None:
        typed.setFocus()
        qtbot.keyClicks(typed, "x")
    before = _windows()
    for kind in ENTER_KINDS:
        widgets = _shown(dialog, kind)
        for widget in widgets if kind is QPushButton else widgets[:1]:
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                widget.setFocus()
                modifier = (
                    Qt.KeyboardModifier.KeypadModifier
                    if key == Qt.Key.Key_Enter
                    else Qt.KeyboardModifier.NoModifier
                )
                qtbot.keyClick(widget, key, modifier)
                qtbot.wait(5)
                label = (
                    widget.text() if isinstance(widget, QPushButton) else widget.accessibleName()
                )
                name = f"Enter in {type(widget).__name__} {label!r}"
                if dialog in SUBMITTED:
                    problems.append(f"{name} saved the form")
                    SUBMITTED.remove(dialog)
                if not dialog.isVisible() or dialog.result() != 0:
                    problems.append(f"{name} closed the form")
                    return problems
                opened = _windows() - before
                if opened:
                    problems.append(f"{name} opened {[w.windowTitle() for w in opened]}")
                    for window in opened:
                        window.close()
    if typed is not None and "x" not in typed.text():  # type: ignore[attr-defined]
        problems.append("the typed input was lost")
    if dialog.save_button.isEnabled() and dialog.buttons.isEnabled():
        target = typed or dialog
        target.setFocus()
        qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if dialog not in SUBMITTED:
            problems.append("Ctrl+Enter did not save")
    SUBMITTED.clear()
    return problems
