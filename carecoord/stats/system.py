"""The linear system an attacker sees: every published number is an equation.

One variable per distinct quantity. The person tables of one period count the same population,
so their grand totals are one variable (publishing it in one table publishes it in all). Within a
table every margin equals the sum of its children; across periods every cell of the year equals
the sum of the same cell in its four quarters (quarters place a person by their first case of the
year, see :class:`carecoord.stats.records.StatsRecord`, so the relation is exact). Across regions
every cell of a region equals the sum of the same cell in its groups of municipalities (a cell of
one municipality lies in exactly one group). A table is counted once per *scope*: a period and a
set of municipalities, named by ``CellRef.period_id``.

Group disclosure (everyone of a margin in one cell) is modelled as a number of its own: the *gap*
``margin − cell``, truly 0. Protecting the gap's range (``max gap ≥ k``) is exactly "the attacker
cannot tell that everyone shares the attribute", whether the margin is published or not.

Tables of other cohorts (a bedenktijd ended, a case closed: issue 15) share nothing with the
person tables: they count other persons. A table restricted to part of its cohort (the labour
migrants among those whose case started) is a part of the cohort's tables: wherever a cell of
the part counts the same as a number of the whole (labour migrants in agriculture, persons in
agriculture), the system holds ``whole = part + rest`` with the *rest* a number of its own,
never published and protected like any other (otherwise subtracting the two published numbers,
or bounding the part by the whole, would narrow a withheld cell).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from carecoord.stats.aggregate import Coords, TableCounts
from carecoord.stats.sparse import CsrMatrix
from carecoord.stats.tables import TOTAL


@dataclass(frozen=True, order=True)
class CellRef:
    period_id: str
    table_id: str
    coords: Coords


@dataclass
class LinearSystem:
    tables: list[TableCounts]
    refs: dict[CellRef, int] = field(default_factory=dict)
    cells: list[CellRef] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    contributors: list[int] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    # (parent, children, kind): kind "table" for margins, "period" for a scope = sum of its parts
    # (quarters, groups of municipalities), "gap" for margin = cell + gap.
    relations: list[tuple[int, tuple[int, ...], str]] = field(default_factory=list)
    # gap number -> the cell that holds its whole margin
    gaps: dict[int, int] = field(default_factory=dict)
    gap_parents: dict[int, int] = field(default_factory=dict)
    # rest number -> the number of the whole cohort it completes (whole = part + rest), and
    # -> the part it completes
    rests: dict[int, int] = field(default_factory=dict)
    rest_parts: dict[int, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.cells)

    def value_array(self) -> NDArray[np.float64]:
        return np.asarray(self.values, dtype=np.float64)

    def matrix(self) -> CsrMatrix:
        """Rows are relations: parent − Σ children = 0."""
        rows, cols, data = [], [], []
        for row, (parent, children, _kind) in enumerate(self.relations):
            rows.append(row)
            cols.append(parent)
            data.append(1.0)
            for child in children:
                rows.append(row)
                cols.append(child)
                data.append(-1.0)
        return CsrMatrix.from_triplets(rows, cols, data, (len(self.relations), self.size))

    def index(self, period_id: str, table_id: str, coords: Coords) -> int:
        return self.refs[CellRef(period_id, table_id, coords)]

    def table(self, period_id: str, table_id: str) -> TableCounts:
        for table in self.tables:
            if table.period_id == period_id and table.table_id == table_id:
                return table
        raise KeyError((period_id, table_id))


def _meaning(table: TableCounts, coords: Coords) -> frozenset[tuple[str, str, str]]:
    """What a cell counts, independent of the table: its non-total (field, rule, code) triples."""
    return frozenset(
        (dim.field, dim.rule, code)
        for dim, code in zip(table.definition.dimensions, coords, strict=True)
        if code != TOTAL
    )


def build_system(
    tables: Sequence[TableCounts], links: Sequence[tuple[str, Sequence[str]]] = ()
) -> LinearSystem:
    """``links``: (period, parts) pairs whose every cell is the sum of the parts' cells."""
    system = LinearSystem(list(tables))
    shared: dict[SharedKey, int] = {}
    for table in tables:
        for coords in table.cells():
            ref = CellRef(table.period_id, table.table_id, coords)
            # The same count in two tables is one number: the grand total of every person table,
            # and any margin two tables share (e.g. minors in gender × age and in nationality ×
            # age). Publishing it in one table publishes it in the other. Only tables of the
            # same persons (cohort and restriction) share numbers.
            key = _shared_key(table, coords)
            if key in shared:
                index = shared[key]
                if system.values[index] != table.values[coords]:
                    raise ValueError("tables of one period disagree about a shared count")
                system.refs[ref] = index
                continue
            shared[key] = system.size
            system.refs[ref] = system.size
            system.cells.append(ref)
            system.values.append(table.values[coords])
            system.contributors.append(table.contributors[coords])
            system.units.append(table.definition.unit)
    seen: set[tuple[int, tuple[int, ...]]] = set()

    def relate(parent: int, children: tuple[int, ...], kind: str) -> None:
        key = (parent, tuple(sorted(children)))
        if key not in seen:
            seen.add(key)
            system.relations.append((parent, children, kind))

    _add_table_relations(system, tables, relate)
    _add_period_relations(system, tables, links, relate)
    _add_gaps(system)
    _add_rests(system, tables, shared)
    return system


SharedKey = tuple[str, str, tuple[str, str | None], frozenset[tuple[str, str, str]]]


def _shared_key(table: TableCounts, coords: Coords) -> SharedKey:
    d = table.definition
    return (table.period_id, d.unit, d.population_key, _meaning(table, coords))


REST = "~rest"


def _add_rests(
    system: LinearSystem, tables: Sequence[TableCounts], shared: dict[SharedKey, int]
) -> None:
    """``whole = part + rest`` for every number of a restricted table that the whole cohort's
    tables count too (see the module docstring). The rest's value is the truth (whole − part);
    it is never published, so the solver keeps it hidden and the audit protects it."""
    for table in tables:
        d = table.definition
        if d.only is None:
            continue
        for coords in table.cells():
            period_id, unit, (cohort, _only), meaning = _shared_key(table, coords)
            whole = shared.get((period_id, unit, (cohort, None), meaning))
            if whole is None:
                continue
            part = system.index(table.period_id, table.table_id, coords)
            ref = CellRef(table.period_id, f"{table.table_id}{REST}", coords)
            if ref in system.refs:
                continue
            index = system.size
            system.refs[ref] = index
            system.cells.append(ref)
            system.values.append(system.values[whole] - system.values[part])
            system.contributors.append(system.contributors[whole] - system.contributors[part])
            system.units.append(unit)
            system.rests[index] = whole
            system.rest_parts[index] = part
            system.relations.append((whole, (part, index), "rest"))


GAP = "~gap"


def _add_gaps(system: LinearSystem) -> None:
    """A gap number for every cell that holds all persons of a margin with other parts."""
    for parent, children, kind in list(system.relations):
        if kind != "table" or len(children) < 2:
            continue
        everyone = system.contributors[parent]
        if everyone == 0:
            continue
        for child in children:
            if (
                system.contributors[child] != everyone
                or system.values[child] != system.values[parent]
            ):
                continue
            ref = system.cells[child]
            owner = system.cells[parent]
            gap = CellRef(ref.period_id, ref.table_id, (*owner.coords, GAP, *ref.coords))
            if gap in system.refs:
                continue
            system.refs[gap] = system.size
            system.cells.append(gap)
            system.values.append(0)
            system.contributors.append(0)
            system.units.append("gap")
            system.gaps[system.refs[gap]] = child
            system.gap_parents[system.refs[gap]] = parent
            system.relations.append((parent, (child, system.refs[gap]), "gap"))


def _add_table_relations(
    system: LinearSystem,
    tables: Sequence[TableCounts],
    relate: Callable[[int, tuple[int, ...], str], None],
) -> None:
    for table in tables:
        period_id = table.period_id
        for coords in table.cells():
            for dim, code in enumerate(coords):
                if code != TOTAL:
                    continue
                children = tuple(
                    system.index(period_id, table.table_id, (*coords[:dim], c, *coords[dim + 1 :]))
                    for c in table.codes[dim]
                )
                relate(system.index(period_id, table.table_id, coords), children, "table")


def _add_period_relations(
    system: LinearSystem,
    tables: Sequence[TableCounts],
    links: Sequence[tuple[str, Sequence[str]]],
    relate: Callable[[int, tuple[int, ...], str], None],
) -> None:
    table_ids = {t.table_id for t in tables}
    for whole, parts in links:
        for table_id in sorted(table_ids):
            table = system.table(whole, table_id)
            for coords in table.cells():
                # A municipality's cell exists only in the group of municipalities holding it.
                children = tuple(
                    system.refs[ref]
                    for ref in (CellRef(part, table_id, coords) for part in parts)
                    if ref in system.refs
                )
                relate(system.index(whole, table_id, coords), children, "period")
