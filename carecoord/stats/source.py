"""Where the statistics get their records and region from: the one seam to the case store.

Statistics see only coded :class:`StatsRecord` objects (validated here from the coded rows of
``carecoord.store.stats_source``; the statistics import the store, never the other way round);
the region is the coordinator's region kept in the vault's settings, the same one the app shows.
"""

from __future__ import annotations

from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.store.stats_source import coded_rows_for_year
from carecoord.vault.vault import Vault
from carecoord.workspace import open_store


def records_for_period(vault: Vault, period: Period) -> list[StatsRecord]:
    """One record per person whose first case of the period's year started in that year.

    The statistics call this with calendar years only; quarters are cut from the year's records.
    Reading coded facts only (no names, no free text), so it is not an access to a client file.
    """
    return [StatsRecord.model_validate(row) for row in coded_rows_for_year(vault.db, period.year)]


def region_for(vault: Vault) -> frozenset[str]:
    return frozenset(open_store(vault).settings.region())


def set_region(vault: Vault, municipalities: frozenset[str]) -> None:
    open_store(vault).settings.set_region(sorted(municipalities))
