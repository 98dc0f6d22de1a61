"""The vault worker: one serial thread for all vault work (Anki's CollectionOp, Electrum's TaskThread).

The GUI thread never waits on the database: it submits a callable, and the result or the error
comes back to the GUI thread by a queued signal.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from carecoord.errors import CareCoordError


class _Executor(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def execute(self, job_id: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except CareCoordError as exc:
            self.failed.emit(job_id, exc)
        except Exception as exc:
            self.failed.emit(
                job_id, CareCoordError(f"Unexpected internal error ({type(exc).__name__}).")
            )
        else:
            self.done.emit(job_id, result)


class VaultWorker(QObject):
    """Runs callables one at a time on its own thread, in submission order."""

    _submit = Signal(int, object)
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
        self._submit.emit(job_id, fn)
        return job_id

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def _pop(self, job_id: int) -> tuple[Callable[[Any], None], Callable[[CareCoordError], None]]:
        callbacks = self._callbacks.pop(job_id)
        if not self._callbacks:
            self.busyChanged.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        if job_id in self._callbacks:
            self._pop(job_id)[0](result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: object) -> None:
        assert isinstance(error, CareCoordError)
        self._pop(job_id)[1](error)

    def shutdown(self) -> None:
        """Finish every job already submitted (a pending lock above all), then stop the thread."""
        self._submit.emit(0, lambda: QThread.currentThread().quit())
        self._thread.wait()
