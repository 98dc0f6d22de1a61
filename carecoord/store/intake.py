"""Intake of a new client with their first case, as one transaction (the app's "New case")."""

from __future__ import annotations

from carecoord.domain.case import CaseFacts, Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.store.case_store import CaseStore


def open_client_case(
    store: CaseStore, facts: ClientFacts, identity: ClientIdentity | None, first_signal: Signal
) -> int:
    """Register the client and open their case; both or neither. Returns the case id."""
    with store.db.transaction():
        client_id = store.clients.register(facts, identity)
        return store.cases.open(client_id, first_signal)


def open_client_case_from_signal(
    store: CaseStore,
    facts: ClientFacts,
    identity: ClientIdentity | None,
    signal_id: int,
    case_facts: CaseFacts | None = None,
) -> int:
    """Register the person identified after a signal without a person and open their case from
    that signal (which then belongs to the case); all or nothing. Returns the case id."""
    with store.db.transaction():
        client_id = store.clients.register(facts, identity)
        return store.cases.open_from_signal(client_id, signal_id, case_facts)
