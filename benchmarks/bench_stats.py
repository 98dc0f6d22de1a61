"""Statistics export benchmark (issue 7): the standard set for one year of a large region.

100 000 synthetic person records spread over ten years and a region of 24 municipalities (and,
since issue 15, the records of the persons whose bedenktijd ended or whose case closed); one
year (about 10 000 persons) is protected (primary suppression, exact MILP secondary suppression,
LP audit) and written as CSV, metadata, XLSX and PDF. Target: ≤ 5 s.

Since issue 13 every export is audited jointly with the registered releases of the same year whose
municipalities overlap; ``stats_export_year_after_smaller_region`` measures that case at the same
size (the year for the whole region after the year for all but one municipality).

Run: ``.venv/bin/python -m benchmarks stats`` (prints the rows and stores them under ``"stats"``
in benchmarks/results.json, next to the vault area's measurements).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

from carecoord.stats import records as r
from carecoord.stats.export import export_statistics
from carecoord.stats.period import Period
from carecoord.stats.records import Referral, StatsRecord
from carecoord.vault import migrations
from carecoord.vault.database import Database

REGION = tuple(f"GM{1000 + i:04d}" for i in range(24))
FIRST_YEAR = 2015
YEARS = 10
TARGET_SECONDS = 5.0
RESULTS = Path(__file__).with_name("results.json")


def _weighted(rng: random.Random, options: tuple[str, ...], skew: float = 1.6) -> str:
    weights = [1.0 / (i + 1) ** skew for i in range(len(options))]
    return rng.choices(options, weights)[0]


def synthetic_records(count: int, seed: int = 7) -> list[StatsRecord]:
    """Plausibly skewed coded records; no names or dates of birth exist at this level."""
    rng = random.Random(seed)
    forms = tuple(f for f in get_args(r.ExploitationForm) if f != "unknown")
    out = []
    start = date(FIRST_YEAR, 1, 1)
    span = (date(FIRST_YEAR + YEARS, 1, 1) - start).days
    for i in range(count):
        form_count = rng.choices((0, 1, 2), (0.05, 0.85, 0.10))[0]
        out.append(
            StatsRecord(
                person_key=f"p{i:06d}",
                case_start=start + timedelta(days=rng.randrange(span)),
                municipality=_weighted(rng, REGION, 1.0),
                exploitation_forms=frozenset(rng.sample(forms, form_count)),
                gender=_weighted(rng, get_args(r.Gender)),
                age_group=_weighted(rng, ("adult", "minor", "unknown")),
                signaller=_weighted(rng, get_args(r.Signaller), 1.0),
                nationality_group=_weighted(rng, ("non_eu", "eu", "nl", "unknown"), 1.0),
                shelter_types=frozenset(
                    rng.sample(get_args(r.ShelterType), rng.choices((0, 1, 2), (0.5, 0.4, 0.1))[0])
                ),
                milestones=frozenset(
                    get_args(r.Milestone)[
                        : rng.choices(range(6), (0.7, 0.1, 0.08, 0.06, 0.04, 0.02))[0]
                    ]
                ),
                referrals=tuple(
                    Referral(
                        type=_weighted(rng, get_args(r.ReferralType), 1.0),
                        status=_weighted(rng, get_args(r.ReferralStatus), 1.0),
                    )
                    for _ in range(rng.choices((0, 1, 2, 3), (0.3, 0.4, 0.2, 0.1))[0])
                ),
                location_type=_weighted(rng, get_args(r.LocationType), 1.0),
                sector=_weighted(rng, get_args(r.Sector), 1.0),
            )
        )
    return _with_tracks(out, seed)


def _with_tracks(records: list[StatsRecord], seed: int) -> list[StatsRecord]:
    """Issue 15's facts, from a random source of their own (the records above stay as they were,
    so that timings compare with earlier runs): a permit for a third of the non-EU persons, labour
    migrants among the labour cases, and the records of the cohorts that count a bedenktijd that
    ended (most non-EU persons) and a case that closed (most persons), dated after the start."""
    rng = random.Random(seed + 1)
    grounds, states = get_args(r.PermitGround), get_args(r.PermitState)
    out, cohorts = [], []
    for record in records:
        facts: dict[str, Any] = {}
        if record.nationality_group == "non_eu" and rng.random() < 0.35:
            facts["permit_ground"] = _weighted(rng, grounds)
            facts["permit_state"] = _weighted(rng, states)
        if "labour" in record.exploitation_forms and rng.random() < 0.6:
            facts["labour_migrant"] = True
            facts["residence_registration"] = _weighted(rng, get_args(r.ResidenceRegistration))
        out.append(record.model_copy(update=facts) if facts else record)
        if record.nationality_group == "non_eu" and rng.random() < 0.7:
            cohorts.append(
                record.model_copy(
                    update={
                        "cohort": "reflection_ended",
                        "case_start": record.case_start + timedelta(days=rng.randint(14, 92)),
                        "reflection_outcome": _weighted(rng, get_args(r.ReflectionOutcome)),
                    }
                )
            )
        if rng.random() < 0.8:
            cohorts.append(
                record.model_copy(
                    update={
                        "cohort": "closed",
                        "case_start": record.case_start + timedelta(days=rng.randint(30, 900)),
                        "closure_reason": _weighted(rng, get_args(r.ClosureReason)),
                    }
                )
            )
    return out + cohorts


def run_stats_benchmarks() -> list[dict[str, Any]]:
    started = time.perf_counter()
    records = synthetic_records(100_000)
    generated = time.perf_counter() - started
    year = FIRST_YEAR + YEARS // 2
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "bench.db", None, create=True)
        try:
            migrations.migrate(db)
            started = time.perf_counter()
            result = export_statistics(
                db,
                records,
                Period(year=year),
                frozenset(REGION),
                Path(folder) / "out",
                created_by="bench",
            )
            seconds = time.perf_counter() - started
        finally:
            db.close()
    release = result.release
    results.append(
        {
            "name": "stats_export_year_standard_set",
            "seconds": round(seconds, 3),
            "target_seconds": TARGET_SECONDS,
            "ok": seconds <= TARGET_SECONDS and release.audit_ok,
            "records_total": len(records),
            "generate_seconds": round(generated, 3),
            "cells": sum(len(t.cells) for t in release.tables),
            "withheld": release.withheld,
            "milp_rounds": release.milp_rounds,
            "audited": len(release.audit),
        }
    )
    results.append(_after_smaller_region(records, year))
    results.append(_linked_sequence(records, year))
    return results


def store(results: list[dict[str, Any]], path: Path = RESULTS) -> None:
    """Keep the other areas' measurements; replace this area's."""
    document: dict[str, Any] = {}
    if path.exists():
        document = json.loads(path.read_text(encoding="utf-8"))
    document["stats"] = results
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")


def _after_smaller_region(records: list[StatsRecord], year: int) -> dict[str, Any]:
    """The year for the whole region after the year for all but its last municipality: the
    region's difference is one municipality, audited jointly (atoms) with the earlier release."""
    smaller = frozenset(REGION[:-1])
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "bench.db", None, create=True)
        try:
            migrations.migrate(db)
            export_statistics(
                db, records, Period(year=year), smaller, Path(folder) / "a", created_by="bench"
            )
            started = time.perf_counter()
            result = export_statistics(
                db,
                records,
                Period(year=year),
                frozenset(REGION),
                Path(folder) / "b",
                created_by="bench",
            )
            seconds = time.perf_counter() - started
        finally:
            db.close()
    release = result.release
    return {
        "name": "stats_export_year_after_smaller_region",
        "seconds": round(seconds, 3),
        "target_seconds": TARGET_SECONDS,
        "ok": seconds <= TARGET_SECONDS and release.audit_ok,
        "linked_exports": len(release.linked_exports),
        "cells": sum(len(t.cells) for t in release.tables),
        "withheld": release.withheld,
        "milp_rounds": release.milp_rounds,
        "audited": len(release.audit),
    }


def _linked_sequence(records: list[StatsRecord], year: int) -> dict[str, Any]:
    """A small region (the six smallest municipalities) exporting Q1, the year, then Q2.

    Not part of the issue's target; reported because later linked exports are the expensive
    case (the audit and the MILP see every earlier export of the year).
    """
    region = frozenset(REGION[-6:])
    timings = {}
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "bench.db", None, create=True)
        try:
            migrations.migrate(db)
            for period in (
                Period(year=year, quarter=1),
                Period(year=year),
                Period(year=year, quarter=2),
            ):
                started = time.perf_counter()
                export_statistics(
                    db,
                    records,
                    period,
                    region,
                    Path(folder) / period.id,
                    created_by="bench",
                    formats=("csv",),
                )
                timings[period.id] = round(time.perf_counter() - started, 3)
        finally:
            db.close()
    persons = sum(1 for r in records if r.case_start.year == year and r.municipality in region)
    return {
        "name": "stats_linked_q1_year_q2_small_region",
        "seconds": round(sum(timings.values()), 3),
        "per_export_seconds": timings,
        "persons_in_year": persons,
    }


if __name__ == "__main__":
    for row in run_stats_benchmarks():
        print(row)
