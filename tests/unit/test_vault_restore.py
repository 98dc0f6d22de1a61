"""Restoring a backup: checked before anything changes, and repeatable after an interruption."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from carecoord.errors import VaultDamaged
from carecoord.vault import Credentials, Vault, keyfile
from carecoord.vault import backup as backup_module
from carecoord.vault.backup import create_backup, restore_backup
from tests.conftest import PASSPHRASE, VaultFixture


def _rows(folder: Path) -> int:
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE))
    try:
        return int(vault.db.scalar("SELECT count(*) FROM kept"))
    finally:
        vault.lock()


@pytest.fixture
def backed_up(vault_fx: VaultFixture, tmp_path: Path) -> Path:
    vault = vault_fx.vault
    vault.db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, body TEXT)")
    vault.db.executemany("INSERT INTO kept (body) VALUES (?)", [("x",) for _ in range(30)])
    target = tmp_path / "backup.zip"
    create_backup(vault, target)
    vault.db.executemany("INSERT INTO kept (body) VALUES (?)", [("after",) for _ in range(5)])
    vault.lock()
    return target


def test_an_interrupted_restore_can_simply_be_run_again(
    vault_fx: VaultFixture, backed_up: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = vault_fx.folder
    assert _rows(folder) == 35

    def crash(_path: Path, _keys: object) -> None:
        raise OSError("power cut")

    # Interrupted while the new key file is staged (issue 12: before, vault.db had already been
    # swapped in and the folder was no vault at all until the restore was run again).
    monkeypatch.setattr(backup_module.keyfile, "write", crash)
    with pytest.raises(OSError, match="power cut"):
        restore_backup(folder, backed_up, Credentials(passphrase=PASSPHRASE))
    monkeypatch.undo()
    # Nothing was decided: the old vault opens as it was, and no staging is left.
    assert _rows(folder) == 35
    assert not list((folder / "backups").glob(".restore-*"))

    # Run again (in the same second, too): it completes and the backup's data is back.
    restore_backup(folder, backed_up, Credentials(passphrase=PASSPHRASE))
    assert _rows(folder) == 30
    # The vault it replaced was kept aside, whole and encrypted.
    kept = sorted((folder / "backups").glob("before-restore-*"))
    assert len(kept) == 1
    assert keyfile.read(kept[0] / "vault.keys").vault_id == vault_fx.vault.vault_id
    assert (kept[0] / "vault.db").exists()


def test_restore_checks_the_backup_before_touching_the_vault(
    vault_fx: VaultFixture, backed_up: Path, tmp_path: Path
) -> None:
    folder = vault_fx.folder
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    # A well-formed backup whose database was altered after its manifest was written.
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(backed_up) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    data = parts["vault.db"]
    parts["vault.db"] = data[:8000] + bytes([data[8000] ^ 1]) + data[8001:]
    manifest = json.loads(parts["manifest.json"])
    # Once with the manifest's hash left alone, once recomputed so that only the page HMACs see it.
    for recompute in (False, True):
        if recompute:
            manifest["files"]["vault.db"] = hashlib.sha256(parts["vault.db"]).hexdigest()
            parts["manifest.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(altered, "w") as target:
            for name, content in parts.items():
                target.writestr(name, content)
        with pytest.raises(VaultDamaged, match="nothing was restored") as caught:
            restore_backup(folder, altered, Credentials(passphrase=PASSPHRASE))
        assert "backup" in caught.value.message
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before
    assert _rows(folder) == 35


def test_staging_left_by_killed_restores_and_backups_is_removed_at_the_next_unlock(
    vault_fx: VaultFixture, backed_up: Path
) -> None:
    folder = vault_fx.folder
    backups = folder / "backups"
    backups.mkdir(exist_ok=True)
    (backups / ".restore-0123456789ab").mkdir()
    (backups / ".restore-0123456789ab" / "vault.db").write_bytes(b"half a database")
    (backups / ".restore-old.db").write_bytes(b"staging of an older version")
    (backups / ".backup-0123456789ab.db").write_bytes(b"a killed backup's snapshot")
    kept = backups / "pre-migration-v1-20260101T000000Z.db"
    kept.write_bytes(b"a real copy")
    assert _rows(folder) == 35
    assert sorted(p.name for p in backups.iterdir()) == [kept.name]


def test_a_backup_over_the_vault_itself_is_refused_by_the_core(
    vault_fx: VaultFixture, tmp_path: Path
) -> None:
    from carecoord.output_paths import OutputInsideVault

    vault = vault_fx.vault
    before = (vault_fx.folder / "vault.db").read_bytes()[:4096]
    for target in (vault_fx.folder / "vault.db", vault_fx.folder / "backups" / "b.zip"):
        with pytest.raises(OutputInsideVault):
            create_backup(vault, target)
    assert (vault_fx.folder / "vault.db").read_bytes()[:4096] == before
    assert vault.verify().first_failure is None
