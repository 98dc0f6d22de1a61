"""Property tests: random small tables against an independent attacker written here."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecoord.stats import highs
from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.records import StatsRecord
from carecoord.stats.release import Release
from carecoord.stats.sparse import CsrMatrix
from carecoord.stats.tables import ALL_TABLES
from tests.support.stats_data import YEAR, municipality_gender_table

MUNICIPALITIES = ("GM0001", "GM0002", "GM0003")
PERSON = st.tuples(
    st.sampled_from(MUNICIPALITIES),
    st.sampled_from(("male", "female")),
    st.sampled_from(("minor", "adult", "unknown")),
)


def _records(people: list[tuple[str, str, str]]) -> list[StatsRecord]:
    return [
        StatsRecord(
            person_key=f"p{i}",
            case_start=date(YEAR, 1 + i % 12, 1),
            municipality=m,
            gender=g,  # type: ignore[arg-type]
            age_group=a,  # type: ignore[arg-type]
        )
        for i, (m, g, a) in enumerate(people)
    ]


def _release(people: list[tuple[str, str, str]], k: int, cost: str) -> Release:
    return protect(
        _records(people),
        Period(year=YEAR),
        frozenset(MUNICIPALITIES),
        DisclosureSettings(k=k, cost=cost),  # type: ignore[arg-type]
        definitions=[municipality_gender_table(), ALL_TABLES["cases_by_gender_age"]],
    )


def independent_ranges(release: Release) -> dict[tuple[str, tuple[str, ...]], tuple[float, float]]:
    """Min and max of every suppressed cell from the published cells alone.

    Built from the release's own description (dimensions, codes, values), not from the system
    the library uses: margins are sums, all person tables share one grand total, cells ≥ 0.
    """
    index: dict[tuple[str, tuple[str, ...]], int] = {}
    for table in release.tables:
        for cell in table.cells:
            index[(table.table_id, cell.coords)] = len(index)
    rows = _relations(release, index)
    bounds: list[tuple[float, float | None]] = [(0.0, None)] * len(index)
    for table in release.tables:
        for cell in table.cells:
            if cell.value is not None:
                bounds[index[(table.table_id, cell.coords)]] = (cell.value, cell.value)
    a_eq = np.vstack(rows)
    out = {}
    for key, j in index.items():
        if bounds[j][1] is not None:
            continue
        c = np.zeros(len(index))
        c[j] = 1
        low = _linprog(c, a_eq, bounds)
        high = _linprog(-c, a_eq, bounds)
        assert low.status is highs.Status.OPTIMAL
        out[key] = (
            low.objective,
            np.inf if high.status is highs.Status.UNBOUNDED else -high.objective,
        )
    return out


def _relations(release: Release, index: dict[tuple[str, tuple[str, ...]], int]) -> list[np.ndarray]:
    rows: list[np.ndarray] = []
    for table in release.tables:
        codes = [(*c, "_T") for c in table.codes]
        for coords in itertools.product(*codes):
            for dim, code in enumerate(coords):
                if code != "_T":
                    continue
                row = np.zeros(len(index))
                row[index[(table.table_id, coords)]] = 1
                for part in table.codes[dim]:
                    child = (*coords[:dim], part, *coords[dim + 1 :])
                    row[index[(table.table_id, child)]] -= 1
                rows.append(row)
    # The same count in two tables is one number (grand totals, shared margins such as the
    # gender margin of municipality × gender and of gender × age).
    meaning: dict[frozenset[tuple[str, str]], list[int]] = {}
    for table in release.tables:
        for cell in table.cells:
            key = frozenset(
                (name, code)
                for name, code in zip(table.dimension_names, cell.coords, strict=True)
                if code != "_T"
            )
            meaning.setdefault(key, []).append(index[(table.table_id, cell.coords)])
    for same in meaning.values():
        for first, other in itertools.pairwise(same):
            row = np.zeros(len(index))
            row[first], row[other] = 1, -1
            rows.append(row)
    return rows


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    people=st.lists(PERSON, min_size=1, max_size=40),
    k=st.sampled_from((3, 5)),
    cost=st.sampled_from(("persons", "cells")),
)
def test_every_export_survives_an_independent_attack(
    people: list[tuple[str, str, str]], k: int, cost: str
) -> None:
    release = _release(people, k, cost)
    assert release.audit_ok
    ranges = independent_ranges(release)
    for table in release.tables:
        for cell in table.cells:
            if cell.value is not None:
                # No published cell lies in 1..k−1.
                assert not 1 <= cell.value < k
            if cell.status == "A":
                low, high = ranges[(table.table_id, cell.coords)]
                assert high - low >= k - 1e-6, (table.table_id, cell.coords, low, high)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(people=st.lists(PERSON, min_size=1, max_size=40))
def test_published_totals_are_consistent_and_output_deterministic(
    people: list[tuple[str, str, str]],
) -> None:
    first = _release(people, 5, "persons")
    again = _release(list(people), 5, "persons")
    assert first.model_dump() == again.model_dump()
    for table in first.tables:
        values = {c.coords: c.value for c in table.cells}
        for coords, value in values.items():
            for dim, code in enumerate(coords):
                if code != "_T" or value is None:
                    continue
                parts = [values[(*coords[:dim], p, *coords[dim + 1 :])] for p in table.codes[dim]]
                if all(p is not None for p in parts):
                    assert sum(p for p in parts if p is not None) == value
                else:
                    # Suppressed parts hide what the published total does not explain.
                    assert sum(p for p in parts if p is not None) <= value


@settings(max_examples=10, deadline=None, derandomize=True)
@given(people=st.lists(PERSON, min_size=1, max_size=40))
def test_a_count_shared_by_two_tables_is_shown_the_same_in_both(
    people: list[tuple[str, str, str]],
) -> None:
    release = _release(people, 5, "persons")
    by_region = {c.coords: c for c in release.table("region_gender").cells}
    by_age = {c.coords: c for c in release.table("cases_by_gender_age").cells}
    for gender in ("male", "female"):
        a, b = by_region[("_T", gender)], by_age[(gender, "_T")]
        assert (a.value, a.status) == (b.value, b.status)
    a, b = by_region[("_T", "_T")], by_age[("_T", "_T")]
    assert (a.value, a.status) == (b.value, b.status)


def _linprog(
    c: np.ndarray, a_eq: np.ndarray, bounds: list[tuple[float, float | None]]
) -> highs.Solution:
    """min c·x subject to a_eq·x = 0 and the bounds (None: unbounded above)."""
    zeros = np.zeros(len(a_eq))
    return highs.solve(
        c,
        CsrMatrix.from_dense(a_eq),
        zeros,
        zeros,
        [low for low, _high in bounds],
        [np.inf if high is None else high for low, high in bounds],
    )
