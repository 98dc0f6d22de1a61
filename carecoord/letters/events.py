"""Print and save events of documents, for the access log (NEN 7513: "copy or print").

The access-log area registers a hook here; the letters code and the UI call
:func:`record_document_event` after a document has been printed, saved or archived. The event
carries identifiers only, never document content or client data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from carecoord.errors import AccessLogNotConnected
from carecoord.i18n import _

DocumentAction = Literal["print", "save", "archive"]
DocumentKind = Literal["referral_letter", "handover_summary", "access_report"]


class DocumentEvent(BaseModel):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    action: DocumentAction
    kind: DocumentKind
    reference: str
    referral_id: str | None = None
    case_ref: str | None = None
    language: str


# Callables run in order; a failing hook propagates (an unlogged print must not pass silently).
DOCUMENT_EVENT_HOOKS: list[Callable[[object, DocumentEvent], None]] = []


def record_document_event(vault: object, event: DocumentEvent) -> None:
    """Hand ``event`` to every registered hook; ``vault`` is the unlocked vault (or None)."""
    if not DOCUMENT_EVENT_HOOKS:
        # Fail closed: a document that leaves the vault unlogged is worse than no document.
        raise AccessLogNotConnected(
            _("The access log is not connected, so the document was not made.")
        )
    for hook in DOCUMENT_EVENT_HOOKS:
        hook(vault, event)
