"""Preview and export: protect, write every file atomically, record in the register.

Runs on the vault worker (it reads and writes the vault database).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from carecoord import __version__
from carecoord.atomic import write_atomic
from carecoord.errors import CareCoordError, InputRejected, UsageError
from carecoord.i18n import _
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.period import Period
from carecoord.stats.protect import protect, region_refusal
from carecoord.stats.records import StatsRecord
from carecoord.stats.register import prior_releases, record_export
from carecoord.stats.release import Release
from carecoord.stats.tables import STANDARD_IDS
from carecoord.stats.trend import Trend, released_trends
from carecoord.stats.writers import METADATA, metadata_json, sha256, table_csv
from carecoord.vault.database import Database

FORMATS = ("csv", "xlsx", "pdf")
WORKBOOK = "statistieken.xlsx"
REPORT = "rapport.pdf"


class AuditFailed(InputRejected):
    """The audit found an unsafe number that is not protected; nothing was written (exit 5)."""


def audit_failure_message(release: Release) -> str:
    if release.other_regions:
        return region_refusal()
    if release.settings.mode == "round5":
        return _(
            "The disclosure audit found a number that could be worked out too precisely; "
            "nothing was exported. Rounding alone cannot protect these tables; use suppression "
            "instead."
        )
    return _(
        "The disclosure audit found a number that could be worked out too precisely; "
        "nothing was exported."
    )


@dataclass(frozen=True)
class ExportResult:
    export_id: str
    folder: Path
    files: dict[str, str]  # name -> SHA-256
    release: Release


# Called after a successful export with (export id, period id, file names): the access log
# (issue 3's area) hooks in here without this module importing it.
EXPORT_HOOKS: list[Callable[[str, str, list[str]], None]] = []


def preview(
    db: Database,
    records: Sequence[StatsRecord],
    period: Period,
    population: frozenset[str],
    settings: DisclosureSettings | None = None,
    *,
    table_ids: Sequence[str] = STANDARD_IDS,
) -> Release:
    """What would leave: every cell with value, status and reason, and the audit. Writes nothing."""
    return protect(
        records,
        period,
        population,
        settings,
        table_ids=table_ids,
        history=prior_releases(db, period.year),
    )


def parse_formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UsageError(
            _("Formats must be a comma-separated choice of: %(formats)s.")
            % {"formats": ", ".join(FORMATS)}
        )
    return chosen


def render_files(
    release: Release,
    formats: Sequence[str],
    *,
    export_id: str,
    created_at: datetime,
    app_version: str = __version__,
    trends: dict[str, Trend] | None = None,
) -> dict[str, bytes]:
    """Every file of the export in memory, metadata.json last (it holds the others' hashes).

    ``trends``: the report's quarters, only as registered exports published them (trend.py).
    """
    files: dict[str, bytes] = {}
    if "csv" in formats:
        for table in release.tables:
            files[f"{table.table_id}.csv"] = table_csv(table)
    if "xlsx" in formats:
        from carecoord.stats.xlsx_writer import workbook_bytes

        files[WORKBOOK] = workbook_bytes(release, export_id=export_id, created_at=created_at)
    if "pdf" in formats:
        from carecoord.stats.pdf_report import report_bytes

        files[REPORT] = report_bytes(
            release,
            export_id=export_id,
            created_at=created_at,
            app_version=app_version,
            trends=trends,
        )
    hashes = {name: sha256(data) for name, data in files.items()}
    files[METADATA] = metadata_json(
        release,
        export_id=export_id,
        created_at=created_at,
        app_version=app_version,
        files=hashes,
    )
    return files


def export_release(
    db: Database,
    release: Release,
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    created_by: str,
    export_id: str | None = None,
    created_at: datetime | None = None,
) -> ExportResult:
    """Write a protected release into ``out_dir`` and record it in the export register."""
    if not release.audit_ok:
        raise AuditFailed(audit_failure_message(release))
    export_id = export_id or uuid.uuid4().hex
    created_at = created_at or datetime.now(UTC).replace(microsecond=0)
    out_dir = Path(out_dir)
    if (out_dir / METADATA).exists():
        # Mixing files of two exports in one folder would misstate what was released together.
        raise UsageError(
            _(
                "The folder %(out_dir)s already holds an export (metadata.json); choose another folder."
            )
            % {"out_dir": out_dir}
        )
    # Read before this export is registered: the report repeats only what earlier exports published.
    year = Period.from_id(release.period_id).year
    trends = released_trends(release, prior_releases(db, year))
    files = render_files(
        release, formats, export_id=export_id, created_at=created_at, trends=trends
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CareCoordError(
            _("The folder %(out_dir)s cannot be created (%(strerror)s).")
            % {"out_dir": out_dir, "strerror": exc.strerror}
        ) from exc
    written: list[Path] = []
    try:
        for name, data in files.items():
            target = out_dir / name
            write_atomic(target, data)
            written.append(target)
        hashes = {name: sha256(data) for name, data in files.items()}
        record_export(
            db,
            release,
            export_id=export_id,
            created_at=created_at,
            created_by=created_by,
            app_version=__version__,
            files=hashes,
        )
    except BaseException as exc:
        # An export that is not in the register must not exist: later exports could not
        # protect against it.
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(exc, OSError):
            raise CareCoordError(
                _("Writing the export to %(out_dir)s failed (%(strerror)s); nothing was exported.")
                % {"out_dir": out_dir, "strerror": exc.strerror}
            ) from exc
        raise
    for hook in EXPORT_HOOKS:
        hook(export_id, release.period_id, sorted(files))
    return ExportResult(export_id, out_dir, hashes, release)


def export_statistics(
    db: Database,
    records: Sequence[StatsRecord],
    period: Period,
    population: frozenset[str],
    out_dir: Path,
    *,
    created_by: str,
    settings: DisclosureSettings | None = None,
    formats: Sequence[str] = FORMATS,
    table_ids: Sequence[str] = STANDARD_IDS,
    export_id: str | None = None,
    created_at: datetime | None = None,
) -> ExportResult:
    release = preview(db, records, period, population, settings, table_ids=table_ids)
    return export_release(
        db,
        release,
        out_dir,
        formats=formats,
        created_by=created_by,
        export_id=export_id,
        created_at=created_at,
    )
