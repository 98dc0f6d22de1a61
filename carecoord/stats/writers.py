"""Machine-readable files of an export: one CSV per table and metadata.json (DESIGN.md §5)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from typing import Any

from carecoord.stats.period import Period
from carecoord.stats.release import Release, TableRelease
from carecoord.stats.settings import ROUNDING_BASE
from carecoord.stats.text import counting_unit

METADATA = "metadata.json"
FORMAT = "carecoord-stats/1"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_csv(table: TableRelease) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*table.dimension_names, "value", "status"])
    for cell in table.cells:
        writer.writerow([*cell.coords, "" if cell.value is None else cell.value, cell.status])
    return buffer.getvalue().encode("utf-8")


def metadata_json(
    release: Release,
    *,
    export_id: str,
    created_at: datetime,
    app_version: str,
    files: dict[str, str],
) -> bytes:
    period = Period.from_id(release.period_id)
    s = release.settings
    rules: dict[str, Any] = {
        "mode": s.mode,
        "k": s.k,
        "primary": (
            f"a number with 1 ≤ persons < {s.k} is unsafe"
            + ("; zeros are unsafe" if s.zeros_unsafe else "; zeros are published")
            + (
                ""
                if s.mode == "round5" or not s.group_disclosure
                else "; a number holding every person of a published total is unsafe (group disclosure)"
            )
        ),
        "zeros_unsafe": s.zeros_unsafe,
        "group_disclosure": s.group_disclosure and s.mode == "suppress",
    }
    if s.mode == "suppress":
        rules["secondary"] = {
            "method": "exact mixed-integer program (HiGHS) with attacker-cut generation",
            "information_loss": s.cost,
        }
        rules["protection_criterion"] = (
            f"for every primary number, upper − lower ≥ {s.k} in the attacker's LP"
        )
    else:
        rules["rounding"] = {
            "base": ROUNDING_BASE,
            "method": "conventional, half up; totals rounded independently; not additive",
        }
        rules["protection_criterion"] = (
            f"for every suppressed number, upper − lower ≥ {s.required_width:g} in the "
            "attacker's LP with published numbers known within their rounding interval"
        )
    tables = []
    for table in release.tables:
        d = table.definition
        tables.append(
            {
                "table_id": d.table_id,
                "file": f"{d.table_id}.csv" if f"{d.table_id}.csv" in files else None,
                "title_nl": d.title_nl,
                "title_en": d.title_en,
                "unit": d.unit,
                "population": d.population,
                "dimensions": [
                    {"name": dim.name, "codes": list(codes)}
                    for dim, codes in zip(d.dimensions, table.codes, strict=True)
                ],
                "cells": len(table.cells),
                "primary_suppressed": table.count("A"),
                "secondary_suppressed": table.count("D"),
                "mostly_hidden": table.mostly_hidden,
                "advice": table.advice,
            }
        )
    # Only numbers this export marks as suppressed: listing unpublished numbers of other periods
    # would tell which of them are unsafe.
    ranges = [
        {
            "table_id": a.table_id,
            "coords": list(a.coords),
            "status": a.status,
            "lower": a.lower,
            "upper": a.upper,
            "ok": a.ok,
        }
        for a in release.audit
        if a.period_id == release.period_id and a.status in ("A", "D")
    ]
    document = {
        "format": FORMAT,
        "export_id": export_id,
        "created_at": created_at.isoformat(),
        "app_version": app_version,
        "period": {
            "id": period.id,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "population": {
            "municipalities": list(release.population),
            "filter": "persons whose first case of the calendar year started in this period, in "
            "one of these municipalities (so that a year is the sum of its quarters)",
        },
        "counting_unit": counting_unit(release),
        "rules": rules,
        "suppression": {
            "primary": sum(t.count("A") for t in release.tables),
            "secondary": sum(t.count("D") for t in release.tables),
        },
        "tables": tables,
        "audit": {
            "attacker": "linear programming over every number published in this export and in "
            "earlier exports of the same region and year (margins, year = sum of quarters, "
            "non-negativity, LP relaxation)",
            "all_protected": release.audit_ok,
            "linked_exports": list(release.linked_exports),
            "ranges": ranges,
        },
        "files": dict(sorted(files.items())),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
