"""A form dialog whose OK runs a core call on the vault worker.

The dialog stays open with everything typed when the core refuses (the message says why), and
closes only after the change was committed. Tests drive it with :meth:`submit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.vault import Vault
from ui.session import Session


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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def operation(self) -> Callable[[Vault], Any]:
        """Build the core call from the fields (may raise CareCoordError for bad input)."""
        raise NotImplementedError

    def submit(self) -> None:
        try:
            op = self.operation()
        except CareCoordError as exc:
            self.error.setText(exc.message)
            return
        except ValueError:
            self.error.setText(_("Some fields are not valid; check the values."))
            return
        self.buttons.setEnabled(False)
        self.error.setText(_("Saving…"))
        self.session.run(op, self._saved, self._refused)

    def _saved(self, result: object) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _refused(self, error: CareCoordError) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error.message)
