"""Coordinator settings kept inside the vault (they reveal the region, so not in QSettings)."""

from __future__ import annotations

import json
from typing import Any

from carecoord.domain.codelists import codelist
from carecoord.domain.municipalities import is_municipality
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.vault.database import Database

REGION = "region.municipalities"
EXIT_SCHEME_NAME = "exit_programme.scheme_name"
DEFAULT_EXIT_SCHEME_NAME = "Uitstapprogramma"
# The regional pilots name the identification routes differently (e.g. "MDT-beoordeling",
# "multidisciplinaire toets"): the region's words per code; the codes stay fixed for statistics.
IDENTIFICATION_LABELS = "identification.route_labels"
MAX_LABEL = 100


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

    def identification_labels(self) -> dict[str, str]:
        """The region's label per identification route code; a code without one (or all, when
        empty) shows the code list's label."""
        stored = self.get(IDENTIFICATION_LABELS, {})
        routes = codelist("identification_route")
        # A code dropped from the list in a later release is no longer offered.
        return {code: str(label) for code, label in stored.items() if code in routes}

    def set_identification_labels(self, labels: dict[str, str]) -> None:
        """Replace the region's labels; a blank label drops the code back to the list's."""
        routes = codelist("identification_route")
        unknown = sorted(code for code in labels if code not in routes)
        if unknown:
            raise InputRejected(
                _("Unknown identification routes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        cleaned = {code: " ".join(label.split()) for code, label in labels.items()}
        if any(not label.isprintable() for label in cleaned.values()):
            raise InputRejected(_("A label of an identification route holds a control character."))
        if any(len(label) > MAX_LABEL for label in cleaned.values()):
            raise InputRejected(
                _("A label of an identification route has at most %(max)d characters.")
                % {"max": MAX_LABEL}
            )
        self.put(IDENTIFICATION_LABELS, {code: text for code, text in cleaned.items() if text})
