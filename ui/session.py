"""The unlocked vault as the GUI sees it: a handle it never touches directly.

Every use of the vault is a callable sent to the vault worker; results come back by signal. The
session holds the one case store opened with the vault at unlock (``carecoord.workspace``), so
pages ask for store work with :meth:`Session.run_store` instead of opening stores of their own.
Locking is unconditional: the GUI forgets the vault at once and the worker closes it next.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from carecoord.errors import CareCoordError, VaultLocked
from carecoord.i18n import _
from ui.operations import ChangeBus
from ui.worker import VaultWorker

if TYPE_CHECKING:
    from carecoord.store.case_store import CaseStore
    from carecoord.vault import Vault
    from carecoord.workspace import OpenedVault

T = TypeVar("T")


class Session(QObject):
    unlockedChanged = Signal(bool)

    def __init__(self, worker: VaultWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self._vault: Vault | None = None
        self._store: CaseStore | None = None
        self.user = ""
        # What the UI's operations changed, for every page that shows it (ui/operations).
        self.changes = ChangeBus(self)

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    @property
    def vault_folder(self) -> Path | None:
        """The unlocked vault's folder (a path only; reading it never touches the vault)."""
        return self._vault.folder if self._vault is not None else None

    def attach(self, opened: OpenedVault) -> None:
        """Called on the GUI thread with a vault (and its store) the worker just unlocked."""
        from ui.operations import store_access

        self._vault = opened.vault
        self._store = opened.store
        store_access.bind(opened.store)
        self.user = opened.vault.user
        self.unlockedChanged.emit(True)

    def run(
        self,
        fn: Callable[[Vault], T],
        on_done: Callable[[T], None] = lambda _r: None,
        on_error: Callable[[CareCoordError], None] = lambda _e: None,
    ) -> None:
        """Run ``fn(vault)`` on the vault worker. Runs on the GUI thread; never blocks."""
        vault = self._vault
        if vault is None:
            on_error(VaultLocked(_("The vault is locked.")))
            return

        def job() -> Any:
            if not vault.is_open:
                raise VaultLocked(_("The vault is locked."))
            return fn(vault)

        self.worker.submit(job, on_done, on_error)

    def vault_and_store_job(self, fn: Callable[[Vault, CaseStore], T]) -> Callable[[Vault], T]:
        """A vault job for work that needs the vault itself (its folder, document events) beside
        the session's store, such as issuing a letter."""
        store = self._store

        def job(vault: Vault) -> T:
            if store is None:
                raise VaultLocked(_("The vault is locked."))
            return fn(vault, store)

        return job

    def run_store(
        self,
        fn: Callable[[CaseStore], T],
        on_done: Callable[[T], None] = lambda _r: None,
        on_error: Callable[[CareCoordError], None] = lambda _e: None,
    ) -> None:
        """Run ``fn(store)`` on the vault worker with the session's one store (logged access)."""
        store = self._store
        if store is None:
            on_error(VaultLocked(_("The vault is locked.")))
            return
        self.run(lambda _vault: fn(store), on_done, on_error)

    def lock(self) -> None:
        vault = self._vault
        if vault is None:
            return
        from ui.operations import store_access

        self._vault = None
        self._store = None
        store_access.bind(None)
        self.user = ""
        self.worker.submit(vault.lock)
        self.unlockedChanged.emit(False)
