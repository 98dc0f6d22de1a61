"""Statistics for one period of the coordinator's region, as the CLI and the app ask for them.

``preview_period`` computes what would leave (every cell, its status and reason, the audit)
without writing anything; ``preview_trends_for`` adds the trend per quarter the Statistics page
draws (carecoord/stats/trend.py: each quarter protected, then checked against the year that is
out; registering nothing); ``export_period`` writes it where the user chose, logging the export
in the same transaction as the export register. Runs on the vault worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from carecoord.audit import AccessLog, Action
from carecoord.errors import UsageError
from carecoord.i18n import _
from carecoord.output_paths import folder_for_writing, output_folder
from carecoord.stats import source
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.export import (
    AuditFailed,
    ExportResult,
    audit_failure_message,
    export_release,
    preview,
)
from carecoord.stats.period import Period
from carecoord.stats.register import prior_releases
from carecoord.stats.release import Release
from carecoord.stats.tables import STANDARD_IDS
from carecoord.stats.trend import Trend, preview_trends
from carecoord.vault import Vault


def preview_period(
    vault: Vault,
    period: Period,
    settings: DisclosureSettings | None = None,
    table_ids: Sequence[str] = STANDARD_IDS,
) -> Release:
    population = source.region_for(vault)
    if not population:
        raise UsageError(_("No region is configured: run 'carecoord stats region GM…' first."))
    records = source.records_for_period(vault, period.year_period)
    return preview(vault.db, records, period, population, settings, table_ids=table_ids)


def preview_trends_for(vault: Vault, shown: Release) -> dict[str, Trend]:
    """The trend per quarter beside a preview ``shown``: each trend table's total per quarter of
    its year: each quarter protected with the register, then checked against what ``shown`` and
    the register say of the year (trend.py). Registers nothing."""
    period = Period.from_id(shown.period_id)
    records = source.records_for_period(vault, period.year_period)
    return preview_trends(records, shown, prior_releases(vault.db, period.year))


def export_period(
    vault: Vault, release: Release, out_dir: Path, formats: Sequence[str] = ("csv", "xlsx", "pdf")
) -> ExportResult:
    if not release.audit_ok:
        raise AuditFailed(audit_failure_message(release))
    # Never into the vault; a missing folder is made owner-only (DESIGN.md section 5).
    out_dir = output_folder(Path(out_dir), vault.folder, create=False)
    # Logged in the same transaction as the export register: if writing fails, neither stays
    # (nor the folder made for it).
    with folder_for_writing(out_dir), vault.db.transaction():
        AccessLog(vault).record(
            Action.EXPORT, detail={"what": "statistics", "period": release.period_id}
        )
        return export_release(vault.db, release, out_dir, formats=formats, created_by=vault.user)
