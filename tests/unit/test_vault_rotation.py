"""Removing a user rotates the data key; a crash at any step leaves a vault that opens intact.

A crash is simulated by copying the vault's files (vault.db, its WAL, vault.keys) at each step of
``remove_user`` while the operation runs: the copy is exactly what a killed process leaves on disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carecoord.errors import AuthenticationFailed, VaultDamaged
from carecoord.vault import Credentials, Vault, keyfile
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, VaultFixture

BOB = "bob"
BOB_PASSPHRASE = "tulips along the canal 7"
ROWS = 300


def _prepare(vault_fx: VaultFixture) -> bytes:
    vault = vault_fx.vault
    vault.add_user(BOB, BOB_PASSPHRASE)
    vault.db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    with vault.db.transaction():
        vault.db.executemany(
            "INSERT INTO kept (id, body) VALUES (?, ?)", [(i, "x" * 200) for i in range(ROWS)]
        )
    return vault.dek


def _snapshot(folder: Path, target: Path) -> None:
    target.mkdir()
    for name in ("vault.db", "vault.db-wal", "vault.keys"):
        if (folder / name).exists():
            shutil.copy2(folder / name, target / name)


def _opens_with_everything(folder: Path, credentials: Credentials) -> Vault:
    vault = Vault.unlock(folder, credentials)
    assert vault.db.scalar("SELECT count(*) FROM kept") == ROWS
    assert vault.verify().ok
    assert vault.keys.pending is None
    return vault


def test_crash_at_every_step_of_remove_user(
    vault_fx: VaultFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_dek = _prepare(vault_fx)
    folder = vault_fx.folder
    crashes: dict[str, Path] = {}

    def crash_point(name: str) -> None:
        crashes[name] = tmp_path / name
        _snapshot(folder, crashes[name])

    real_rekey: Callable[..., Any] = Database.rekey
    real_checkpoint: Callable[..., Any] = Database.checkpoint

    def rekey(self: Database, new_key: bytes) -> None:
        crash_point("announced, before rekey")
        real_rekey(self, new_key)
        crash_point("rekeyed, nothing checkpointed")

    def checkpoint(self: Database) -> None:
        real_checkpoint(self)
        if "rekeyed, nothing checkpointed" in crashes:
            crash_point("rekeyed and checkpointed, slots not folded")

    monkeypatch.setattr(Database, "rekey", rekey)
    monkeypatch.setattr(Database, "checkpoint", checkpoint)
    vault_fx.vault.remove_user(BOB)
    monkeypatch.undo()
    assert set(crashes) == {
        "announced, before rekey",
        "rekeyed, nothing checkpointed",
        "rekeyed and checkpointed, slots not folded",
    }
    assert (crashes["rekeyed, nothing checkpointed"] / "vault.db-wal").stat().st_size > 0

    for name, copy in crashes.items():
        assert keyfile.read(copy / "vault.keys").pending is not None, name
        vault = _opens_with_everything(copy, Credentials(passphrase=PASSPHRASE))
        rotated = vault.dek != old_dek
        vault.lock()
        assert rotated == (name != "announced, before rekey"), name
        # The recovery key opens whichever way the crash went.
        _opens_with_everything(copy, Credentials(recovery_key=vault_fx.recovery_key)).lock()
        if rotated:
            # The rotation was completed on open: the removed user is gone for good.
            with pytest.raises(AuthenticationFailed):
                Vault.unlock(copy, Credentials(passphrase=BOB_PASSPHRASE))
            with pytest.raises(VaultDamaged):
                Database.open(copy / "vault.db", old_dek)
        else:
            # The removal never happened: bob's slot is intact, the removal can simply be redone.
            Vault.unlock(copy, Credentials(passphrase=BOB_PASSPHRASE)).lock()


def test_a_failed_rekey_leaves_the_old_key_working(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_dek = _prepare(vault_fx)

    def failing_rekey(self: Database, new_key: bytes) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Database, "rekey", failing_rekey)
    with pytest.raises(OSError, match="disk full"):
        vault_fx.vault.remove_user(BOB)
    vault_fx.vault.lock()
    monkeypatch.undo()

    vault = _opens_with_everything(vault_fx.folder, Credentials(passphrase=PASSPHRASE))
    assert vault.dek == old_dek
    assert BOB in vault.users()
    vault.remove_user(BOB)
    assert vault.users() == ["anna"]
    vault.lock()
    _opens_with_everything(vault_fx.folder, Credentials(recovery_key=vault_fx.recovery_key)).lock()


def test_a_pending_rotation_written_by_hand_is_discarded(vault_fx: VaultFixture) -> None:
    """The keys file announces a rotation that never reached the database (crash right after)."""
    old_dek = _prepare(vault_fx)
    vault = vault_fx.vault
    keys = vault.keys
    new_dek = b"\x01" * 32
    pending = keyfile.PendingRotation(
        generation=keys.generation + 1,
        sealed={
            s.id: keyfile.seal_dek(new_dek, s.public_key, keys.vault_id, s.id, keys.generation + 1)
            for s in keys.slots
        },
    )
    vault.update_keys(pending=pending)
    vault.lock()
    reopened = _opens_with_everything(vault_fx.folder, Credentials(passphrase=PASSPHRASE))
    assert reopened.dek == old_dek
    assert reopened.keys.generation == keys.generation
    reopened.lock()
    assert keyfile.read(vault_fx.folder / "vault.keys").pending is None


def test_rotation_keeps_every_remaining_user(vault_fx: VaultFixture) -> None:
    _prepare(vault_fx)
    vault = vault_fx.vault
    vault.add_user("carla", "a third long passphrase")
    generation = vault.keys.generation
    vault.remove_user(BOB)
    assert vault.keys.generation == generation + 1
    assert sorted(vault.users()) == ["anna", "carla"]
    vault.lock()
    for secret in (PASSPHRASE, "a third long passphrase"):
        _opens_with_everything(vault_fx.folder, Credentials(passphrase=secret)).lock()
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_fx.folder, Credentials(passphrase=BOB_PASSPHRASE))
