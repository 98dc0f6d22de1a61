"""The key file's generation recorded in the database (schema 0040): authenticated, migrated,
lagging after a crash but never leading, and the crash windows of a passphrase change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carecoord.errors import AuthenticationFailed, VaultDamaged
from carecoord.vault import Credentials, Vault, generation, keyfile, migrations, passphrase
from carecoord.vault.checks import KEY_FILE, VaultCheckFailed
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, VaultFixture
from tests.support.vault_files import checksum, file_hashes

NEW = "a brand new passphrase 42"
BOB = "bob"
BOB_PASSPHRASE = "tulips along the canal 7"


def _recorded(vault: Vault) -> int | None:
    return generation.recorded(vault.db)


def test_every_slot_change_bumps_the_generation_in_both_files(vault_fx: VaultFixture) -> None:
    vault = vault_fx.vault
    assert vault.keys.generation == 1 and _recorded(vault) == 1
    vault.add_user(BOB, BOB_PASSPHRASE)
    assert vault.keys.generation == 2 and _recorded(vault) == 2
    dek = vault.dek
    vault.change_passphrase(NEW)
    assert vault.keys.generation == 3 and _recorded(vault) == 3
    assert vault.dek != dek
    vault.remove_user(BOB)
    assert vault.keys.generation == 4 and _recorded(vault) == 4
    vault.lock()
    reopened = vault_fx.reopen(NEW)
    assert reopened.keys.generation == _recorded(reopened) == 4
    assert generation.in_file(vault_fx.folder / "vault.db") == 4  # the salt set by the last rekey


def test_the_generation_in_vault_keys_is_authenticated(vault_fx: VaultFixture) -> None:
    """Raising the generation of an old key file by hand (checksum recomputed) is refused as an
    edit: the generation is covered by the key file's HMAC and bound into every sealed key."""
    folder = vault_fx.folder
    old = (folder / "vault.keys").read_bytes()
    vault_fx.vault.add_user(BOB, BOB_PASSPHRASE)
    vault_fx.vault.lock()
    document = json.loads(old)
    document["generation"] = 2
    document["checksum"] = checksum(document)
    (folder / "vault.keys").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(VaultCheckFailed, match="altered") as raised:
        Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    assert raised.value.check == KEY_FILE


def test_a_vault_from_the_previous_schema_adopts_its_key_files_generation(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = vault_fx.vault
    vault.add_user(BOB, BOB_PASSPHRASE)
    vault.remove_user(BOB)
    keys_generation = vault.keys.generation
    assert keys_generation == 3
    # What a vault written before schema 0040 looks like: no table, the previous version.
    # (The version just below 0040: the migrations after it up to 0043 run again harmlessly;
    # 0050 rebuilds tables and cannot, so the app here is the release that ended at 0043.)
    shipped = migrations.all_migrations()
    added = next(m.version for m in shipped if m.name == "key_generation")
    previous = max(m.version for m in shipped if m.version < added)
    monkeypatch.setattr(
        migrations, "all_migrations", lambda: [m for m in shipped if m.version <= 43]
    )
    vault.db.execute("DROP TABLE key_generation")
    vault.db.execute(f"PRAGMA user_version = {previous:d}")
    vault.lock()

    migrated = vault_fx.reopen()
    assert migrated.db.user_version == migrations.latest_version()
    assert _recorded(migrated) == keys_generation
    assert migrated.verify().ok
    assert list((vault_fx.folder / "backups").glob(f"pre-migration-v{previous}-*.db"))
    migrated.lock()


def test_the_database_may_lag_the_key_file_and_is_caught_up(
    vault_fx: VaultFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after vault.keys was written and before the database recorded the generation."""
    vault = vault_fx.vault
    monkeypatch.setattr(generation, "record", lambda *_args: None)
    vault.add_user(BOB, BOB_PASSPHRASE)
    monkeypatch.undo()
    assert vault.keys.generation == 2 and _recorded(vault) == 1
    vault.lock()
    reopened = vault_fx.reopen(BOB_PASSPHRASE)
    assert _recorded(reopened) == 2


def test_a_key_file_older_than_the_database_is_refused_and_nothing_changes(
    vault_fx: VaultFixture,
) -> None:
    folder = vault_fx.folder
    old = (folder / "vault.keys").read_bytes()
    vault_fx.vault.add_user(BOB, BOB_PASSPHRASE)
    vault_fx.vault.lock()
    (folder / "vault.keys").write_bytes(old)
    before = file_hashes(folder)
    with pytest.raises(VaultCheckFailed, match="older than the database") as raised:
        Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    assert raised.value.check == KEY_FILE
    assert raised.value.exit_code == 4
    assert file_hashes(folder) == before


def test_the_salt_hint_is_never_read_from_a_random_salt() -> None:
    for value in (1, 2, 77, 2**31):
        assert generation.in_salt(generation.salt_for(value)) == value
    assert generation.salt_for(5) != generation.salt_for(5)
    import secrets

    assert all(generation.in_salt(secrets.token_bytes(16)) is None for _ in range(2000))


def _snapshot(folder: Path, target: Path) -> None:
    target.mkdir()
    for name in ("vault.db", "vault.db-wal", "vault.keys"):
        if (folder / name).exists():
            shutil.copy2(folder / name, target / name)


def test_crash_at_every_step_of_a_passphrase_change(
    vault_fx: VaultFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = vault_fx.vault
    vault.add_user(BOB, BOB_PASSPHRASE)
    vault.db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
    vault.db.executemany("INSERT INTO kept (id) VALUES (?)", [(i,) for i in range(100)])
    old_dek = vault.dek
    folder = vault_fx.folder
    crashes: dict[str, Path] = {}
    real_rekey: Callable[..., Any] = Database.rekey
    real_checkpoint: Callable[..., Any] = Database.checkpoint
    real_record: Callable[..., Any] = generation.record

    def crash_point(name: str) -> None:
        crashes[name] = tmp_path / name.replace(" ", "-")
        _snapshot(folder, crashes[name])

    def rekey(self: Database, new_key: bytes) -> None:
        crash_point("announced")
        real_rekey(self, new_key)
        crash_point("rekeyed")

    def checkpoint(self: Database) -> None:
        real_checkpoint(self)
        if "rekeyed" in crashes and "checkpointed" not in crashes:
            crash_point("checkpointed")

    def record(db: Database, value: int) -> None:
        real_record(db, value)
        crash_point("generation recorded")

    monkeypatch.setattr(Database, "rekey", rekey)
    monkeypatch.setattr(Database, "checkpoint", checkpoint)
    monkeypatch.setattr(generation, "record", record)
    vault.change_passphrase(NEW)
    monkeypatch.undo()
    assert list(crashes) == ["announced", "rekeyed", "checkpointed", "generation recorded"]

    for name, copy in crashes.items():
        pending = keyfile.read(copy / "vault.keys").pending
        assert pending is not None and pending.replacement is not None, name
        took_effect = name != "announced"
        good, stale = (NEW, PASSPHRASE) if took_effect else (PASSPHRASE, NEW)
        with pytest.raises(AuthenticationFailed) as refused:
            Vault.unlock(copy, Credentials(passphrase=stale))
        if took_effect:
            assert "was changed" in refused.value.message, name
        else:
            assert "interrupted" in refused.value.message, name
        opened = Vault.unlock(copy, Credentials(passphrase=good))
        assert opened.db.scalar("SELECT count(*) FROM kept") == 100
        assert opened.keys.pending is None
        assert (opened.dek != old_dek) == took_effect, name
        assert opened.keys.generation == _recorded(opened) == (3 if took_effect else 2)
        assert opened.verify().ok
        opened.lock()
        for other in (
            Credentials(passphrase=BOB_PASSPHRASE),
            Credentials(recovery_key=vault_fx.recovery_key),
        ):
            Vault.unlock(copy, other).lock()
        with pytest.raises(AuthenticationFailed):
            Vault.unlock(copy, Credentials(passphrase=stale))
        if took_effect:
            with pytest.raises(VaultDamaged):
                Database.open(copy / "vault.db", old_dek)


def test_a_forged_replacement_slot_is_refused(vault_fx: VaultFixture) -> None:
    """Someone who can write vault.keys but holds no data key announces a slot of their own."""
    vault = vault_fx.vault
    keys = vault.keys
    forged_dek = b"\x02" * 32
    slot = keyfile.make_slot(
        vault_id=keys.vault_id,
        generation=keys.generation + 1,
        dek=forged_dek,
        kind="passphrase",
        label="anna",
        secret=passphrase.encode(NEW),
        params=keys.slots[0].kdf,
    )
    pending = keyfile.PendingRotation(
        generation=keys.generation + 1,
        sealed={slot.id: slot.sealed_dek},
        replacement=slot,
        replaces=keys.slots[0].id,
        mac="0" * 64,
    )
    vault.update_keys(pending=pending)
    vault.lock()
    with pytest.raises(VaultCheckFailed, match="altered"):
        Vault.unlock(vault_fx.folder, Credentials(passphrase=NEW))
    # The real passphrase still opens and forgets the forged announcement.
    reopened = vault_fx.reopen()
    assert reopened.keys.pending is None
    reopened.lock()
