"""The statistics' view of the case store: one row of coded facts per person and year.

SQL lives here (the store); :mod:`carecoord.stats.source` turns these rows into its
``StatsRecord`` objects, so they never hold names, dates of birth or free text. The rows are plain
dicts, not the statistics' model, so that the store does not import the statistics (which read
from the store; one direction only).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from carecoord.vault.database import Database

# The store's exit-programme milestones onto the steps the statistics count (research/domain.md
# §1.5: aanmelding → intake → trajectplan → gestopt → duurzaam uitgestapt). Aftercare follows
# stopping; a relapse is not a step.
MILESTONE_STEPS = {
    "registered": "registered",
    "intake": "intake",
    "plan_agreed": "plan_agreed",
    "stopped_sex_work": "exited",
    "aftercare": "exited",
    "sustained_exit_6m": "sustained_exit",
    "sustained_exit_12m": "sustained_exit",
}

ADULT_AGE = 18


def _age_group(age: int | None) -> str:
    if age is None:
        return "unknown"
    return "minor" if age < ADULT_AGE else "adult"


def coded_rows_for_year(db: Database, year: int) -> list[dict[str, Any]]:
    """Every person with a case that started in ``year``, with the facts of their first such case.

    Cases without a municipality cannot be placed in a region and are left out.
    """
    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    rows = db.all(
        "WITH year_cases AS ("
        "  SELECT c.*, row_number() OVER (PARTITION BY c.client_id ORDER BY c.opened_on, c.id) AS n"
        "  FROM cases c WHERE c.opened_on >= ? AND c.opened_on < ?)"
        " SELECT y.client_id, y.opened_on, y.municipality, y.forms, y.signaller, y.location_type,"
        " y.sector, y.age_at_signal, cl.gender, cl.nationality_group"
        " FROM year_cases y JOIN clients cl ON cl.id = y.client_id"
        " WHERE y.n = 1 AND y.municipality IS NOT NULL ORDER BY y.client_id",
        (start, end),
    )
    year_cases = "SELECT id, client_id FROM cases WHERE opened_on >= ? AND opened_on < ?"
    shelters: dict[int, set[str]] = defaultdict(set)
    for client_id, kind in db.all(
        f"SELECT yc.client_id, s.shelter_type FROM ({year_cases}) yc"
        " JOIN shelter_stays s ON s.case_id = yc.id",
        (start, end),
    ):
        shelters[client_id].add(kind)
    steps: dict[int, set[str]] = defaultdict(set)
    for client_id, milestone in db.all(
        f"SELECT yc.client_id, m.milestone FROM ({year_cases}) yc"
        " JOIN exit_programmes p ON p.case_id = yc.id"
        " JOIN exit_milestones m ON m.programme_id = p.id",
        (start, end),
    ):
        if milestone in MILESTONE_STEPS:
            steps[client_id].add(MILESTONE_STEPS[milestone])
    referrals: dict[int, list[dict[str, str]]] = defaultdict(list)
    for client_id, kind, status in db.all(
        f"SELECT yc.client_id, r.referral_type, r.status FROM ({year_cases}) yc"
        " JOIN referrals r ON r.case_id = yc.id ORDER BY r.id",
        (start, end),
    ):
        referrals[client_id].append({"type": kind, "status": status})
    records: list[dict[str, Any]] = []
    for r in rows:
        client_id = int(r[0])
        fields: dict[str, Any] = {
            "person_key": f"p{client_id}",
            "case_start": date.fromisoformat(r[1]),
            "municipality": r[2],
            "exploitation_forms": frozenset(f for f in str(r[3]).split(";") if f),
            "signaller": r[4],
            "location_type": r[5],
            "sector": r[6],
            "age_group": _age_group(r[7]),
            "gender": r[8],
            "nationality_group": r[9],
            "shelter_types": frozenset(shelters.get(client_id, ())),
            "milestones": frozenset(steps.get(client_id, ())),
            "referrals": tuple(referrals.get(client_id, ())),
        }
        records.append(fields)
    return records
