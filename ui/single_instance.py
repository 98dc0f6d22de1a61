"""One window per vault: a second start asks the first to come forward, then exits.

The vault's process lock already refuses a second opener; this makes the common case (a
coordinator double-clicks the icon again) friendly instead of showing "in use".

The local server's name is a hash of the user and the vault folder, so neither the folder nor
anything about clients appears in ``/tmp``, ``\\\\.\\pipe\\`` or a process listing. On Linux and
macOS the socket lives in the user's private runtime folder (mode 0700), so another local user
can neither squat the name nor connect; on Windows the pipe is created with
``UserAccessOption`` (only this user may connect).
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
import warnings
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

RAISE = b"raise\n"
# sun_path holds 108 bytes on Linux and 104 on macOS, terminator included.
MAX_SOCKET_PATH = 100
CONNECT_TIMEOUT_MS = 500
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
        self._server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """True when another instance holds this vault and was asked to come forward."""
        if self.name is None:
            return False
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the instance for this vault. False if the name could not be taken."""
        if self.name is None:
            return False
        # notify_running() found nobody listening, so a socket file left here is stale (crash).
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


def bring_forward(window: QWidget) -> None:
    """Restore a minimised window and ask the window manager to give it focus."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
