"""Which releases are one problem, and the scopes (period × municipalities) it is made of.

A release is linked to every registered release of the same year (the year and its quarters
overlap) whose population overlaps, directly or through another linked release, whatever its set
of municipalities (issue 13): the difference of two regions is a release too. The attacker's
model is built from *atoms*: time atoms (the exported quarters, and the rest of the year as one
unknown when the year is out) × groups of municipalities (municipalities that every linked
release either covers together or not at all). Every released scope is the sum of its atoms, and
every atom is protected like a release: its small cells stay at least k wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from carecoord.stats.aggregate import TableCounts, count_table, in_population
from carecoord.stats.period import Period
from carecoord.stats.records import StatsRecord
from carecoord.stats.release import PriorRelease
from carecoord.stats.system import LinearSystem, build_system
from carecoord.stats.tables import ALL_TABLES, TableDefinition

Population = frozenset[str]


@dataclass(frozen=True)
class Scope:
    label: str  # the CellRef.period_id of its numbers
    period: Period
    covering: tuple[Period, ...]  # the quarters (or the period itself) it counts
    population: Population


def scope_label(period_id: str, population: Population, current: Population) -> str:
    """The current region keeps plain period ids (as before issue 13); others name their codes."""
    if population == current:
        return period_id
    return f"{period_id}@{'+'.join(sorted(population))}"


def linked_releases(
    history: Sequence[PriorRelease], period: Period, population: Population
) -> list[PriorRelease]:
    """Registered releases of the same year whose population is connected to this one."""
    family = {p.id for p in period.family()}
    candidates = [p for p in history if p.period_id in family]
    reach = set(population)
    linked: list[PriorRelease] = []
    grew = True
    while grew:
        grew = False
        for prior in candidates:
            if prior in linked or not reach & set(prior.population):
                continue
            linked.append(prior)
            reach |= set(prior.population)
            grew = True
    return sorted(linked, key=history.index)


def _time_atoms(period: Period, out: set[str]) -> list[tuple[str, Period, tuple[Period, ...]]]:
    """(label, period, covering quarters): the finest periods the released periods are sums of."""
    if len(out) == 1:
        return [(period.id, period, (period,))]
    year = period.year_period
    quarters = [q for q in period.family() if q.quarter is not None]
    atoms: list[tuple[str, Period, tuple[Period, ...]]] = [
        (q.id, q, (q,)) for q in quarters if q.id in out
    ]
    rest = tuple(q for q in quarters if q.id not in out)
    if year.id in out and rest:
        atoms.append((f"{year.id}-rest", year, rest))
    return atoms


def _municipality_groups(populations: Sequence[Population]) -> list[Population]:
    signature: dict[str, frozenset[int]] = {}
    for code in sorted(set().union(*populations)):
        signature[code] = frozenset(i for i, p in enumerate(populations) if code in p)
    groups: dict[frozenset[int], set[str]] = {}
    for code, sig in signature.items():
        groups.setdefault(sig, set()).add(code)
    return [frozenset(g) for g in sorted(groups.values(), key=sorted)]


def plan(
    period: Period, population: Population, linked: Sequence[PriorRelease]
) -> tuple[list[Scope], list[tuple[str, list[str]]]]:
    """The scopes to count and the relations ``scope = Σ atoms`` between them."""
    released = {(period.id, population)} | {(p.period_id, frozenset(p.population)) for p in linked}
    if len(released) == 1:
        return [Scope(period.id, period, (period,), population)], []
    times = _time_atoms(period, {pid for pid, _ in released})
    populations = sorted({pop for _, pop in released}, key=sorted)
    groups = _municipality_groups(populations)
    scopes: dict[str, Scope] = {}
    atoms: list[tuple[Scope, tuple[Period, ...]]] = []
    for time_label, time_period, covering in times:
        for group in groups:
            scope = Scope(scope_label(time_label, group, population), time_period, covering, group)
            scopes.setdefault(scope.label, scope)
            atoms.append((scopes[scope.label], covering))
    wholes: list[Scope] = []
    covers_year = {q for _, _, cov in times for q in cov} == {
        q for q in period.family() if q.quarter is not None
    }
    for pid, pop in sorted(released, key=lambda r: (r[0], sorted(r[1]))):
        p = Period.from_id(pid)
        wholes.append(Scope(scope_label(pid, pop, population), p, (p,), pop))
        year = p.year_period
        # A year nobody exported for this region is still pinned by its parts: protect it too.
        if covers_year and len(times) > 1 and (year.id, pop) not in released:
            wholes.append(Scope(scope_label(year.id, pop, population), year, (year,), pop))
    links: list[tuple[str, list[str]]] = []
    for whole in wholes:
        if whole.label in scopes:
            continue
        scopes[whole.label] = whole
        parts = [
            atom.label
            for atom, covering in atoms
            if atom.population <= whole.population
            and all(whole.period.start <= q.start and q.end <= whole.period.end for q in covering)
        ]
        links.append((whole.label, parts))
    return list(scopes.values()), links


def build(
    records: Sequence[StatsRecord],
    period: Period,
    population: Population,
    defs: Sequence[TableDefinition],
    linked: Sequence[PriorRelease],
) -> LinearSystem:
    """Count every table of every scope and relate them (margins, periods, regions, gaps)."""
    scopes, links = plan(period, population, linked)
    everywhere = frozenset().union(*(s.population for s in scopes))
    year_records = in_population(records, period.year_period, everywhere)
    extra = {c.table_id for prior in linked for c in prior.cells} - {d.table_id for d in defs}
    all_defs = list(defs) + [ALL_TABLES[t] for t in sorted(extra) if t in ALL_TABLES]
    tables: list[TableCounts] = []
    for scope in scopes:
        chosen = [
            rec
            for rec in year_records
            if rec.municipality in scope.population
            and any(c.contains(rec.case_start) for c in scope.covering)
        ]
        label = None if scope.label == scope.period.id else scope.label
        cohorts: dict[str, list[StatsRecord]] = {}
        for rec in chosen:
            cohorts.setdefault(rec.cohort, []).append(rec)
        tables += [
            count_table(d, scope.period, cohorts.get(d.cohort, []), scope.population, label)
            for d in all_defs
        ]
    return build_system(tables, links)
