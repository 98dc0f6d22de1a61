"""Risk locations, controls and their links (store.locations, issue 18): the writes as ops and
the reads the Risicolocaties page makes, all on the vault worker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from carecoord.domain.location import (
    LocationControl,
    LocationDossier,
    LocationSummary,
    RiskLocation,
)
from carecoord.stats.export import ExportResult
from carecoord.stats.period import Period
from carecoord.stats.release import Release
from carecoord.stats.service import export_period, preview_period
from carecoord.stats.tables import REGION_IDS
from carecoord.vault import Vault
from ui.operations import Changes, Op
from ui.operations.store_access import store_of

# A link shows on the location's page, in the signals list and in the case file.
LINKS = Changes.LOCATIONS | Changes.SIGNALS | Changes.CASES


def add(location: RiskLocation) -> Op[int]:
    return Op(lambda v: store_of(v).locations.add(location), Changes.LOCATIONS)


def update(location: RiskLocation) -> Op[None]:
    return Op(lambda v: store_of(v).locations.update(location), Changes.LOCATIONS)


def record_control(control: LocationControl) -> Op[int]:
    return Op(lambda v: store_of(v).locations.record_control(control), Changes.LOCATIONS)


def link_signal(signal_id: int, location_id: int | None) -> Op[None]:
    return Op(lambda v: store_of(v).signals.set_location(signal_id, location_id), LINKS)


def link_case(case_id: int, location_id: int) -> Op[None]:
    return Op(lambda v: store_of(v).locations.link_case(case_id, location_id), LINKS)


def unlink_case(case_id: int, location_id: int) -> Op[None]:
    return Op(lambda v: store_of(v).locations.unlink_case(case_id, location_id), LINKS)


# -- reads ------------------------------------------------------------------------------------
def register(
    vault: Vault,
    *,
    municipality: str | None,
    location_type: str | None,
    status: str | None,
) -> list[LocationSummary]:
    return store_of(vault).locations.register(
        municipality=municipality, location_type=location_type, status=status
    )


def dossier(vault: Vault, location_id: int) -> LocationDossier:
    return store_of(vault).locations.dossier(location_id)


def choices(vault: Vault) -> list[tuple[int, str, str]]:
    return store_of(vault).locations.choices()


def region(vault: Vault) -> tuple[str, ...]:
    """The coordinator's municipalities: offered first when a location is entered."""
    return tuple(store_of(vault).settings.region())


def of_case(vault: Vault, case_id: int) -> list[RiskLocation]:
    return store_of(vault).locations.of_case(case_id)


def links_of_case(vault: Vault, case_id: int) -> int:
    return store_of(vault).locations.links_of_case(case_id)


def region_picture(vault: Vault, period: Period, table_ids: Sequence[str] = REGION_IDS) -> Release:
    """The Regiobeeld: signals, controls and new cases of the period by location type, sector
    and municipality, protected as one release (preview: nothing is written)."""
    return preview_period(vault, period, table_ids=table_ids)


def export_region_picture(vault: Vault, release: Release, folder: Path) -> ExportResult:
    """Write the protected Regiobeeld where the user chose (logged, registered: the same
    release the preview showed)."""
    return export_period(vault, release, folder)
