"""Unexpected errors, logged for the administrator: the exception's type and the place in the
code (module, function and line of every frame), never its message, arguments or any value,
because a message can carry a name, a birth date or a passphrase (issue 12).

The log is in the user's log folder (platformdirs ``user_log_dir("CareCoord")``, e.g.
``~/.local/state/CareCoord/log`` or ``%LOCALAPPDATA%\\CareCoord\\Logs``), owner-only (folder 0700,
files 0600 on POSIX), rotating at a small size so it never grows without bound. It is meant
for support: which bug, where, how often. No Qt here, so the command line can use it too.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from pathlib import Path
from types import TracebackType

import platformdirs

APP_NAME = "CareCoord"
LOG_NAME = "carecoord-errors.log"
MAX_BYTES = 256 * 1024  # a few thousand entries: enough to see a pattern, small to hand over
BACKUPS = 3
_LOGGER = logging.getLogger("carecoord.unexpected")
_LOGGER.propagate = False  # never to the root logger's handlers (stderr, a library's file)
_LOGGER.setLevel(logging.ERROR)
_lock = threading.Lock()
_ours: list[logging.Handler] = []  # our file handler; other code (a test runner) may add its own


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def _owner_only_handler(path: Path) -> logging.Handler:
    """A rotating handler whose every file is created 0600 (and kept so, even if it existed
    with a wider mode). logging.handlers is imported here, at the first error rather than at the
    app's start: it brings socket, pickle and queue (issue 14)."""
    from logging.handlers import RotatingFileHandler

    class OwnerOnlyFileHandler(RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            return open(fd, "a", encoding="utf-8")  # the handler closes it

    return OwnerOnlyFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True)


def configure(folder: Path | None = None) -> Path:
    """Write the log in ``folder`` (default: the user's log folder); returns the log file."""
    folder = Path(folder) if folder is not None else log_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    path = folder / LOG_NAME
    handler = _owner_only_handler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    with _lock:
        for old in _ours:
            _LOGGER.removeHandler(old)
            old.close()
        _ours[:] = [handler]
        _LOGGER.addHandler(handler)
    return path


def _frames(tb: TracebackType | None) -> list[str]:
    places = []
    while tb is not None:
        frame = tb.tb_frame
        module = frame.f_globals.get("__name__", "?")
        places.append(f"{module}.{frame.f_code.co_qualname}:{tb.tb_lineno}")
        tb = tb.tb_next
    return places


def describe(error: BaseException) -> str:
    """``Type at module.function:line > …`` for the error and each error it came from; the
    innermost frame last. Only names of code and line numbers: nothing the user typed."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        places = " > ".join(_frames(current.__traceback__)) or "?"
        parts.append(f"{kind.__module__}.{kind.__qualname__} at {places}")
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return " | from ".join(parts)


def log_unexpected(error: BaseException, where: str) -> None:
    """Record ``error`` (raised in ``where``: a fixed word such as "vault worker"). Never raises:
    a full disk or a read-only home must not turn one error into two."""
    try:
        if not _ours:
            configure()
        _LOGGER.error("%s: %s", where, describe(error))
    except Exception:  # logging is best effort by design
        return
