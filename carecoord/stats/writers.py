"""Machine-readable files of an export: one CSV per table and metadata.json (DESIGN.md §5)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from typing import Any

from carecoord.stats.disclosure_settings import ROUNDING_BASE
from carecoord.stats.period import Period
from carecoord.stats.release import Release, TableRelease
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
        # One status for every withheld cell: a primary and a secondary must look alike.
        writer.writerow(
            [*cell.coords, "" if cell.value is None else cell.value, cell.published_status]
        )
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
            + "; a number holding every person of a total is unsafe (group disclosure)"
            + f"; a table of fewer than {s.k} persons is withheld as a whole"
            + (
                "; a table in which one number holds a whole total is withheld as a whole"
                if s.mode == "round5"
                else ""
            )
        ),
        "zeros_unsafe": s.zeros_unsafe,
        "group_disclosure": True,
        "status": "F published, C withheld (unsafe, or withheld to protect an unsafe number)",
    }
    if s.mode == "suppress":
        rules["secondary"] = {
            "method": "exact mixed-integer program (HiGHS) with attacker-cut generation",
            "information_loss": s.cost,
            "note": "a withheld number may be zero",
        }
        rules["protection_criterion"] = (
            f"for every unsafe number, upper − lower ≥ {s.k} in the attacker's LP"
        )
    else:
        rules["rounding"] = {
            "base": ROUNDING_BASE,
            "method": "conventional, half up; totals rounded independently; not additive",
        }
        rules["protection_criterion"] = (
            "no withheld number can be narrowed below what the rules say of it "
            f"(upper − lower ≥ {s.required_width:g}) in the attacker's LP with published "
            "numbers known within their rounding interval"
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
                # Which persons (issue 15): tables of one cohort and restriction count the same
                # persons and share their totals; "only" counts a part of the cohort.
                "cohort": d.cohort,
                "only": d.only,
                "dimensions": [
                    {"name": dim.name, "codes": list(codes)}
                    for dim, codes in zip(d.dimensions, table.codes, strict=True)
                ],
                "cells": len(table.cells),
                "mostly_hidden": table.mostly_hidden,
                "advice": table.advice,
            }
        )
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
        # Only the total: primary and secondary counts, or per-cell ranges, would tell the
        # attacker which withheld cells are the small ones (issue 13).
        "withheld": release.withheld,
        "tables": tables,
        "audit": {
            "attacker": "linear programming over every number published in this export and in "
            "earlier exports of the same year whose municipalities overlap (margins, year = sum "
            "of quarters, region = sum of its groups of municipalities, non-negativity, what the "
            "published rules imply, LP relaxation)",
            "all_protected": release.audit_ok,
            "linked_exports": list(release.linked_exports),
        },
        "files": dict(sorted(files.items())),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
