"""Tests choose what a coordinator must choose: forms start on "— choose —" (issue 12)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.widgets import ChoiceCombo


def choose_open_codes(form: QWidget) -> None:
    """Every required choice still open gets "unknown" where the list has it, else its first
    entry; choices already made stay."""
    for combo in form.findChildren(ChoiceCombo):
        if combo.required and combo.currentData() is None and combo.count() > 1:
            index = combo.findData("unknown")
            combo.setCurrentIndex(index if index > 0 else 1)
