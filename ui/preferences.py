"""Application preferences in QSettings: never client data, document names or paths to them."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from carecoord.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ui.autolock import DEFAULT_IDLE_MINUTES

ALLOWED_KEYS = {"language", "idle_minutes", "font_scale"}


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings()

    def _get(self, key: str, default: object) -> object:
        return self._s.value(key, default)

    def _set(self, key: str, value: object) -> None:
        assert key in ALLOWED_KEYS, key  # a new key must be reviewed for what it could leak
        self._s.setValue(key, value)
        self._s.sync()

    @property
    def language(self) -> str:
        value = str(self._get("language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value)

    @property
    def idle_minutes(self) -> int:
        try:
            return max(1, min(60, int(str(self._get("idle_minutes", DEFAULT_IDLE_MINUTES)))))
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    @idle_minutes.setter
    def idle_minutes(self, value: int) -> None:
        self._set("idle_minutes", int(value))

    @property
    def font_scale(self) -> int:
        try:
            return max(80, min(200, int(str(self._get("font_scale", 100)))))
        except ValueError:
            return 100

    @font_scale.setter
    def font_scale(self, value: int) -> None:
        self._set("font_scale", int(value))
