"""The vault worker: one serial thread for all vault work (Anki's CollectionOp, Electrum's TaskThread).

The GUI thread never waits on the database: it submits a callable, and the result or the error
comes back to the GUI thread by a queued signal.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from carecoord.error_log import log_unexpected
from carecoord.errors import CareCoordError, UnexpectedError, known_database_error
from carecoord.i18n import _


def unexpected_message() -> str:
    return _(
        "Something unexpected went wrong and this was not done. Its type and place in the"
        " program (no client data) were written to the log for the administrator."
    )


class _Executor(QObject):
    """Lives on the worker thread. Only job ids cross threads through Qt; the callables and their
    results are handed over in Python dicts under a lock. (Passing arbitrary Python objects,
    None included, through queued ``object`` signals crashed PySide6 6.12 with a refcount error.)
    """

    done = Signal(int)
    failed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.jobs: dict[int, Callable[[], Any]] = {}
        self.results: dict[int, Any] = {}

    @Slot(int)
    def execute(self, job_id: int) -> None:
        with self.lock:
            fn = self.jobs.pop(job_id)
        try:
            result: Any = fn()
        except CareCoordError as exc:
            outcome, ok = exc, False
        except Exception as exc:
            # A full disk, an I/O error … is named, as on the command line (errors.py). Anything
            # else is a bug, not a refusal: its type and place go to the administrator's log
            # (never its message, which may hold client data); the user gets one line in their
            # language.
            known = known_database_error(exc)
            if known is None:
                log_unexpected(exc, "vault worker")
            outcome, ok = known or UnexpectedError(unexpected_message()), False
        else:
            outcome, ok = result, True
        with self.lock:
            self.results[job_id] = outcome
        (self.done if ok else self.failed).emit(job_id)

    def take(self, job_id: int) -> Any:
        with self.lock:
            return self.results.pop(job_id)


class VaultWorker(QObject):
    """Runs callables one at a time on its own thread, in submission order."""

    _submit = Signal(int)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("vault-worker")
        self._executor = _Executor()
        self._executor.moveToThread(self._thread)
        self._submit.connect(self._executor.execute)
        self._executor.done.connect(self._on_done)
        self._executor.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._callbacks: dict[
            int, tuple[Callable[[Any], None], Callable[[CareCoordError], None]]
        ] = {}
        self._thread.start()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] = lambda _r: None,
        on_error: Callable[[CareCoordError], None] = lambda _e: None,
    ) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busyChanged.emit(True)
        with self._executor.lock:
            self._executor.jobs[job_id] = fn
        self._submit.emit(job_id)
        return job_id

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def _pop(self, job_id: int) -> tuple[Callable[[Any], None], Callable[[CareCoordError], None]]:
        callbacks = self._callbacks.pop(job_id)
        if not self._callbacks:
            self.busyChanged.emit(False)
        return callbacks

    @Slot(int)
    def _on_done(self, job_id: int) -> None:
        result = self._executor.take(job_id)
        if job_id in self._callbacks:
            self._pop(job_id)[0](result)

    @Slot(int)
    def _on_failed(self, job_id: int) -> None:
        error = self._executor.take(job_id)
        assert isinstance(error, CareCoordError)
        if job_id in self._callbacks:
            self._pop(job_id)[1](error)

    def shutdown(self) -> None:
        """Finish every job already submitted (a pending lock above all), then stop the thread."""
        with self._executor.lock:
            self._executor.jobs[0] = lambda: QThread.currentThread().quit()
        self._submit.emit(0)
        self._thread.wait()
