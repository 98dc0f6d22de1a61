"""``carecoord vault passwd`` that pauses at its N-th step, for a SIGKILL test.

Usage: ``python passwd_crash.py N VAULT_FOLDER`` with CARECOORD_PASSPHRASE and
CARECOORD_NEW_PASSPHRASE set (never arguments). Runs the real command line; once the passphrase
change has started, every durable step (a write of vault.keys, a rekey, a checkpoint, a commit) is
announced as ``step K NAME``; at step N it prints ``paused`` and waits to be killed. A run that
never reaches step N prints ``done EXIT_CODE``.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import Any

from carecoord.cli import main
from carecoord.vault import keyfile
from carecoord.vault.database import Database
from carecoord.vault.vault import Vault

_state = {"armed": False, "count": 0, "target": 0}


def _step(name: str) -> None:
    if not _state["armed"]:
        return
    _state["count"] += 1
    print(f"step {_state['count']} {name}", flush=True)
    if _state["count"] == _state["target"]:
        print("paused", flush=True)
        time.sleep(600)


def _patch() -> None:
    real_write = keyfile.write
    real_rekey = Database.rekey
    real_checkpoint = Database.checkpoint
    real_transaction = Database.transaction
    real_change = Vault.change_passphrase

    def write(path: Any, keys: keyfile.KeyFile) -> None:
        real_write(path, keys)
        _step("vault.keys written")

    def rekey(self: Database, new_key: bytes) -> None:
        real_rekey(self, new_key)
        _step("rekeyed")

    def checkpoint(self: Database) -> None:
        real_checkpoint(self)
        _step("checkpointed")

    @contextlib.contextmanager
    def transaction(self: Database) -> Iterator[Database]:
        outer = not self.in_transaction
        with real_transaction(self) as db:
            yield db
        if outer:
            _step("committed")

    def change_passphrase(self: Vault, *args: Any, **kwargs: Any) -> None:
        _state["armed"] = True
        real_change(self, *args, **kwargs)

    keyfile.write = write  # type: ignore[assignment]
    Database.rekey = rekey  # type: ignore[method-assign]
    Database.checkpoint = checkpoint  # type: ignore[method-assign]
    Database.transaction = transaction  # type: ignore[method-assign]
    Vault.change_passphrase = change_passphrase  # type: ignore[method-assign]


if __name__ == "__main__":
    _state["target"] = int(sys.argv[1])
    _patch()
    code = main(["--vault", sys.argv[2], "vault", "passwd"])
    print(f"done {code}", flush=True)
    sys.exit(code)
