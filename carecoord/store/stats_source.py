"""The statistics' view of the case store: one row of coded facts per person and year (and,
since issue 18, one per signal and per control at a risk location).

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


def coded_rows_for_year(db: Database, year: int, today: date | None = None) -> list[dict[str, Any]]:
    """Every person with a case that started in ``year``, with the facts of their first such case;
    then (issue 15) the records of the other cohorts: every bedenktijd that ended and every case
    that closed in ``year`` (``cohort`` says which, see ``carecoord.stats.records``).

    Cases without a municipality cannot be placed in a region and are left out. ``today``
    (default: the clock's) keeps a bedenktijd that has not ended yet out of the ended ones.
    """
    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    rows = db.all(
        "WITH year_cases AS ("
        "  SELECT c.*, row_number() OVER (PARTITION BY c.client_id ORDER BY c.opened_on, c.id) AS n"
        "  FROM cases c WHERE c.opened_on >= ? AND c.opened_on < ?)"
        " SELECT y.client_id, y.opened_on, y.municipality, y.forms, y.signaller, y.location_type,"
        " y.sector, y.age_at_signal, cl.gender, cl.nationality_group, cl.labour_migrant,"
        " cl.residence_registration"
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
    permits = _permits_at_year_end(db, year_cases, start, end)
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
            "labour_migrant": r[10] == 1,
            "residence_registration": r[11] or "unknown",
            **permits.get(client_id, {}),
        }
        records.append(fields)
    ended = _reflections_ended(db, start, end, (today or date.today()).isoformat())
    return (
        records
        + ended
        + _closures(db, start, end)
        + _signals(db, start, end)
        + _controls(db, start, end)
    )


def _permits_at_year_end(
    db: Database, year_cases: str, start: str, end: str
) -> dict[int, dict[str, str]]:
    """Per person, the newest B8/3 permit of their cases of the year that was applied for (or
    granted) by the end of the year, with its ground and its state on that day: steps after the
    year do not change a year's table."""
    last_day = f"{int(start[:4]):04d}-12-31"
    found: dict[int, tuple[tuple[str, int], dict[str, str]]] = {}
    for client_id, permit_id, ground, first, granted, rejected, ended, renewed in db.all(
        f"SELECT yc.client_id, p.id, p.ground, coalesce(p.applied_on, p.granted_on),"
        " p.granted_on, p.rejected_on, p.ended_on,"
        " (SELECT count(*) FROM permit_renewals r WHERE r.permit_id = p.id AND r.renewed_on <= ?)"
        f" FROM ({year_cases}) yc JOIN residence_permits p ON p.case_id = yc.id"
        " WHERE coalesce(p.applied_on, p.granted_on) <= ?",
        (last_day, start, end, last_day),
    ):
        if rejected is not None and rejected <= last_day:
            state = "rejected"
        elif ended is not None and ended <= last_day:
            state = "ended"
        elif renewed:
            state = "renewed"
        elif granted is not None and granted <= last_day:
            state = "granted"
        else:
            state = "applied"
        order = (str(first), int(permit_id))
        if client_id not in found or order > found[client_id][0]:
            found[client_id] = (order, {"permit_ground": ground, "permit_state": state})
    return {client_id: fields for client_id, (_order, fields) in found.items()}


def _first_per_client(rows: list[Any]) -> list[Any]:
    """The first row of each client (rows ordered by client, then date): a person counts once."""
    first: dict[int, Any] = {}
    for row in rows:
        first.setdefault(row[0], row)
    return list(first.values())


def _reflections_ended(db: Database, start: str, end: str, today: str) -> list[dict[str, Any]]:
    """One record per bedenktijd that ended in the year: on its end date, or on the date of the
    client's choice when that came first (the choice ends it). Each person's first."""
    ended = "min(r.ends_on, coalesce(r.outcome_on, r.ends_on))"
    return [
        {
            "person_key": f"p{client_id}",
            "cohort": "reflection_ended",
            "case_start": date.fromisoformat(day),
            "municipality": municipality,
            "reflection_outcome": outcome,
        }
        for client_id, day, municipality, outcome in _first_per_client(
            db.all(
                f"SELECT c.client_id, {ended}, c.municipality, r.outcome"
                " FROM reflection_periods r JOIN cases c ON c.id = r.case_id"
                f" WHERE {ended} >= ? AND {ended} < ? AND {ended} <= ? AND c.municipality IS NOT NULL"
                " ORDER BY c.client_id, 2, c.id",
                (start, end, today),
            )
        )
    ]


def _closures(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    """One record per case closed in the year, with its closure reason (each person's first). A close without a reason (none is possible after migration 0050) counts as
    'other', as the migration marks it."""
    return [
        {
            "person_key": f"p{client_id}",
            "cohort": "closed",
            "case_start": date.fromisoformat(day),
            "municipality": municipality,
            "closure_reason": reason or "other",
        }
        for client_id, day, municipality, reason in _first_per_client(
            db.all(
                "SELECT client_id, closed_on, municipality, closure_reason FROM cases"
                " WHERE closed_on >= ? AND closed_on < ? AND municipality IS NOT NULL"
                " ORDER BY client_id, closed_on, id",
                (start, end),
            )
        )
    ]


def _signals(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    """Issue 18: one record per signal dated in the year, with or without a known person, in the
    signal's own municipality (else its case's). Each signal is its own contributor: its key
    is the signal's, not the person's, so that k applies to the signals counted."""
    return [
        {
            "person_key": f"s{signal_id}",
            "cohort": "signal",
            "case_start": date.fromisoformat(day),
            "municipality": municipality,
            "location_type": location_type,
            "sector": sector,
        }
        for signal_id, day, municipality, location_type, sector in db.all(
            "SELECT s.id, s.signal_date, coalesce(s.municipality, c.municipality),"
            " s.location_type, s.sector FROM signals s LEFT JOIN cases c ON c.id = s.case_id"
            " WHERE s.signal_date >= ? AND s.signal_date < ?"
            " AND coalesce(s.municipality, c.municipality) IS NOT NULL ORDER BY s.id",
            (start, end),
        )
    ]


def _controls(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    """Issue 18: one record per control at a risk location held in the year, with the
    location's municipality, type and sector (never its name or address)."""
    return [
        {
            "person_key": f"k{control_id}",
            "cohort": "control",
            "case_start": date.fromisoformat(day),
            "municipality": municipality,
            "location_type": location_type,
            "sector": sector,
            "control_outcome": outcome,
        }
        for control_id, day, municipality, location_type, sector, outcome in db.all(
            "SELECT k.id, k.control_date, l.municipality, l.location_type, l.sector, k.outcome"
            " FROM location_controls k JOIN risk_locations l ON l.id = k.location_id"
            " WHERE k.control_date >= ? AND k.control_date < ? ORDER BY k.id",
            (start, end),
        )
    ]
