"""Trend per quarter (issue 17): a table's released total in each quarter of the chosen year.

Why the design is what it is (research/sdc.md §1.4, "disclosure by differencing"): a year is
exactly the sum of its quarters (a person counts in the quarter their first case of the year
started), so quarter totals beside the year's tables are linked tables. Three published quarters
and a published year give the fourth, and a quarter total bounds that quarter's share of every
year number; a quarter protected on its own sees neither. So:

- **On the screen** (:func:`preview_trends`), a quarter's total is first what that quarter's own
  protection releases, with the register as its history (as ``service.preview_period`` would for
  that quarter; nothing is registered). It protects, per thing counted, the smallest table that
  has that total: the total is the same in every such table, and a smaller problem is faster.
  Then :mod:`carecoord.stats.trend_guard` withholds more, from what the page and the register
  already show about the year: beside a published year total the withheld quarters together
  hold at least k (or all four are withheld); no year number (published, or withheld with its
  audited range) gets a quarter share narrower than k that the year alone left wider; a
  restricted table (permit holders) never leaves 1..k−1 persons outside it in a quarter. Those
  are the attacker's exact bounds for totals against a year (Fréchet bounds), and withholding
  more than an audited release never opens a hole. The audit does not make the guard redundant:
  it applies "a table of fewer than k persons is withheld whole" only to the period released, so
  a small quarter's zero (no referrals among its three persons) would be year minus three.
  Nothing is released beside a page whose own release fails its audit.
  Tried first and dropped: protecting the four quarters jointly with the page (the page and the
  earlier quarters as ``protect``'s history). Exact too, but for the demo region of 49
  municipalities it took 274 s on the worker (this way: 5 s) and withheld nearly every quarter.
- **In an exported report** (:func:`released_trends`), the quarters come only from releases that
  went through the joint audit: registered exports of that quarter for the same municipalities
  (the latest one), and the release being exported when it is a quarter itself. The release being
  exported was audited together with every one of them (``protect``'s history), so the report
  repeats only numbers that are already out and audited jointly with it. A quarter nobody
  exported is marked "not exported", never computed for the report: a number computed at export
  time would leave the vault without being in the register, and later exports could not protect
  against it.

A trend is drawn for the first table of each thing counted (tables that count the same units of
one cohort share their total, so a second trend would repeat the first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from carecoord.stats.period import Period
from carecoord.stats.protect import protect
from carecoord.stats.records import StatsRecord
from carecoord.stats.release import PriorRelease, Release
from carecoord.stats.secondary import Unprotectable
from carecoord.stats.tables import TOTAL, TableDefinition
from carecoord.stats.trend_guard import grand_total, linked_guard

QUARTERS = (1, 2, 3, 4)
# released: the number is published; withheld: protected ("–"); not_exported: in a report, a
# quarter no registered export covers (nothing to repeat).
PointState = Literal["released", "withheld", "not_exported"]


@dataclass(frozen=True)
class QuarterPoint:
    quarter: int
    value: int | None  # None unless released
    state: PointState


@dataclass(frozen=True)
class Trend:
    table_id: str
    year: int
    points: tuple[QuarterPoint, ...]  # the four quarters, in order

    @property
    def values(self) -> list[int | None]:
        return [p.value for p in self.points]


def trend_table_ids(definitions: Sequence[TableDefinition]) -> list[str]:
    """The first table of each thing counted (cohort, restriction, unit)."""
    seen: set[tuple[str, str | None, str]] = set()
    chosen = []
    for d in definitions:
        key = (*d.population_key, d.unit)
        if key not in seen:
            seen.add(key)
            chosen.append(d.table_id)
    return chosen


def _carriers(shown: Release, ids: Sequence[str]) -> dict[str, str]:
    """For each trend table, the smallest shown table that counts the same (it has the same
    total): a quarter is protected through it, as fewer numbers make a smaller problem."""
    out = {}
    for t in ids:
        d = shown.table(t).definition
        same = [
            table
            for table in shown.tables
            if table.definition.population_key == d.population_key
            and table.definition.unit == d.unit
        ]
        out[t] = min(same, key=lambda table: len(table.cells)).table_id
    return out


def _protected(
    records: Sequence[StatsRecord],
    quarter: Period,
    shown: Release,
    definitions: Sequence[TableDefinition],
    history: Sequence[PriorRelease],
) -> Release | None:
    try:
        release = protect(
            records,
            quarter,
            frozenset(shown.population),
            shown.settings,
            definitions=definitions,
            history=history,
        )
    except Unprotectable:
        return None
    return release if release.audit_ok else None


def preview_trends(
    records: Sequence[StatsRecord], shown: Release, history: Sequence[PriorRelease]
) -> dict[str, Trend]:
    """The screen's trends for the year of ``shown`` (the page's preview); registers nothing.

    ``records`` are the year's records, ``history`` the register of that year (as ``preview``
    used them for ``shown``). Nothing is released beside a release that fails its audit.
    """
    period = Period.from_id(shown.period_id)
    ids = trend_table_ids([t.definition for t in shown.tables])
    carriers = _carriers(shown, ids)
    definitions = [shown.table(c).definition for c in sorted(set(carriers.values()))]
    totals: dict[str, list[int | None]] = {t: [] for t in ids}
    for q in QUARTERS:
        quarter = Period(year=period.year, quarter=q)
        if not shown.audit_ok:
            own = None
        elif quarter == period:
            own = shown  # the page's own quarter: its numbers, as the tables show them
        else:
            own = _protected(records, quarter, shown, definitions, history)
        for t in ids:
            table = None if own is None else own.table(t if own is shown else carriers[t])
            totals[t].append(None if table is None else grand_total(table))
    guarded = linked_guard(shown, history, totals)
    return {
        t: Trend(
            t,
            period.year,
            tuple(
                QuarterPoint(q, v, "withheld" if v is None else "released")
                for q, v in zip(QUARTERS, values, strict=True)
            ),
        )
        for t, values in guarded.items()
    }


def released_trends(release: Release, history: Sequence[PriorRelease]) -> dict[str, Trend]:
    """The report's trends: quarter totals as registered exports (and ``release``) published them.

    ``history`` is the register of the year *without* ``release`` itself.
    """
    period = Period.from_id(release.period_id)
    population = frozenset(release.population)
    latest: dict[int, dict[tuple[str, tuple[str, ...]], int | None]] = {}
    for prior in history:  # oldest first: a later export of a quarter replaces an earlier one
        p = Period.from_id(prior.period_id)
        if (
            p.year == period.year
            and p.quarter is not None
            and frozenset(prior.population) == (population)
        ):
            latest[p.quarter] = {(c.table_id, c.coords): c.value for c in prior.cells}
    if period.quarter is not None:
        latest[period.quarter] = {
            (c.table_id, c.coords): c.value for t in release.tables for c in t.cells
        }
    trends = {}
    for t in trend_table_ids([table.definition for table in release.tables]):
        whole = (TOTAL,) * len(release.table(t).codes)
        points = []
        for q in QUARTERS:
            cells = latest.get(q, {})
            if (t, whole) not in cells:
                points.append(QuarterPoint(q, None, "not_exported"))
                continue
            value = cells[(t, whole)]
            points.append(QuarterPoint(q, value, "withheld" if value is None else "released"))
        trends[t] = Trend(t, period.year, tuple(points))
    return trends
