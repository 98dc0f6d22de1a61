"""Where the statistics get their records and region from: the one seam to the case store.

The case store lives on another branch; the lead wires these two functions to it. Until then
they say clearly that there is nothing to count.
"""

from __future__ import annotations

import json

from carecoord.errors import CareCoordError
from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.vault.vault import Vault

REGION_KEY = "stats.region"


def records_for_period(vault: Vault, period: Period) -> list[StatsRecord]:
    """One record per person whose first case of ``period`` started in it (see StatsRecord).

    The statistics call this with calendar years only; quarters are cut from the year's records.
    """
    del vault, period
    raise CareCoordError("no case data source")


def region_for(vault: Vault) -> frozenset[str]:
    """The coordinator's region: municipality codes kept in ``vault_meta`` (JSON list)."""
    raw = vault.db.scalar("SELECT value FROM vault_meta WHERE key = ?", (REGION_KEY,))
    if not raw:
        return frozenset()
    return frozenset(str(code) for code in json.loads(raw))


def set_region(vault: Vault, municipalities: frozenset[str]) -> None:
    with vault.db.transaction():
        vault.db.execute(
            "INSERT INTO vault_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (REGION_KEY, json.dumps(sorted(municipalities))),
        )
