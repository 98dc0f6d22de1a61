"""Auto-lock: after idle time, on the OS screen lock where the platform reports it, and on Ctrl+L."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import SLOT, QCoreApplication, QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

DEFAULT_IDLE_MINUTES = 5
WARNING_MS = 30_000
# The session bus is joined once the window had its first frame (the window system needs a few
# turns of the event loop for that): QtDBus and the connection are not part of the start.
BUS_AFTER_SHOW_MS = 100


@cache
def _activity() -> frozenset[QEvent.Type]:
    # Built at the first unlock, not at import: QEvent and its Type, a Python enum of some 180
    # members, are created when first used, and the unlock screen does not use them (issue 14).
    from PySide6.QtCore import QEvent

    return frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )


class IdleLock(QObject):
    """Emits ``lockRequested`` after ``minutes`` without keyboard or mouse input in the app, and
    ``lockWarning(seconds)`` shortly before, so a form with typed input can say it will be
    discarded; ``activityResumed`` follows a warning when the coordinator is back.

    It watches the application's events only while armed (unlocked): a Python event filter on
    the application is called for every event, and each call wraps the event in a Python object
    (creating its class and enums the first time). On the locked screen that was most of the
    time from ``show()`` to the first painted window (issue 14); nothing is watched there anyway.
    """

    lockRequested = Signal()
    lockWarning = Signal(int)
    activityResumed = Signal()

    def __init__(self, minutes: int = DEFAULT_IDLE_MINUTES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lockRequested)
        self._warn = QTimer(self)
        self._warn.setSingleShot(True)
        self._warn.timeout.connect(self._warn_now)
        self._armed = False
        self._warned = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        # Warn 30 seconds ahead, or halfway for very short intervals (tests, demos).
        self._warn.setInterval(max(ms - WARNING_MS, ms // 2))
        if self._armed:
            self._restart()

    @property
    def warning_seconds(self) -> int:
        return round((self._timer.interval() - self._warn.interval()) / 1000)

    def _restart(self) -> None:
        self._timer.start()
        self._warn.start()
        if self._warned:
            self._warned = False
            self.activityResumed.emit()

    def _warn_now(self) -> None:
        self._warned = True
        self.lockWarning.emit(self.warning_seconds)

    def arm(self) -> None:
        self._armed = True
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # Qt keeps one entry per filter: arming twice is fine
        self._restart()

    def disarm(self) -> None:
        self._armed = False
        self._warned = False
        self._timer.stop()
        self._warn.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _activity():
            self._restart()
        return False


class ScreenLockWatcher(QObject):
    """Emits ``screenLocked`` when the desktop's screen saver activates (freedesktop D-Bus).

    Windows and macOS do not report this to Qt; there the idle timer and Ctrl+L remain.
    Connects to the session bus a moment after it is made (``BUS_AFTER_SHOW_MS``; issue 14):
    until then the app is on its locked screen anyway.
    """

    screenLocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected = False
        QTimer.singleShot(BUS_AFTER_SHOW_MS, self, self.connect_to_bus)

    def connect_to_bus(self) -> None:
        if self.connected:
            return
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus ships in Essentials on Linux
            return
        bus = QDBusConnection.sessionBus()
        if bus.isConnected():
            self.connected = bus.connect(
                "",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                self,
                SLOT("onActiveChanged(bool)").encode(),
            )

    @Slot(bool)
    def onActiveChanged(self, active: bool) -> None:
        if active:
            self.screenLocked.emit()
