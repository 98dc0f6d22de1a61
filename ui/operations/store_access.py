"""The one place where the operations reach the store from a vault: the session's store.

The session opens one store with the vault at unlock (``carecoord.workspace.opened``, the access
log attached) and binds it here; :func:`store_of` hands out that store for the vault the worker
passes to a job, and refuses when there is none (locked, or another vault), rather than open a
second store of its own. Jobs run on the vault worker, one at a time, so one binding suffices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carecoord.errors import VaultLocked
from carecoord.i18n import _

if TYPE_CHECKING:
    from carecoord.store.case_store import CaseStore
    from carecoord.vault import Vault


class _Binding:
    store: CaseStore | None = None


_BINDING = _Binding()


def bind(store: CaseStore | None) -> None:
    """Called by the session: the store opened at unlock, or None when the vault is locked."""
    _BINDING.store = store


def store_of(vault: Vault) -> CaseStore:
    store = _BINDING.store
    if store is None or store.db is not vault.db:
        raise VaultLocked(_("The vault is locked."))
    return store
