"""Coordinator settings kept inside the vault (they reveal the region, so not in QSettings)."""

from __future__ import annotations

import json
from typing import Any

from carecoord.domain.municipalities import is_municipality
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault.database import Database

REGION = "region.municipalities"
EXIT_SCHEME_NAME = "exit_programme.scheme_name"
DEFAULT_EXIT_SCHEME_NAME = "Uitstapprogramma"


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        raw = self._db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def put(self, key: str, value: Any) -> None:
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def region(self) -> tuple[str, ...]:
        """The municipalities (CBS codes) the coordinator covers; empty until configured."""
        return tuple(self.get(REGION, []))

    def set_region(self, codes: list[str] | tuple[str, ...]) -> None:
        unknown = sorted(c for c in set(codes) if not is_municipality(c))
        if unknown:
            raise InputRejected(
                _("Unknown municipality codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        self.put(REGION, sorted(set(codes)))

    def exit_scheme_name(self) -> str:
        return str(self.get(EXIT_SCHEME_NAME, DEFAULT_EXIT_SCHEME_NAME))

    def set_exit_scheme_name(self, name: str) -> None:
        name = name.strip()
        if not name or len(name) > 100:
            raise InputRejected(_("The exit programme's name has 1 to 100 characters."))
        self.put(EXIT_SCHEME_NAME, name)
