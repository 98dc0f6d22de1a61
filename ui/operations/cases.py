"""Opening cases: one by hand (with its client), from a signal, or many from a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from carecoord.case_import import import_cases
from carecoord.domain.case import CaseFacts, Signal
from carecoord.domain.client import ClientFacts, ClientIdentity
from carecoord.store.intake import open_client_case, open_client_case_from_signal
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

_NEW_CASES = Changes.CASES | Changes.CLIENTS | Changes.SIGNALS | Changes.TASKS


def open_with_client(
    facts: ClientFacts, identity: ClientIdentity | None, first_signal: Signal
) -> Op[int]:
    return Op(lambda v: open_client_case(store_of(v), facts, identity, first_signal), _NEW_CASES)


def open_from_signal(
    facts: ClientFacts, identity: ClientIdentity | None, signal_id: int, case_facts: CaseFacts
) -> Op[int]:
    return Op(
        lambda v: open_client_case_from_signal(store_of(v), facts, identity, signal_id, case_facts),
        _NEW_CASES,
    )


def import_file(path: Path, progress: Callable[[str, int], None]) -> Op[int]:
    """Every row of the file, or none; returns how many cases were opened."""
    return Op(lambda v: len(import_cases(store_of(v), path, progress=progress)), _NEW_CASES)
