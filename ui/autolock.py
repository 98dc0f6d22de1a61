"""Auto-lock: after idle time, on the OS screen lock where the platform reports it, and on Ctrl+L."""

from __future__ import annotations

from PySide6.QtCore import SLOT, QEvent, QObject, QTimer, Signal, Slot

DEFAULT_IDLE_MINUTES = 5

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Emits ``lockRequested`` after ``minutes`` without keyboard or mouse input in the app."""

    lockRequested = Signal()

    def __init__(self, minutes: int = DEFAULT_IDLE_MINUTES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lockRequested)
        self.set_minutes(minutes)
        self._armed = False

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self._timer.start()

    def arm(self) -> None:
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _ACTIVITY:
            self._timer.start()
        return False


class ScreenLockWatcher(QObject):
    """Emits ``screenLocked`` when the desktop's screen saver activates (freedesktop D-Bus).

    Windows and macOS do not report this to Qt; there the idle timer and Ctrl+L remain.
    """

    screenLocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected = False
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
