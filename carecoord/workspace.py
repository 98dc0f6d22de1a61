"""Where the vault, the case store and the access log are put together, in one place.

The app (the unlock job), the command line and the tests all open the store here, so a store is
never opened without the access log (NEN 7513): the sink is built explicitly from the vault rather
than found in a registry that an import had to fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carecoord.store.case_store import CaseStore
    from carecoord.vault import Vault


def connect_access_log() -> None:
    """Attach the access log to the vault's and the documents' hooks: called once by each
    program (the app's vault worker, the command line, the test session) before a vault opens.
    A vault refuses to open, and a document to be made, while this has not run."""
    import carecoord.audit

    carecoord.audit.connect()


def open_store(vault: Vault) -> CaseStore:
    """The unlocked vault's case store, every read and change going to its access log."""
    from carecoord.audit.integrations import store_sink
    from carecoord.store.case_store import CaseStore

    return CaseStore(vault.db, user=vault.user, audit=store_sink(vault))


@dataclass(frozen=True)
class OpenedVault:
    """An unlocked vault with its one case store, as the app's session holds them."""

    vault: Vault
    store: CaseStore


def opened(vault: Vault) -> OpenedVault:
    """The vault with its store opened by :func:`open_store` (on the thread that owns the vault)."""
    return OpenedVault(vault, open_store(vault))
