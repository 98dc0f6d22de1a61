"""Retention of risk locations (issue 18): which closed locations are due, and destroying them.

A watched location is kept (it is current work). A closed location is destroyed when
``RetentionRules.closed_location_years`` (default 5) have passed since it was last seen: its
name, address, controls and links go; the signals and cases that were linked to it stay, and
follow their own retention. The period is a vault setting beside the cases' periods
(``retention.rules``); the default follows the five years of the Selectielijst gemeenten 2020
for information that led to no care (docs/retention.md).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from carecoord.store.retention_repository import RetentionRules, add_years
from carecoord.vault.database import Database


class DueLocation(BaseModel):
    """A closed location past its period: its id and dates only (never its name)."""

    model_config = ConfigDict(frozen=True)

    location_id: int
    last_seen: date
    due_on: date


def closed_locations(db: Database, rules: RetentionRules) -> list[DueLocation]:
    years = rules.closed_location_years
    found = [
        DueLocation(
            location_id=int(location_id),
            last_seen=date.fromisoformat(last_seen),
            due_on=add_years(date.fromisoformat(last_seen), years),
        )
        for location_id, last_seen in db.all(
            "SELECT id, last_seen FROM risk_locations WHERE status = 'closed' ORDER BY last_seen, id"
        )
    ]
    found.sort(key=lambda d: (d.due_on, d.location_id))
    return found


def due_locations(db: Database, rules: RetentionRules, today: date) -> list[DueLocation]:
    return [d for d in closed_locations(db, rules) if d.due_on <= today]


def destroy_location(db: Database, location_id: int) -> None:
    """The location and what hangs on it (caller's transaction). Controls and case links go by
    ON DELETE CASCADE, a signal's link by ON DELETE SET NULL (schema 0053)."""
    db.execute("DELETE FROM risk_locations WHERE id = ? AND status = 'closed'", (location_id,))
