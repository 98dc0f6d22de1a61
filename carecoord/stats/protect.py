"""Protection of one export: count, find unsafe cells, suppress optimally, audit, decide.

Earlier exports of the same region and year (the register) are part of the problem: what they
published is known to the attacker, what they suppressed stays suppressed, and the year and its
quarters are linked by year = Σ quarters. Periods nobody exported are unknowns that still need
protecting, because later exports combined with earlier ones could reveal them by subtraction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from carecoord.errors import UsageError
from carecoord.i18n import _
from carecoord.stats.aggregate import TableCounts, count_table, in_population
from carecoord.stats.attack import TOLERANCE, Attacker
from carecoord.stats.period import Period
from carecoord.stats.primary import CHANGED, GROUP, primary_reasons
from carecoord.stats.records import StatsRecord
from carecoord.stats.release import (
    AuditEntry,
    PriorRelease,
    PublishedCell,
    Release,
    Status,
    TableRelease,
)
from carecoord.stats.secondary import solve_pattern
from carecoord.stats.settings import MOSTLY_HIDDEN, ROUNDING_BASE, DisclosureSettings
from carecoord.stats.system import CellRef, LinearSystem, build_system
from carecoord.stats.tables import ALL_TABLES, STANDARD_IDS, TOTAL, TableDefinition


def round_to_base(value: int, base: int = ROUNDING_BASE) -> int:
    """Conventional rounding half up; zero stays zero."""
    return math.floor(value / base + 0.5) * base


def rounding_interval(published: int, base: int = ROUNDING_BASE) -> tuple[float, float]:
    half = (base - 1) // 2
    return max(0.0, float(published - half)), float(published + half)


@dataclass
class _Knowledge:
    """What the attacker knows about each number, as an interval."""

    lower: NDArray[np.float64]
    upper: NDArray[np.float64]

    @classmethod
    def nothing(cls, n: int) -> _Knowledge:
        return cls(np.zeros(n), np.full(n, math.inf))

    def learn(self, index: int, low: float, high: float) -> None:
        self.lower[index] = max(self.lower[index], low)
        self.upper[index] = min(self.upper[index], high)


def _definitions(table_ids: Sequence[str]) -> list[TableDefinition]:
    unknown = [t for t in table_ids if t not in ALL_TABLES]
    if unknown:
        raise UsageError(_("Unknown table: %(tables)s.") % {"tables": ", ".join(sorted(unknown))})
    return [ALL_TABLES[t] for t in table_ids]


def _linked(
    history: Sequence[PriorRelease], period: Period, population: frozenset[str]
) -> tuple[list[PriorRelease], list[str]]:
    linked, warnings = [], []
    family = {p.id for p in period.family()}
    for prior in history:
        if prior.period_id not in family:
            continue
        if frozenset(prior.population) == population:
            linked.append(prior)
        elif frozenset(prior.population) & population:
            warnings.append(
                f"Export {prior.export_id} covered an overlapping but different set of "
                "municipalities; differences between the two regions are not audited."
            )
    return linked, warnings


@dataclass
class _History:
    """What earlier linked exports imply for this one."""

    knowledge: _Knowledge
    forced_on: set[int] = field(default_factory=set)
    forced_off: set[int] = field(default_factory=set)
    kept: dict[int, str] = field(default_factory=dict)
    warnings: set[str] = field(default_factory=set)


def _apply_history(
    system: LinearSystem,
    linked: Sequence[PriorRelease],
    period: Period,
    current: NDArray[np.bool_],
    reasons: dict[int, str],
    settings: DisclosureSettings,
) -> _History:
    values = system.value_array()
    history = _History(_Knowledge.nothing(system.size))
    for prior in linked:
        for cell in prior.cells:
            index = system.refs.get(CellRef(prior.period_id, cell.table_id, tuple(cell.coords)))
            if index is None:
                continue
            if cell.value is None:
                # Cells suppressed before stay suppressed in a re-export of the same period.
                if prior.period_id == period.id and current[index]:
                    history.forced_on.add(index)
                    history.kept[index] = prior.export_id
                continue
            truth = int(values[index])
            if prior.mode == "round5":
                low, high = rounding_interval(cell.value)
                if low <= truth <= high:
                    history.knowledge.learn(index, low, high)
                continue
            if cell.value == truth:
                history.knowledge.learn(index, truth, truth)
                history.forced_off.add(index)
                continue
            if abs(cell.value - truth) < settings.k and current[index]:
                # Publishing the corrected number would reveal the few persons who changed.
                reasons.setdefault(index, CHANGED)
            history.warnings.add(
                f"Counts of {prior.period_id} changed since export {prior.export_id}; "
                "the changes themselves are protected only cell by cell."
            )
    return history


def protect(
    records: Sequence[StatsRecord],
    period: Period,
    population: frozenset[str],
    settings: DisclosureSettings | None = None,
    *,
    table_ids: Sequence[str] = STANDARD_IDS,
    definitions: Sequence[TableDefinition] | None = None,
    history: Sequence[PriorRelease] = (),
) -> Release:
    """Protect the tables of ``period`` for the region ``population`` (municipality codes).

    ``records`` are the year's person records (see :class:`StatsRecord`); a quarter export uses
    the persons whose first case of the year started in that quarter.
    """
    settings = settings or DisclosureSettings()
    if not population:
        raise UsageError(_("The region has no municipalities; configure the region first."))
    defs = list(definitions) if definitions is not None else _definitions(table_ids)
    linked, warnings = _linked(history, period, population)
    system = _build(records, period, population, defs, linked)
    n = system.size
    values = system.value_array()
    reasons = primary_reasons(system, settings)
    if settings.mode == "round5":
        reasons = {j: why for j, why in reasons.items() if why != GROUP}
    current = np.zeros(n, dtype=bool)
    shown: dict[int, list[CellRef]] = {}  # the cells of this export behind each number
    for d in defs:
        for coords in system.table(period.id, d.table_id).cells():
            index = system.index(period.id, d.table_id, coords)
            current[index] = True
            shown.setdefault(index, []).append(CellRef(period.id, d.table_id, coords))

    past = _apply_history(system, linked, period, current, reasons, settings)
    warnings += sorted(past.warnings)
    already_out = sorted(j for j in reasons if j in past.forced_off)
    if already_out:
        warnings.append(
            f"{len(already_out)} unsafe number(s) were already published by an earlier export "
            "under other rules; they cannot be withdrawn."
        )
    protect_set = sorted(j for j in reasons if j not in past.forced_off)
    knowledge = past.knowledge
    if settings.mode == "suppress":
        pattern, rounds = _suppress(system, settings, current, protect_set, past)
        for j in np.flatnonzero(current & ~pattern):
            knowledge.learn(int(j), values[j], values[j])
    else:
        rounds = 0
        pattern = np.zeros(n, dtype=bool)
        for j in np.flatnonzero(current):
            index = int(j)
            if index in reasons or index in past.forced_on:
                pattern[index] = True
            else:
                low, high = rounding_interval(round_to_base(int(values[index])))
                knowledge.learn(index, low, high)

    audit, audit_ok = _audit(
        system, values, knowledge, current & pattern, protect_set, settings, shown
    )
    releases = _table_releases(system, period, defs, values, pattern, reasons, past.kept, settings)
    return Release(
        period_id=period.id,
        population=tuple(sorted(population)),
        settings=settings,
        tables=tuple(releases),
        audit=tuple(audit),
        audit_ok=audit_ok,
        linked_exports=tuple(sorted({p.export_id for p in linked})),
        warnings=tuple(warnings),
        milp_rounds=rounds,
    )


def _plan(
    period: Period, linked: Sequence[PriorRelease]
) -> tuple[list[tuple[Period, list[Period], str | None]], list[tuple[str, list[str]]]]:
    """Which tables to count and which period relations hold, given what is or will be out.

    Alone, a period is its own problem. With the year and some quarters out, the year equals the
    exported quarters plus the rest of the year; the quarters nobody exported enter only as that
    one unknown sum (exact for the attacker: any non-negative rest can be put in one quarter).
    Without the year, exported quarters are unrelated unless all four are out, which pins the
    unexported year.
    """
    plan: list[tuple[Period, list[Period], str | None]]
    out = {period.id} | {prior.period_id for prior in linked}
    if len(out) == 1:
        return [(period, [period], None)], []
    year = period.year_period
    quarters = [q for q in period.family() if q.quarter is not None]
    exported = [q for q in quarters if q.id in out]
    rest = [q for q in quarters if q.id not in out]
    plan = [(q, [q], None) for q in exported]
    if year.id in out:
        plan.insert(0, (year, [year], None))
        parts = [q.id for q in exported]
        if rest:
            label = f"{year.id}-rest"
            plan.append((year, rest, label))
            parts.append(label)
        return plan, [(year.id, parts)]
    if rest:
        return plan, []
    return [(year, [year], None), *plan], [(year.id, [q.id for q in exported])]


def _build(
    records: Sequence[StatsRecord],
    period: Period,
    population: frozenset[str],
    defs: Sequence[TableDefinition],
    linked: Sequence[PriorRelease],
) -> LinearSystem:
    year_records = in_population(records, period.year_period, population)
    plan, links = _plan(period, linked)
    extra = {c.table_id for prior in linked for c in prior.cells} - {d.table_id for d in defs}
    all_defs = list(defs) + [ALL_TABLES[t] for t in sorted(extra) if t in ALL_TABLES]
    tables: list[TableCounts] = []
    for p, covering, label in plan:
        chosen = [rec for rec in year_records if any(c.contains(rec.case_start) for c in covering)]
        tables += [count_table(d, p, chosen, population, label) for d in all_defs]
    return build_system(tables, links)


def _suppress(
    system: LinearSystem,
    settings: DisclosureSettings,
    current: NDArray[np.bool_],
    protect_set: list[int],
    past: _History,
) -> tuple[NDArray[np.bool_], int]:
    n = system.size
    values = system.value_array()
    on = set(past.forced_on) | set(protect_set)
    # Numbers of periods nobody exported (and tables not in this export) are unknowns.
    on |= {j for j in range(n) if not current[j] and j not in past.forced_off}
    off = set(past.forced_off)
    if settings.cost == "persons":
        costs = values * (n + 1) + 1
    else:
        costs = np.full(n, float(values.sum() + 1)) + values
    return solve_pattern(
        system.matrix(),
        values,
        costs,
        sorted(on),
        sorted(off),
        protect_set,
        settings.required_width,
    )


def _audit(
    system: LinearSystem,
    values: NDArray[np.float64],
    knowledge: _Knowledge,
    suppressed_now: NDArray[np.bool_],
    protect_set: list[int],
    settings: DisclosureSettings,
    shown: dict[int, list[CellRef]],
) -> tuple[list[AuditEntry], bool]:
    """The real attacker: everything published (now and before), relations, non-negativity."""
    attacker = Attacker(system.matrix(), knowledge.lower, knowledge.upper)
    targets = sorted(set(np.flatnonzero(suppressed_now).tolist()) | set(protect_set))
    required = settings.required_width
    protected = set(protect_set)
    # Numbers this export does not show (other periods, the rest of the year) are not reported;
    # for them two feasible tables far enough apart prove safety without an exact LP each.
    hidden_elsewhere = [j for j in protect_set if not suppressed_now[j]]
    proved = attacker.certify(hidden_elsewhere, values, required)
    entries = []
    all_ok = True
    for j in targets:
        exact = j not in proved
        cell_range = attacker.range(j) if exact else proved[j]
        must = j in protected
        ok = (not must) or cell_range.width >= required - TOLERANCE
        # A range must contain the truth; if not, the model is wrong and nothing may leave.
        truth = values[j]
        if not (cell_range.lower - TOLERANCE <= truth <= cell_range.upper + TOLERANCE):
            ok = False
        all_ok = all_ok and ok
        status: Literal["A", "D", "unpublished"] = "unpublished"
        if suppressed_now[j]:
            status = "A" if j in protected else "D"
        # One entry per cell of this export (a shared margin appears in several tables).
        for ref in shown.get(j, [system.cells[j]]):
            entries.append(
                AuditEntry(
                    period_id=ref.period_id,
                    table_id=ref.table_id,
                    coords=ref.coords,
                    status=status,
                    lower=round(cell_range.lower, 6),
                    upper=None if math.isinf(cell_range.upper) else round(cell_range.upper, 6),
                    required_width=required if must else None,
                    ok=ok,
                    exact=exact,
                )
            )
    return entries, all_ok


def _table_releases(
    system: LinearSystem,
    period: Period,
    defs: Sequence[TableDefinition],
    values: NDArray[np.float64],
    pattern: NDArray[np.bool_],
    reasons: dict[int, str],
    kept: dict[int, str],
    settings: DisclosureSettings,
) -> list[TableRelease]:
    out = []
    for d in defs:
        table = system.table(period.id, d.table_id)
        cells = []
        indices = []
        for coords in table.cells():
            j = system.index(period.id, d.table_id, coords)
            indices.append(j)
            value = int(values[j])
            status: Status = "F"
            reason = None
            published: int | None = value
            if pattern[j]:
                published = None
                if j in reasons:
                    status, reason = "A", reasons[j]
                else:
                    status, reason = "D", "earlier" if j in kept else "secondary"
            elif settings.mode == "round5":
                published = round_to_base(value)
            cells.append(
                PublishedCell(
                    table_id=d.table_id,
                    coords=coords,
                    value=published,
                    status=status,
                    reason=reason,
                )
            )
        # Share of the non-empty numbers that are hidden: empty cells say little either way.
        filled = [c for c, j in zip(cells, indices, strict=True) if values[j] > 0]
        hidden = sum(1 for c in filled if c.status != "F")
        mostly = len(filled) > 1 and hidden / len(filled) > MOSTLY_HIDDEN
        advice = None
        if mostly:
            if d.coarser:
                coarse = ALL_TABLES[d.coarser]
                advice = (
                    # No counts here: how many hidden cells are non-empty is itself information.
                    f"Suppression hides most non-empty numbers of "
                    f"{d.table_id}; publish the coarser table {coarse.table_id} (whole region) instead."
                )
            else:
                instead = (
                    "consider a year instead of a quarter"
                    if period.quarter is not None
                    else "it is too detailed for the region's numbers; consider leaving it out"
                )
                advice = f"Suppression hides most non-empty numbers of {d.table_id}; {instead}."
        out.append(
            TableRelease(
                definition=d,
                codes=table.codes,
                cells=tuple(cells),
                mostly_hidden=mostly,
                advice=advice,
            )
        )
    return out


__all__ = ["TOTAL", "protect", "round_to_base"]
