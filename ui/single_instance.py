"""One window per vault: a second start asks the first to come forward, then exits.

The vault's process lock already refuses a second opener; this makes the common case (a
coordinator double-clicks the icon again) friendly instead of showing "in use".

The local server's name is a hash of the user and the vault folder, so neither the folder nor
anything about clients appears in ``/tmp``, ``\\\\.\\pipe\\`` or a process listing. On Linux and
macOS the socket lives in the user's private runtime folder (mode 0700), so another local user
can neither squat the name nor connect; on Windows the pipe is created with
``UserAccessOption`` (only this user may connect).

On Linux and macOS a lock file beside the socket (ui/instance_lock.py) says which start is the
first, so the first needs no socket before its window is on screen: QtNetwork is loaded and the
server listens just after the window is shown (issue 14: QtNetwork alone is a twentieth of a bare
window's start). A later start that finds the lock held connects, retrying while the first is
still coming up. On Windows (no runtime folder for the file) a start connects first and listens
at once, as before.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.instance_lock import InstanceLock

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
# sun_path holds 108 bytes on Linux and 104 on macOS, terminator included.
MAX_SOCKET_PATH = 100
CONNECT_TIMEOUT_MS = 500
# A later start waits this long for the first (which holds the lock) to listen, then starts
# without a single instance (the vault's lock still refuses a second opener).
WAIT_FOR_FIRST_S = 5.0
_RETRY_S = 0.05
# After show(), the window system needs a few turns of the event loop for the first frame.
LISTEN_AFTER_SHOW_MS = 100
_MAX_MESSAGE = 64


def instance_key(folder: Path) -> str:
    """A stable, opaque key for (this user, this vault folder)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = ""
    material = f"{user}\0{Path(folder).expanduser().resolve()}".encode()
    return hashlib.sha256(material).hexdigest()[:20]


def private_runtime_dir() -> Path | None:
    """The user's runtime folder for our socket, or None if it is not private to this user.

    Without ``XDG_RUNTIME_DIR`` platformdirs falls back to ``/tmp/runtime-<uid>``, which another
    user could have created first; a folder we do not own or that others may enter is refused.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about the /tmp fallback
        path = Path(platformdirs.user_runtime_dir("CareCoord", appauthor=False))
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (path, path.parent):
            info = folder.stat()
            if info.st_uid != os.getuid():
                return None
        if path.stat().st_mode & 0o077:
            return None
    except OSError:
        return None
    return path


def server_name(folder: Path) -> str | None:
    """The local server's name; None when no private place for it exists (then no single
    instance: the vault's own lock still refuses a second opener)."""
    name = f"carecoord-{instance_key(folder)}"
    if sys.platform == "win32":
        return name  # a named pipe; its ACL comes from UserAccessOption
    runtime = private_runtime_dir()
    if runtime is None or len(os.fsencode(runtime / name)) > MAX_SOCKET_PATH:
        return None
    return str(runtime / name)


class SingleInstance(QObject):
    """Listens for later starts on the same vault; ``raiseRequested`` asks to show the window."""

    raiseRequested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self._lock: InstanceLock | None = None
        if self.name is not None and InstanceLock.available:
            self._lock = InstanceLock(Path(self.name + ".lock"))
        self._server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """True when another instance holds this vault and was asked to come forward.

        False when this start is the first (on Linux and macOS it then holds the lock), or when
        the first could not be reached in ``WAIT_FOR_FIRST_S``.
        """
        if self.name is None:
            return False
        if self._lock is None:
            return _send_raise(self.name)
        deadline = time.monotonic() + WAIT_FOR_FIRST_S
        while not self._take_lock():
            if _send_raise(self.name):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(_RETRY_S)  # the first holds the lock but does not listen yet
        return False

    def _take_lock(self) -> bool:
        assert self._lock is not None
        try:
            return self._lock.acquire()
        except OSError:  # the lock file cannot be made: no single instance, as without a name
            self.name, self._lock = None, None
            return False

    def listen_when_shown(self) -> None:
        """Become the instance for this vault: once the window is on screen when the lock
        already makes this start the first, else (Windows) at once."""
        if self._lock is not None and self._lock.held:
            QTimer.singleShot(LISTEN_AFTER_SHOW_MS, self.listen)
        else:
            self.listen()

    def listen(self) -> bool:
        """Become the instance for this vault. False if the name could not be taken."""
        if self.name is None:
            return False
        if self._lock is not None and not self._take_lock():
            return False  # another start holds this vault (or no lock file could be made)
        from PySide6.QtNetwork import QLocalServer

        # Nobody else holds the lock (on Windows: notify_running() found nobody listening), so
        # a socket file left here is stale (a crash).
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if not server.listen(self.name):
            server.close()  # stays a child of this object (see _read on deleteLater)
            return False
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()  # deleted with this object, never twice
            self._server = None
        if self._lock is not None:
            self._lock.release()  # after the server: a later start then finds neither

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.read(_MAX_MESSAGE).data())
        if RAISE.strip() in data.splitlines():
            self.raiseRequested.emit()
        # No deleteLater(): with PySide 6.12 a pending deferred delete on a socket whose server
        # is then destroyed directly crashes ("shared QObject was deleted directly"). Sockets
        # stay children of the server (a few bytes per later start) and go with it.
        socket.disconnectFromServer()


def _send_raise(name: str) -> bool:
    """Ask the instance listening on ``name`` to come forward; False if none is listening."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(RAISE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


def bring_forward(window: QWidget) -> None:
    """Restore a minimised window and ask the window manager to give it focus."""
    from PySide6.QtCore import Qt  # not at import: the unlock screen needs none of it

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
