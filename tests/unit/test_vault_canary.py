"""Canary test: client data and secrets never appear in plaintext in any file the vault writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord.vault import Credentials, Vault, migrations
from carecoord.vault.backup import create_backup
from carecoord.vault.migrations import Migration
from tests.conftest import PASSPHRASE, USER

CANARY = "Zuzanna-Kowalczyk-CANARY-7f3a9"
SECOND = "a second canary passphrase 55"


def _leaks(root: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in [root] if root.is_file() else sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {needle!r}" for needle in needles if needle in data]
    return found


def test_no_plaintext_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "v"
    vault, recovery_key = Vault.create(folder, USER, PASSPHRASE)
    needles = [
        CANARY.encode(),
        CANARY.encode("utf-16-le"),
        PASSPHRASE.encode(),
        SECOND.encode(),
        recovery_key.encode(),
        recovery_key.replace("-", "").encode(),
        vault.dek,
        vault.dek.hex().encode(),
    ]
    vault.db.execute("CREATE TABLE probe_clients (id INTEGER PRIMARY KEY, name TEXT, note TEXT)")
    with vault.db.transaction():
        vault.db.executemany(
            "INSERT INTO probe_clients (name, note) VALUES (?, ?)",
            [(f"{CANARY} {i}", f"lives with {CANARY}") for i in range(300)],
        )
    vault.db.execute(
        "CREATE TEMP TABLE scratch AS SELECT * FROM probe_clients"
    )  # temp_store MEMORY
    vault.add_user("bob", SECOND)
    # While unlocked and with the WAL not yet checkpointed.
    assert (folder / "vault.db-wal").exists()
    assert _leaks(folder, needles) == []
    create_backup(vault, tmp_path / "backup.zip")
    vault.lock()
    assert _leaks(folder, needles) == []
    assert _leaks(tmp_path / "backup.zip", needles) == []

    # The encrypted copy taken before a migration, too.
    extra = Migration(migrations.latest_version() + 1, "canary", "CREATE TABLE canary_t (x);")
    shipped = migrations.all_migrations()
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*shipped, extra])
    Vault.unlock(folder, Credentials(passphrase=PASSPHRASE)).lock()
    assert list((folder / "backups").glob("pre-migration-*"))
    assert _leaks(folder, needles) == []
    assert _leaks(folder, [b"SQLite format 3"]) == []
    # The data is there all the same, and the scan does find the canary in a plain file.
    vault = Vault.unlock(folder, Credentials(passphrase=SECOND))
    assert (
        vault.db.scalar("SELECT count(*) FROM probe_clients WHERE name LIKE ?", (CANARY + "%",))
        == 300
    )
    vault.lock()
    plain = tmp_path / "plain.txt"
    plain.write_text(CANARY)
    assert _leaks(plain, needles)
