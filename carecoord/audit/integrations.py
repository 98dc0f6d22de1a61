"""The access log's links to the case store and to printed documents.

The store reports an :class:`AuditEvent` for every read or change of personal data (its writes
call the sink inside their transaction); documents report print, save and archive events. Each is
turned into access-log entries here, so neither the store nor the letters code imports the log.
"""

from __future__ import annotations

import re
from typing import Any

from carecoord.audit.actions import Action
from carecoord.audit.log import AccessLog
from carecoord.letters import events as document_events
from carecoord.letters.events import DocumentEvent
from carecoord.store.audit import AuditEvent, AuditSink
from carecoord.vault.vault import Vault

_STORE_ACTIONS = {
    "read": Action.READ,
    "list": Action.READ,  # a page of the list shows names: a read of each case on it
    "search": Action.SEARCH,
    "create": Action.CREATE,
    "update": Action.UPDATE,
    "delete": Action.DELETE,
    "anonymise": Action.RETENTION_ANONYMISE,
    "rectify": Action.RECTIFY,
    "import": Action.IMPORT,
}

_NOT_A_TOKEN = re.compile(r"[^A-Za-z0-9_.:@/+-]+")


def _what(detail: str) -> str:
    """The store's detail ("phase intake -> shelter") as one token for the log's detail field."""
    return _NOT_A_TOKEN.sub("_", detail).strip("_")[:64]


def store_sink(vault: Vault) -> AuditSink:
    log = AccessLog(vault)

    def sink(event: AuditEvent) -> None:
        action = _STORE_ACTIONS[event.action]
        if event.action == "update" and "consent override" in event.detail:
            action = Action.CONSENT_OVERRIDE
        detail = {"what": _what(event.detail)}
        cases = event.case_ids or ((event.case_id,) if event.case_id is not None else ())
        # One entry per case whose data was shown or written, so "who saw this file" is complete;
        # all of them in one transaction (one commit, one head update).
        with vault.db.transaction():
            if not cases:
                log.record(
                    action,
                    client_ref=event.client_id,
                    detail=detail,
                    search_terms=event.search_terms,
                )
            for case_id in cases:
                client = event.client_id if len(cases) == 1 else None
                # Each entry of one search carries its hashes: "who searched for this person"
                # finds the search from any of the files it showed.
                log.record(
                    action,
                    case_ref=case_id,
                    client_ref=client,
                    detail=detail,
                    search_terms=event.search_terms,
                )

    return sink


_DOCUMENT_ACTIONS = {"print": Action.PRINT, "save": Action.EXPORT, "archive": Action.CREATE}


def on_document(vault: Any, event: DocumentEvent) -> None:
    if not isinstance(vault, Vault):
        raise ValueError("a document event needs the unlocked vault to be logged")
    AccessLog(vault).record(
        _DOCUMENT_ACTIONS[event.action],
        case_ref=event.case_ref,
        detail={
            "document": event.kind,
            "referral": event.referral_id or "",
            "lang": event.language,
        },
    )


def install() -> None:
    if on_document not in document_events.DOCUMENT_EVENT_HOOKS:
        document_events.DOCUMENT_EVENT_HOOKS.append(on_document)
