"""The export register in the vault: what earlier statistics exports published.

Works on any :class:`~carecoord.vault.database.Database` with the ``0020_stats_register`` schema.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from carecoord.stats.release import PriorRelease, RegisteredCell, Release
from carecoord.vault.database import Database


class RegisteredExport(BaseModel):
    model_config = ConfigDict(frozen=True)

    export_id: str
    created_at: str
    created_by: str
    period_id: str
    mode: str
    audit_ok: bool
    files: dict[str, str]


def record_export(
    db: Database,
    release: Release,
    *,
    export_id: str,
    created_at: datetime,
    created_by: str,
    app_version: str,
    files: dict[str, str],
) -> None:
    """Store one export with every published cell, as published (withheld: ``C``); all or nothing."""
    year = int(release.period_id.split("-")[0])
    with db.transaction():
        db.execute(
            "INSERT INTO stats_export (export_id, created_at, created_by, period_id, year, "
            "population, mode, parameters, app_version, audit_ok, files) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                export_id,
                created_at.isoformat(),
                created_by,
                release.period_id,
                year,
                json.dumps(list(release.population)),
                release.settings.mode,
                release.settings.model_dump_json(),
                app_version,
                int(release.audit_ok),
                json.dumps(files, sort_keys=True),
            ),
        )
        db.executemany(
            "INSERT INTO stats_export_cell (export_id, table_id, coords, value, status) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    export_id,
                    cell.table_id,
                    json.dumps(list(cell.coords)),
                    cell.value,
                    cell.published_status,
                )
                for table in release.tables
                for cell in table.cells
            ],
        )


def prior_releases(db: Database, year: int) -> list[PriorRelease]:
    """Every registered export of ``year`` (the year and its quarters, any region), oldest first.

    Each carries its population (municipality codes; recorded since the register exists) and
    the rules it was made with, which tell an attacker what its statuses mean.
    """
    out = []
    rows = db.all(
        "SELECT export_id, period_id, population, mode, parameters FROM stats_export "
        "WHERE year = ? ORDER BY created_at, export_id",
        (year,),
    )
    for export_id, period_id, population, mode, parameters in rows:
        rules = json.loads(parameters)
        cells = tuple(
            RegisteredCell(table_id=t, coords=tuple(json.loads(c)), value=v, status=s)
            for t, c, v, s in db.all(
                "SELECT table_id, coords, value, status FROM stats_export_cell "
                "WHERE export_id = ? ORDER BY table_id, coords",
                (export_id,),
            )
        )
        out.append(
            PriorRelease(
                export_id=export_id,
                period_id=period_id,
                population=tuple(json.loads(population)),
                mode=mode,
                cells=cells,
                k=int(rules.get("k", 5)),
                zeros_unsafe=bool(rules.get("zeros_unsafe", False)),
            )
        )
    return out


def list_exports(db: Database) -> list[RegisteredExport]:
    rows = db.all(
        "SELECT export_id, created_at, created_by, period_id, mode, audit_ok, files "
        "FROM stats_export ORDER BY created_at, export_id"
    )
    return [
        RegisteredExport(
            export_id=r[0],
            created_at=r[1],
            created_by=r[2],
            period_id=r[3],
            mode=r[4],
            audit_ok=bool(r[5]),
            files=json.loads(r[6]),
        )
        for r in rows
    ]
