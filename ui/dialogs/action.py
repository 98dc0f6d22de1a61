"""A small form dialog assembled from fields, for the many one-step actions on a case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import QWidget

from carecoord.errors import InputRejected
from carecoord.i18n import _
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
        try:
            return self._build()
        except ValidationError as exc:
            fields = sorted({str(e["loc"][0]) for e in exc.errors(include_input=False) if e["loc"]})
            if not fields:
                # A rule across fields (a model validator): its text is the core's English.
                raise InputRejected(
                    _("Not saved: the dates do not fit together; check their order.")
                ) from None
            raise InputRejected(
                _("Not saved: check %(fields)s.") % {"fields": ", ".join(fields)}
            ) from None
