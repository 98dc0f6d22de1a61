"""A confirmation for a destructive step: it says exactly what will happen, and Cancel is the
default so Enter alone never destroys anything.

Opened, not exec'd: the event loop keeps running and a lock closes it like any dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


class Confirmation(QMessageBox):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        yes_text: str,
        on_yes: Callable[[], None],
    ) -> None:
        super().__init__(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent
        )
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.yes_button: QPushButton = self.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
        self.yes_button.setAccessibleName(yes_text.replace("&", ""))
        self.cancel_button = self.button(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._on_yes = on_yes
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button == self.yes_button:
            self._on_yes()


def confirm(
    parent: QWidget | None, title: str, text: str, yes_text: str, on_yes: Callable[[], None]
) -> Confirmation:
    box = Confirmation(parent, title, text, yes_text, on_yes)
    box.open()
    return box
