"""Which process is the first on a vault: an exclusive ``flock`` on a lock file (POSIX).

The first start holds the lock for as long as it runs; the kernel releases it when the process
ends, however it ends, so a crash leaves nothing that could be mistaken for a running instance.
Holding the lock is what makes removing a stale socket safe and lets the first start listen
for later starts only after its window is on screen (ui/single_instance.py, issue 14): without
it, a second start in that moment could take the name from under the first.

The file lives in the user's private runtime folder beside the socket and is removed when the
holder closes it; ``acquire`` checks that the file it locked is still the one at the path, so a
start that opened the file just before it was removed never holds a lock nobody else can see.
Plain ``os`` and ``fcntl``: no Qt, nothing slow to import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# An attempt loses a race only when the holder removes the file between our open and our lock;
# a few attempts settle it.
_ATTEMPTS = 5


class InstanceLock:
    """An exclusive, non-blocking lock on ``path``; POSIX only (``available`` says so)."""

    available = sys.platform != "win32"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """True if this object holds the lock now; False if another holder has it."""
        if self._fd is not None:
            return True
        if sys.platform == "win32":  # pragma: no cover - the caller checks ``available``
            return False
        import fcntl

        for _ in range(_ATTEMPTS):
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
            fd = os.open(self.path, flags, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, self.path):
                self._fd = fd
                return True
            os.close(fd)  # the holder removed the file after our open: lock the new one
        return False

    def release(self) -> None:
        """Remove the file while still holding the lock, then let go (see the module's note)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if _same_file(fd, self.path):
                self.path.unlink()
        except OSError:
            pass  # already gone, or the folder went read-only: the next holder reuses it
        finally:
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
