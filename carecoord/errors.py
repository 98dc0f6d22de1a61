"""User-facing errors.

Every error the user can see is one of these: a clear, one-line message that never contains
personal data, and the command-line exit code from DESIGN.md section 5.
"""

from __future__ import annotations

import errno
import re

from carecoord.i18n import N_, _

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_DAMAGED = 4
EXIT_REJECTED = 5


class CareCoordError(Exception):
    """Base class: ``str(error)`` is safe to show to a user and to write to a log."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CareCoordError):
    exit_code = EXIT_USAGE


class AuthenticationFailed(CareCoordError):
    """Wrong passphrase or recovery key (or a recovery key with a typo)."""

    exit_code = EXIT_AUTH


class VaultUnavailable(CareCoordError):
    """The vault cannot be used as it is: damaged, not a vault, in use, or too new."""

    exit_code = EXIT_DAMAGED


class VaultDamaged(VaultUnavailable):
    pass


class NotAVault(VaultUnavailable):
    pass


class VaultInUse(VaultUnavailable):
    pass


class VaultTooNew(VaultUnavailable):
    pass


class InputRejected(CareCoordError):
    """Input failed validation; nothing was changed."""

    exit_code = EXIT_REJECTED

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class AccessLogNotConnected(CareCoordError):
    """A program opened a vault without connecting the access log (a wiring error, not the
    user's): the vault stays closed rather than work unlogged."""


class UnexpectedError(CareCoordError):
    """A bug, not a refusal: its type and place were logged (carecoord.error_log); the message
    is one generic line, so that no named error's remedy (an override, a retry) is offered."""


class VaultLocked(CareCoordError):
    """An operation needed the unlocked vault after it was locked."""


class KeyringUnavailable(CareCoordError):
    """No secure OS keyring is usable, so device binding is not possible."""


class DiskFull(CareCoordError):
    """The disk (or the vault's size limit) is full; the transaction was rolled back."""


class DiskError(CareCoordError):
    """The operating system could not read or write the vault's file; rolled back."""


class VaultReadOnly(CareCoordError):
    """The vault's file or folder cannot be written."""


# SQLite's primary result codes (https://sqlite.org/rescode.html); the extended code of an error
# (e.g. SQLITE_IOERR_WRITE = 778) carries its primary code in the low byte.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def known_database_error(exc: BaseException) -> CareCoordError | None:
    """The named error for a SQLite runtime error that the environment caused, else None.

    A full disk met outside SQLite (``OSError`` ENOSPC or EDQUOT, from a file the program
    writes itself) is the same :class:`DiskFull`.

    The one place where SQLite's errors are split, as qutebrowser's ``misc/sql.py`` does, into
    those with a cause outside the program (a full disk, an I/O error, a read-only file, another
    process, a damaged file), which the user is told about in one line, and everything else
    (a constraint or a syntax error: a bug), which stays an internal error. Used by the
    database's write path (``Database.transaction``), the access log, the CLI and the app's
    vault worker. Duck-typed on ``sqlite_errorcode`` so that the core's error module needs no
    database driver: both sqlite3 and sqlcipher3 set it.
    """
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        # A file the program writes itself (a backup, a restore's staging copy) meets the same
        # full disk as SQLite does; it is the same fault for the user.
        return DiskFull(_(_DISK_FULL))
    code = getattr(exc, "sqlite_errorcode", None)
    known = _KNOWN_SQLITE_ERRORS.get(code & 0xFF) if isinstance(code, int) else None
    if known is None:
        return None
    error_type, message = known
    # Translated when raised, so that the message is in the language of the moment.
    return error_type(_(message))


_DISK_FULL = N_("The disk is full; nothing was changed.")
# ENOSPC: no space left; EDQUOT: the user's disk quota is used up.
_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_IN_USE = N_("The vault database is in use by another process. Close it and try again.")
_DAMAGED = N_(
    "The vault database is damaged; nothing was changed. "
    "Restore it from a backup (carecoord vault restore FILE)."
)
_KNOWN_SQLITE_ERRORS: dict[int, tuple[type[CareCoordError], str]] = {
    SQLITE_FULL: (DiskFull, _DISK_FULL),
    SQLITE_IOERR: (
        DiskError,
        N_(
            "The disk could not read or write the vault (an input/output error); nothing was changed."
        ),
    ),
    SQLITE_READONLY: (
        VaultReadOnly,
        N_("The vault cannot be written (it is read-only); nothing was changed."),
    ),
    SQLITE_CANTOPEN: (
        DiskError,
        N_("The vault's database file cannot be opened; nothing was changed."),
    ),
    SQLITE_BUSY: (VaultInUse, _IN_USE),
    SQLITE_LOCKED: (VaultInUse, _IN_USE),
    SQLITE_CORRUPT: (VaultDamaged, _DAMAGED),
    SQLITE_NOTADB: (VaultDamaged, _DAMAGED),
}


# Control characters (C0, DEL, C1) and the bidirectional overrides, which reorder what follows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\u202e``).

    Error texts can carry what a user or a file supplied (a file name, a column name); printed
    raw, a terminal escape in it would be executed by the terminal, a new line would forge a
    second message and a bidi override would make the line read differently.
    """
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)
