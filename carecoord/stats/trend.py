"""Trend per quarter (issue 17): a table's released total in each quarter of the chosen year.

Why the design is what it is (research/sdc.md §1.4, "disclosure by differencing"): a year is
exactly the sum of its quarters (a person counts in the quarter their first case of the year
started), so four quarter totals beside the year's total are linked tables. Three published
quarters and a published year give the fourth; each quarter protected on its own would not see
that. So a trend number is never taken from a quarter's protection alone:

- **On the screen** (:func:`preview_trends`), quarter q's numbers come from protecting q jointly
  with everything the page shows and everything already registered: the page's own release and
  the quarters before q enter ``protect``'s history as if they had been exported (nothing is
  registered; this is a preview). The last quarter's audit therefore covers the year on the page
  and all four quarters together, and the secondary suppression withholds what would otherwise
  be worked out (typically: a second quarter beside a small one). A quarter number is shown only
  if that joint protection releases it *and* the quarter's own preview (what an export of that
  quarter would publish now, as ``service.preview_period``) releases it too; withholding more
  than an audited pattern never opens a hole. A quarter whose joint protection is refused is
  withheld whole, and so is every quarter when the page's own release fails its audit.
  Last, a guard of its own (``_guard``): beside a year total that is out (on the page or in the
  register), the withheld quarters of a trend together hold at least k, or all four are withheld.
  The audit alone does not promise that: it applies the "table of fewer than k persons" rule only
  to the period being released, so a small quarter's *zero* (no referrals among its three
  persons) could otherwise be read as the year minus the other three quarters.
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
from carecoord.stats.release import PriorRelease, Release, TableRelease
from carecoord.stats.secondary import Unprotectable
from carecoord.stats.tables import TOTAL, TableDefinition

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


def grand_total(table: TableRelease) -> int | None:
    whole = (TOTAL,) * len(table.codes)
    return next(c.value for c in table.cells if c.coords == whole)


def as_prior(release: Release, export_id: str) -> PriorRelease:
    """A release as the attacker would know it once published (its cells as published)."""
    return PriorRelease(
        export_id=export_id,
        period_id=release.period_id,
        population=release.population,
        mode=release.settings.mode,
        cells=tuple(c for t in release.tables for c in t.cells),
        k=release.settings.k,
        zeros_unsafe=release.settings.zeros_unsafe,
    )


def _carriers(shown: Release, ids: Sequence[str]) -> dict[str, str]:
    """For each trend table, the smallest shown table that counts the same (it has the same
    total): quarters are protected through it, as fewer numbers mean a smaller problem."""
    out = {}
    for t in ids:
        key = (*shown.table(t).definition.population_key, shown.table(t).definition.unit)
        same = [
            table
            for table in shown.tables
            if (*table.definition.population_key, table.definition.unit) == key
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
    used them for ``shown``).
    """
    period = Period.from_id(shown.period_id)
    ids = trend_table_ids([t.definition for t in shown.tables])
    carriers = _carriers(shown, ids)
    definitions = [shown.table(c).definition for c in sorted(set(carriers.values()))]
    totals: dict[str, list[int | None]] = {t: [] for t in ids}
    joint = [*history, as_prior(shown, "trend-preview")]
    for q in QUARTERS:
        quarter = Period(year=period.year, quarter=q)
        own: Release | None
        together: Release | None
        if quarter == period:
            own = together = shown if shown.audit_ok else None
        elif not shown.audit_ok:
            own = together = None
        else:
            own = _protected(records, quarter, shown, definitions, history)
            together = _protected(records, quarter, shown, definitions, joint)
            if together is not None:
                # The next quarters are protected as if this one were out, as shown.
                joint.append(as_prior(together, f"trend-preview-{quarter.id}"))
        for t in ids:
            value = None
            if own is not None and together is not None:
                carrier = carriers[t]
                if grand_total(own.table(carrier)) is not None:
                    value = grand_total(together.table(carrier))
            totals[t].append(value)
    out = {}
    for t, values in totals.items():
        guarded = _guard(values, _year_totals(shown, history, t), shown.settings.k)
        out[t] = Trend(
            t,
            period.year,
            tuple(
                QuarterPoint(q, v, "withheld" if v is None else "released")
                for q, v in zip(QUARTERS, guarded, strict=True)
            ),
        )
    return out


def _year_totals(shown: Release, history: Sequence[PriorRelease], table_id: str) -> list[int]:
    """The year totals of ``table_id`` that are out for these municipalities: on the page (when
    it shows the year) and in registered year exports."""
    period = Period.from_id(shown.period_id)
    found = []
    if period.quarter is None:
        found.append(grand_total(shown.table(table_id)))
    whole = (TOTAL,) * len(shown.table(table_id).codes)
    for prior in history:
        if prior.period_id == period.year_period.id and frozenset(prior.population) == frozenset(
            shown.population
        ):
            found += [c.value for c in prior.cells if c.table_id == table_id and c.coords == whole]
    return sorted({v for v in found if v is not None})


def _guard(values: list[int | None], year_totals: Sequence[int], k: int) -> list[int | None]:
    """Withhold more quarters until no withheld one follows from a year total: the withheld
    quarters share at least k (year − released quarters), or all four are withheld (a year of 0
    is the exception: it says by itself that every quarter is 0). The largest
    released quarter goes first: it makes the shared rest wide soonest."""
    out = list(values)
    changed = True
    while changed:
        changed = False
        for total in year_totals:
            hidden = [v for v in out if v is None]
            # A year of 0 says every quarter is 0 by itself: no quarter can add to that.
            if total == 0 or not hidden or len(hidden) == len(out):
                continue
            rest = total - sum(v for v in out if v is not None)
            if len(hidden) >= 2 and rest >= k:
                continue
            largest = max(
                (i for i, v in enumerate(out) if v is not None), key=lambda i: out[i] or 0
            )
            out[largest] = None
            changed = True
    return out


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
