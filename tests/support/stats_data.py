"""Building blocks for statistics tests: records from known counts, tables from known values."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date

from carecoord.stats.aggregate import Coords, TableCounts
from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.stats.tables import TOTAL, Dimension, TableDefinition

YEAR = 2024


def municipality_gender_table(table_id: str = "region_gender") -> TableDefinition:
    """A custom two-way table (definitions are data): municipality × gender."""
    return TableDefinition(
        table_id=table_id,
        title_nl="Personen naar gemeente en geslacht",
        title_en="Persons by municipality and gender",
        dimensions=(
            Dimension(name="municipality", field="municipality", codes=None),
            Dimension(name="gender", field="gender", codes=("male", "female")),
        ),
    )


def records_from_counts(
    counts: Mapping[tuple[str, str], int], day: date = date(YEAR, 2, 1)
) -> list[StatsRecord]:
    """One record per person for a (municipality, gender) → count mapping."""
    out = []
    for (municipality, gender), count in counts.items():
        for _ in range(count):
            out.append(
                StatsRecord(
                    person_key=f"p{len(out):05d}",
                    case_start=day,
                    municipality=municipality,
                    gender=gender,  # type: ignore[arg-type]
                )
            )
    return out


def table_from_inner(
    table_id: str,
    rows: Sequence[str],
    cols: Sequence[str],
    inner: Sequence[Sequence[int]],
    period: Period | None = None,
) -> TableCounts:
    """A TableCounts with margins computed from the inner cells (no records needed)."""
    definition = TableDefinition(
        table_id=table_id,
        title_nl=table_id,
        title_en=table_id,
        unit="referrals",  # not a person table: no grand total shared with other tables
        dimensions=(
            Dimension(name="row", field="municipality", codes=tuple(rows)),
            Dimension(name="col", field="gender", codes=tuple(cols)),
        ),
    )
    values: dict[Coords, int] = {}
    for (i, r), (j, c) in itertools.product(enumerate(rows), enumerate(cols)):
        values[(r, c)] = inner[i][j]
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in cols)
    for c in cols:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    return TableCounts(
        definition, period or Period(year=YEAR), (tuple(rows), tuple(cols)), values, dict(values)
    )
