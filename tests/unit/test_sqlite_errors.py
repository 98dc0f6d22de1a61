"""SQLite's runtime errors are named at one place (errors.known_database_error, issue 12): the
environment's faults become one clear line, a bug stays a bug; a full vault changes nothing."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlcipher3

from carecoord.case_import import import_cases
from carecoord.errors import (
    DiskError,
    DiskFull,
    VaultDamaged,
    VaultInUse,
    VaultReadOnly,
    known_database_error,
)
from carecoord.store.case_store import CaseStore
from carecoord.vault.database import Database
from tests.conftest import PASSPHRASE, VaultFixture
from tests.support.hostile_imports import HEADER, ROW
from tests.support.vault_content import content_digest


def _raised(fn: object) -> Exception:
    try:
        fn()  # type: ignore[operator]
    except sqlcipher3.DatabaseError as exc:
        return exc
    raise AssertionError("no error")


def test_a_full_database_is_disk_full(tmp_path: Path) -> None:
    conn = sqlcipher3.connect(str(tmp_path / "x.db"))
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 3")
    exc = _raised(lambda: conn.execute("INSERT INTO t VALUES (zeroblob(100000))"))
    known = known_database_error(exc)
    assert isinstance(known, DiskFull)
    assert known.message == "The disk is full; nothing was changed."
    assert known.exit_code == 1


def test_a_read_only_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    sqlcipher3.connect(str(path)).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    assert isinstance(
        known_database_error(_raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))),
        VaultReadOnly,
    )


def test_a_locked_database_is_in_use(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    holder = sqlcipher3.connect(str(path), isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlcipher3.connect(str(path), timeout=0)
    error = known_database_error(_raised(lambda: other.execute("SELECT * FROM t")))
    assert isinstance(error, VaultInUse) and error.exit_code == 4


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"not a database at all" * 500)
    conn = sqlcipher3.connect(str(path))
    error = known_database_error(_raised(lambda: conn.execute("SELECT * FROM sqlite_master")))
    assert isinstance(error, VaultDamaged) and error.exit_code == 4


@pytest.mark.parametrize(
    ("code", "kind"), [(778, DiskError), (266, DiskError), (11, VaultDamaged), (14, DiskError)]
)
def test_extended_codes_map_by_their_primary_code(code: int, kind: type) -> None:
    exc = sqlcipher3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    assert isinstance(known_database_error(exc), kind)


def test_a_bug_is_not_named(tmp_path: Path) -> None:
    conn = sqlcipher3.connect(":memory:")
    conn.execute("CREATE TABLE t (x UNIQUE)")
    conn.execute("INSERT INTO t VALUES (1)")
    assert known_database_error(_raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))) is None
    assert known_database_error(_raised(lambda: conn.execute("SELEC 1"))) is None
    assert known_database_error(ValueError("x")) is None


def test_the_write_path_raises_the_named_error_and_rolls_back(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "plain.db", None, create=True)
    db.execute("CREATE TABLE t (x)")
    db.execute(f"PRAGMA max_page_count = {int(db.scalar('PRAGMA page_count')) + 1}")
    with pytest.raises(DiskFull), db.transaction():
        db.execute("INSERT INTO t VALUES (1)")
        db.execute("INSERT INTO t VALUES (zeroblob(100000))")
    assert db.scalar("SELECT count(*) FROM t") == 0
    db.close()


def test_import_into_a_full_vault_changes_nothing(vault_fx: VaultFixture, tmp_path: Path) -> None:
    """SQLite's own size limit produces the real SQLITE_FULL inside the vault's transaction."""
    path = tmp_path / "cases.csv"
    path.write_text(
        HEADER + "\n" + "\n".join(ROW.format(n=n) for n in range(3000)) + "\n", encoding="utf-8"
    )
    vault_fx.vault.lock()
    before = content_digest(vault_fx.folder, PASSPHRASE)
    db = vault_fx.reopen().db
    store = CaseStore.without_audit_for_tests(
        db, user="anna", clock=lambda: datetime(2025, 6, 15, 12, tzinfo=UTC)
    )
    db.execute(f"PRAGMA max_page_count = {int(db.scalar('PRAGMA page_count')) + 20}")
    with pytest.raises(DiskFull, match=r"The disk is full; nothing was changed\."):
        import_cases(store, path)
    assert db.scalar("SELECT count(*) FROM cases") == 0
    vault_fx.vault.lock()
    assert content_digest(vault_fx.folder, PASSPHRASE) == before
    assert vault_fx.reopen().verify().ok


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_outside_sqlite_is_disk_full(code: int) -> None:
    # A backup or a restore writes its file itself (not through SQLite): a full disk there
    # was "unexpected internal error (OSError)" on the command line (review of issue 12).
    error = known_database_error(OSError(code, os.strerror(code)))
    assert isinstance(error, DiskFull)
    assert str(error) == "The disk is full; nothing was changed."


def test_a_real_write_to_a_full_device_is_disk_full() -> None:
    # /dev/full answers every write with ENOSPC, as a full disk does.
    with open("/dev/full", "wb", buffering=0) as full:
        try:
            full.write(b"x")
        except OSError as exc:
            error = known_database_error(exc)
        else:
            raise AssertionError("no error")
    assert isinstance(error, DiskFull)


def test_other_os_errors_stay_unexpected() -> None:
    assert known_database_error(OSError(errno.ENOENT, "No such file")) is None
    assert known_database_error(FileNotFoundError(errno.ENOENT, "No such file")) is None
