"""SQLCipher connection with the invariants of DESIGN.md §3 checked at every open.

The same class opens a plain SQLite file (``key=None``) for the benchmarks, so that both run the
same schema and statements and differ only in the encryption. Both go through the SQLite engine
bundled with sqlcipher3: without a key it reads and writes the standard, unencrypted format, and the
comparison is not skewed by the system ``sqlite3`` module being another SQLite version.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from carecoord.atomic import OWNER_ONLY
from carecoord.errors import NotAVault, VaultInUse, known_database_error
from carecoord.i18n import _
from carecoord.vault.checks import ENCRYPTION, PAGE_INTEGRITY, VaultCheckFailed

SQLITE_MAGIC = b"SQLite format 3\x00"

# Both drivers raise their own exception classes with the same names.
DatabaseError: tuple[type[Exception], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)
OperationalError: tuple[type[Exception], ...] = (
    sqlcipher3.OperationalError,
    sqlite3.OperationalError,
)

CACHE_KIB = 64 * 1024


def restore_hint() -> str:
    """Formed when raised, so that it is in the language of the moment."""
    return _("Restore it from a backup (carecoord vault restore FILE).")


def starts_with_sqlite_magic(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except FileNotFoundError:
        return False


def _owner_only(path: Path, *, create: bool) -> None:
    """vault.db (and so its WAL, which SQLite gives the same mode) readable by the owner only.

    SQLite creates files with the umask's permissions (usually 0644); the file is encrypted, but
    DESIGN.md §3 asks for owner-only files all the same.
    """
    if create and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    elif os.name == "posix" and path.exists() and path.stat().st_mode & 0o077:
        os.chmod(path, OWNER_ONLY)


def _message_of(exc: Exception) -> str:
    return str(exc).lower()


class Database:
    """A single connection in autocommit mode; transactions are explicit via :meth:`transaction`.

    Threading: the connection belongs to the thread that opened it (the vault worker in the app).
    """

    def __init__(self, connection: Any, *, encrypted: bool) -> None:
        self._conn = connection
        self.encrypted = encrypted
        self._depth = 0
        self._after_commit: dict[str, Callable[[], None]] = {}

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path, key: bytes | None, *, create: bool = False, salt: bytes | None = None
    ) -> Database:
        """``salt`` gives the file's SQLCipher salt instead of reading it from the main file: a
        database rekeyed to a new salt whose WAL was not checkpointed yet needs it."""
        path = Path(path)
        if not create and not path.exists():
            raise NotAVault(
                _("No vault database found (%(name)s is missing).") % {"name": path.name}
            )
        if key is not None and starts_with_sqlite_magic(path):
            raise VaultCheckFailed(
                ENCRYPTION,
                _(
                    "%(name)s is a plain, unencrypted SQLite file, not an encrypted vault. "
                    "Do not use it; restore the vault from a backup (carecoord vault restore FILE)."
                )
                % {"name": path.name},
            )
        if not create and path.stat().st_size == 0:
            # SQLite treats an empty file as a new database: opening it would silently start an
            # empty vault in place of the lost one (the failure Signal Desktop shipped).
            raise VaultCheckFailed(
                PAGE_INTEGRITY,
                _("%(name)s is empty: the vault's data is gone.") % {"name": path.name}
                + " "
                + restore_hint(),
            )
        if key is not None:
            _owner_only(path, create=create)
        conn: Any = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=True)
        try:
            if key is not None:
                if len(key) != 32:
                    raise ValueError("the data key must be 32 bytes")
                # SQLCipher logs page errors to stderr by default; the user gets our one line.
                conn.execute("PRAGMA cipher_log_level = NONE")
                # PRAGMAs take no bound parameters; only our own hex goes in (research/security.md §3).
                if salt is not None and len(salt) != 16:
                    raise ValueError("the salt must be 16 bytes")
                raw = key.hex() + (salt.hex() if salt is not None else "")
                conn.execute(f"PRAGMA key = \"x'{raw}'\"")
            # EXCLUSIVE before the first read: SQLite then keeps the WAL index in heap memory, so
            # no unencrypted -shm file is created (also when reopening a file already in WAL mode).
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            db = cls(conn, encrypted=key is not None)
            db._configure()
        except BaseException:
            conn.close()
            raise
        return db

    def _configure(self) -> None:
        try:
            # The first read proves the key (a wrong key or a damaged first page fails here).
            self.scalar("SELECT count(*) FROM sqlite_master")
        except DatabaseError as exc:
            if "locked" in _message_of(exc) or "busy" in _message_of(exc):
                raise VaultInUse(
                    _("The vault database is in use by another process. Close it and try again.")
                ) from exc
            raise VaultCheckFailed(
                PAGE_INTEGRITY,
                _(
                    "The vault database cannot be read: it is damaged or was not written by CareCoord."
                )
                + " "
                + restore_hint(),
            ) from exc
        try:
            # With EXCLUSIVE locking (set in open) a second process cannot open the file.
            self.execute("PRAGMA temp_store = MEMORY")
            self.execute("PRAGMA foreign_keys = ON")
            self.execute("PRAGMA synchronous = FULL")
            # Every page read from the file is decrypted and its HMAC checked; a cache that holds
            # a large vault whole (64 MiB, about 200 000 case rows) keeps that to once per page
            # per session instead of on every query (benchmarks/results.json: 5× slower with the
            # default 8 MB on a 28 MB vault).
            self.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
            mode = self.scalar("PRAGMA journal_mode = WAL")
            # Take the exclusive lock now rather than at the first write.
            self.execute("BEGIN IMMEDIATE")
            self.execute("COMMIT")
        except OperationalError as exc:
            if "locked" in _message_of(exc) or "busy" in _message_of(exc):
                raise VaultInUse(
                    _("The vault database is in use by another process. Close it and try again.")
                ) from exc
            raise VaultCheckFailed(
                PAGE_INTEGRITY, _("The vault database could not be opened.") + " " + restore_hint()
            ) from exc
        except DatabaseError as exc:
            raise VaultCheckFailed(
                PAGE_INTEGRITY, _("The vault database is damaged.") + " " + restore_hint()
            ) from exc
        self.check_invariants(expected_journal=str(mode))

    def check_invariants(self, expected_journal: str | None = None) -> None:
        """Raise VaultDamaged when any invariant of DESIGN.md §3 does not hold."""
        problems = []
        if self.encrypted and not self.scalar("PRAGMA cipher_version"):
            problems.append(_("SQLCipher is not active"))
        if self.scalar("PRAGMA temp_store") != 2:
            problems.append(_("temp_store is not MEMORY"))
        if self.scalar("PRAGMA foreign_keys") != 1:
            problems.append(_("foreign keys are off"))
        if (expected_journal or self.scalar("PRAGMA journal_mode")) != "wal":
            problems.append(_("the journal is not WAL"))
        if problems:
            raise VaultCheckFailed(
                ENCRYPTION,
                _("Vault invariant failed: %(problems)s.") % {"problems": "; ".join(problems)},
            )

    # -- statements --------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> Any:
        return self._conn.executemany(sql, rows)

    def executescript(self, sql: str) -> None:
        self._conn.executescript(sql)

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        return list(self._conn.execute(sql, params).fetchall())

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """All-or-nothing; nested use joins the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        with self._known_errors():
            self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            with self._known_errors():
                yield self
                self._depth = 0
                self._conn.execute("COMMIT")
        except BaseException:
            self._depth = 0
            self._after_commit.clear()
            # After some errors (disk full, I/O) SQLite has already rolled back; a second
            # ROLLBACK would fail and hide the real error behind "no transaction is active".
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._run_after_commit()

    @contextlib.contextmanager
    def _known_errors(self) -> Iterator[None]:
        """A full disk, an I/O error, a read-only file … becomes its named error (after the
        rollback), so every writer reports it the same way; other SQLite errors stay bugs."""
        try:
            yield
        except DatabaseError as exc:
            known = known_database_error(exc)
            if known is None:
                raise
            raise known from exc

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def after_commit(self, key: str, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the outermost transaction commits (now, outside a transaction).

        Callbacks registered under the same key within one transaction run once; a rollback
        discards them. The access log uses this to anchor its head in vault.keys only after the
        entries it describes are durable.
        """
        if not self._depth:
            callback()
            return
        self._after_commit[key] = callback

    def _run_after_commit(self) -> None:
        callbacks = list(self._after_commit.values())
        self._after_commit.clear()
        for callback in callbacks:
            callback()

    @property
    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def export_encrypted(self, target: Path, key: bytes) -> None:
        """A consistent, encrypted copy (sqlcipher_export, the documented way; not the backup API)."""
        if not self.encrypted:
            raise ValueError("export_encrypted needs an encrypted database")
        # A fresh, owner-only file: SQLite would create it with the umask's permissions (0644).
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
        self._conn.execute(f"ATTACH DATABASE ? AS export KEY \"x'{key.hex()}'\"", (str(target),))
        try:
            self._conn.execute("SELECT sqlcipher_export('export')")
            self._conn.execute(f"PRAGMA export.user_version = {self.user_version:d}")
        finally:
            self._conn.execute("DETACH DATABASE export")

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt every page. ``new_key`` is the 32-byte key, optionally followed by the 16-byte
        salt the file gets (SQLCipher's raw ``x'key salt'`` form)."""
        if len(new_key) not in (32, 48):
            raise ValueError("the data key must be 32 bytes, or 48 with its salt")
        self._conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")

    def checkpoint(self) -> None:
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()
