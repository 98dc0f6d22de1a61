"""The unlocked vault as the GUI sees it: a handle it never touches directly.

Every use of the vault is a callable sent to the vault worker; results come back by signal.
Locking is unconditional: the GUI forgets the vault at once and the worker closes it next.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from carecoord.errors import CareCoordError, VaultLocked
from ui.operations import ChangeBus
from ui.worker import VaultWorker

if TYPE_CHECKING:
    from carecoord.vault import Vault

T = TypeVar("T")


class Session(QObject):
    unlockedChanged = Signal(bool)

    def __init__(self, worker: VaultWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self._vault: Vault | None = None
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

    def attach(self, vault: Vault) -> None:
        """Called on the GUI thread with a vault the worker just unlocked."""
        self._vault = vault
        self.user = vault.user
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
            on_error(VaultLocked("The vault is locked."))
            return

        def job() -> Any:
            if not vault.is_open:
                raise VaultLocked("The vault is locked.")
            return fn(vault)

        self.worker.submit(job, on_done, on_error)

    def lock(self) -> None:
        vault = self._vault
        if vault is None:
            return
        self._vault = None
        self.user = ""
        self.worker.submit(vault.lock)
        self.unlockedChanged.emit(False)
