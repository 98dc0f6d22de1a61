"""Signals of possible trafficking (store.signals)."""

from __future__ import annotations

from carecoord.domain.case import Signal
from carecoord.vault import Vault
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def add(signal: Signal) -> Op[int]:
    return Op(lambda v: store_of(v).signals.add(signal), Changes.SIGNALS)


def attach(signal_id: int, case_id: int) -> Op[int]:
    """Attach a signal without a person to a case; returns the case id (to open it)."""

    def job(vault: Vault) -> int:
        store_of(vault).signals.attach(signal_id, case_id)
        return case_id

    return Op(job, Changes.SIGNALS | Changes.CASES)
