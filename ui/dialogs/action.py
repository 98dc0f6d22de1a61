"""A small form dialog assembled from fields, for the many one-step actions on a case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from carecoord.vault import Vault
from ui.dialogs.base import FormDialog
from ui.session import Session
from ui.widgets import add_row


class ActionDialog(FormDialog):
    """``build()`` reads the fields and returns the core call to run on the worker."""

    def __init__(
        self,
        session: Session,
        title: str,
        fields: list[tuple[str, QWidget]],
        build: Callable[[], Callable[[Vault], Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, title, parent)
        # In form order, for a caller (or a test) that reads a field back.
        self.inputs = [widget for _label, widget in fields]
        for label, widget in fields:
            add_row(self.form, label, widget)
        self._build = build

    def operation(self) -> Callable[[Vault], Any]:
        # A refused value (pydantic) is shown at its field by the base (ui/field_messages.py).
        return self._build()
