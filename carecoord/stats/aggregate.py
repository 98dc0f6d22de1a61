"""Counting records into tables: every cell, including every margin (``_T``) and the grand total."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.stats.tables import (
    MULTIPLE,
    NONE,
    ONE_CONTRIBUTOR_EACH,
    TOTAL,
    Dimension,
    TableDefinition,
    dimension_codes,
)

Coords = tuple[str, ...]


@dataclass(frozen=True)
class TableCounts:
    definition: TableDefinition
    period: Period
    codes: tuple[tuple[str, ...], ...]
    values: dict[Coords, int]
    contributors: dict[Coords, int]
    # Set for the unpublished "rest of the year" (sum of the quarters nobody exported).
    label: str | None = None

    @property
    def table_id(self) -> str:
        return self.definition.table_id

    @property
    def period_id(self) -> str:
        return self.label or self.period.id

    def cells(self) -> list[Coords]:
        """Every cell in a stable order: codes as listed, the total last, per dimension."""
        return list(itertools.product(*[(*codes, TOTAL) for codes in self.codes]))


def first_record_per_person(records: Iterable[StatsRecord]) -> list[StatsRecord]:
    """A person counts once per cohort: keep the record of their earliest case (then the
    smallest key)."""
    best: dict[tuple[str, str], StatsRecord] = {}
    for record in records:
        key = (record.cohort, record.person_key)
        current = best.get(key)
        if current is None or record.case_start < current.case_start:
            best[key] = record
    return sorted(best.values(), key=lambda rec: (rec.case_start, rec.person_key, rec.cohort))


def in_population(
    records: Iterable[StatsRecord], period: Period, population: frozenset[str]
) -> list[StatsRecord]:
    # A record after the period is neither in it nor anyone's first record within it: dropped
    # before the (costly) search for each person's first record, with the same result.
    end = period.end
    return [
        rec
        for rec in first_record_per_person(r for r in records if r.case_start <= end)
        if rec.municipality in population and period.contains(rec.case_start)
    ]


def _collapse(values: frozenset[str], dim: Dimension, codes: Sequence[str]) -> str:
    if dim.rule == "furthest":
        reached = [code for code in codes if code in values]
        return reached[-1] if reached else NONE
    if not values:
        return NONE if NONE in codes else "unknown"
    if len(values) > 1:
        return MULTIPLE
    return next(iter(values))


def _events(
    record: StatsRecord, definition: TableDefinition, codes: tuple[tuple[str, ...], ...]
) -> list[Coords]:
    if definition.unit == "referrals":
        return [
            tuple(
                str(referral.type if dim.rule == "referral_type" else referral.status)
                for dim in definition.dimensions
            )
            for referral in record.referrals
        ]
    key: list[str] = []
    for dim, dim_codes in zip(definition.dimensions, codes, strict=True):
        raw = getattr(record, dim.field)
        if dim.rule in ("single_or_multiple", "furthest"):
            key.append(_collapse(frozenset(raw), dim, dim_codes))
        else:
            key.append(str(raw))
    return [tuple(key)]


def _projections(key: Coords) -> list[Coords]:
    """The inner cell and every margin it adds to."""
    options = [(code, TOTAL) for code in key]
    return list(itertools.product(*options))


def count_table(
    definition: TableDefinition,
    period: Period,
    records: Sequence[StatsRecord],
    population: frozenset[str],
    label: str | None = None,
) -> TableCounts:
    """``records`` must already be the period's population (see :func:`in_population`); the
    table reads those of its cohort (and, with ``only``, those where that field holds)."""
    codes = tuple(dimension_codes(dim, population) for dim in definition.dimensions)
    allowed = [frozenset(c) for c in codes]
    chosen = [
        record
        for record in records
        if record.cohort == definition.cohort
        and (definition.only is None or getattr(record, definition.only))
    ]
    # A person table of distinct persons (or a table of signals or controls, each its own
    # contributor) has as many contributors per cell as it counts: the
    # sets of persons behind each cell (the slow part at 10 000 persons) are needed only for
    # event tables, or when a caller passes several records of one person.
    distinct = definition.unit in ONE_CONTRIBUTOR_EACH and len(
        {r.person_key for r in chosen}
    ) == len(chosen)
    values: dict[Coords, int] = defaultdict(int)
    people: dict[Coords, set[str]] = defaultdict(set)
    for record in chosen:
        for key in _events(record, definition, codes):
            for dim_codes, code in zip(allowed, key, strict=True):
                if code not in dim_codes:
                    raise ValueError(f"code {code!r} is not in the table definition")
            for cell in _projections(key):
                values[cell] += 1
                if not distinct:
                    people[cell].add(record.person_key)
    table = TableCounts(definition, period, codes, {}, {}, label)
    for cell in table.cells():
        table.values[cell] = values.get(cell, 0)
        table.contributors[cell] = table.values[cell] if distinct else len(people.get(cell, ()))
    return table
