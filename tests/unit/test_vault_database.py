"""The SQLCipher connection: transactions, invariants, and what a failed write leaves behind."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from carecoord.errors import DiskFull, VaultInUse
from carecoord.vault import Credentials, Vault
from carecoord.vault.backup import create_backup
from carecoord.vault.checks import VaultCheckFailed
from carecoord.vault.database import Database, DatabaseError
from tests.conftest import PASSPHRASE, USER


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "vault.db", os.urandom(32), create=True)
    database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    yield database
    database.close()


def test_a_full_disk_reports_the_real_error_and_rolls_back(db: Database) -> None:
    db.execute("INSERT INTO t (body) VALUES ('kept')")
    db.execute("PRAGMA max_page_count = 20")  # the file cannot grow: as if the disk were full
    # Named at the write path (issue 12, errors.known_database_error); the real error is its cause.
    with pytest.raises(DiskFull, match="full") as info, db.transaction():
        db.execute("INSERT INTO t (body) VALUES ('in the failed transaction')")
        db.executemany("INSERT INTO t (body) VALUES (?)", [("x" * 3000,) for _ in range(100)])
    assert isinstance(info.value.__cause__, DatabaseError)
    assert "full" in str(info.value.__cause__)
    assert db.all("SELECT body FROM t") == [("kept",)]
    with db.transaction():
        db.execute("INSERT INTO t (body) VALUES ('after')")
    assert db.scalar("SELECT count(*) FROM t") == 2


def test_nested_transactions_are_all_or_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction():
        db.execute("INSERT INTO t (body) VALUES ('outer')")
        with db.transaction():
            db.execute("INSERT INTO t (body) VALUES ('inner')")
        raise RuntimeError("after the inner block")
    assert db.scalar("SELECT count(*) FROM t") == 0
    with db.transaction():
        db.execute("INSERT INTO t (body) VALUES ('outer')")
        with db.transaction():
            db.execute("INSERT INTO t (body) VALUES ('inner')")
    assert db.scalar("SELECT count(*) FROM t") == 2


def test_invariants_hold_and_no_unencrypted_side_files(db: Database, tmp_path: Path) -> None:
    db.check_invariants()
    with db.transaction():
        db.executemany("INSERT INTO t (body) VALUES (?)", [("x" * 500,) for _ in range(200)])
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA temp_store") == 2
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA cipher_version")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "vault.db-shm" not in names  # the WAL index stays in memory (exclusive locking)
    assert not (tmp_path / "vault.db").read_bytes().startswith(b"SQLite format 3")


def test_reopening_keeps_the_wal_index_in_memory(tmp_path: Path) -> None:
    key = os.urandom(32)
    first = Database.open(tmp_path / "vault.db", key, create=True)
    first.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    first.close()
    again = Database.open(tmp_path / "vault.db", key)
    again.execute("INSERT INTO t DEFAULT VALUES")
    assert not (tmp_path / "vault.db-shm").exists()
    again.close()


def test_a_temp_store_on_disk_is_an_invariant_failure(db: Database) -> None:
    db.execute("PRAGMA temp_store = FILE")
    with pytest.raises(VaultCheckFailed, match="temp_store is not MEMORY") as caught:
        db.check_invariants()
    assert caught.value.check == "encryption"


def test_an_empty_file_is_refused_not_turned_into_a_new_database(tmp_path: Path) -> None:
    (tmp_path / "vault.db").write_bytes(b"")
    with pytest.raises(VaultCheckFailed, match="empty"):
        Database.open(tmp_path / "vault.db", os.urandom(32))
    assert (tmp_path / "vault.db").stat().st_size == 0


def test_the_wrong_key_does_not_open(tmp_path: Path) -> None:
    Database.open(tmp_path / "vault.db", os.urandom(32), create=True).close()
    with pytest.raises(VaultCheckFailed, match="cannot be read"):
        Database.open(tmp_path / "vault.db", os.urandom(32))


def test_a_second_connection_gets_in_use(db: Database, tmp_path: Path) -> None:
    """Even a process that skips vault.lock (another SQLite tool) cannot open it meanwhile."""
    with pytest.raises(VaultInUse):
        Database.open(tmp_path / "vault.db", os.urandom(32))


def test_every_vault_file_is_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        vault, _ = Vault.create(tmp_path / "v", USER, PASSPHRASE)
        vault.db.execute("CREATE TABLE t (x)")
        vault.db.execute("INSERT INTO t VALUES (1)")
        vault.export_database_copy(vault.scratch_dir() / "copy.db")
        create_backup(vault, tmp_path / "backup.zip")
        files = [p for p in (tmp_path / "v").rglob("*") if p.is_file()]
        assert {p.name for p in files} >= {"vault.db", "vault.db-wal", "vault.keys", "copy.db"}
        for path in [*files, tmp_path / "backup.zip"]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        vault.lock()
        # A vault.db that someone made readable is tightened at the next open.
        os.chmod(tmp_path / "v" / "vault.db", 0o644)
        Vault.unlock(tmp_path / "v", Credentials(passphrase=PASSPHRASE)).lock()
        assert stat.S_IMODE((tmp_path / "v" / "vault.db").stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)


def test_deferred_page_check_still_refuses_a_damaged_file(tmp_path: Path) -> None:
    """Vault.unlock(check_pages=False) opens a damaged file, but check_pages() (which the app
    runs right after the first screen) refuses it, naming the check."""
    from tests.support.vault_files import DB, fill_rows, flip_byte

    folder = tmp_path / "v"
    Vault.create(folder, "anna", PASSPHRASE)[0].lock()
    fill_rows(folder, PASSPHRASE, 400)
    flip_byte(folder / DB, (folder / DB).stat().st_size // 2)
    with pytest.raises(VaultCheckFailed):
        Vault.unlock(folder, Credentials(passphrase=PASSPHRASE)).lock()
    vault = Vault.unlock(folder, Credentials(passphrase=PASSPHRASE), check_pages=False)
    try:
        with pytest.raises(VaultCheckFailed, match="damaged"):
            vault.check_pages()
    finally:
        vault.lock()
