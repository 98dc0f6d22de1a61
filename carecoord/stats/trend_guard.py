"""What the screen's quarter totals may not reveal beside the year that is already out.

The attacker's knowledge, written down exactly for totals (carecoord/stats/trend.py says why):

1. **Year = Σ quarters.** Beside a published year total T, the withheld quarters together hold
   T − Σ released. One withheld quarter is then known; several lie anywhere in [0, that rest].
   So the withheld quarters must share at least k, or all four are withheld.
2. **A quarter's share of a year number.** For a year number y (any cell or margin of a table
   counting the same units) and a quarter total T_q, the quarter's part x of y lies in
   [max(0, y − (T − T_q)), min(y, T_q)] (Fréchet bounds of the quarter × cell table, sharp when
   the margins are known). A published T_q may not make that range narrower than k where the
   year alone left it wider, unless it puts x at k or more (then x is not small) or at 0 (a
   zero, published by the rules unless zeros are protected). A withheld year number counts
   with its audited range.
3. **Parts of a cohort.** A restricted table (permit holders, labour migrants) counts a part of
   the persons of the cohort's main table: where both quarter totals are out, their difference
   (persons outside the part) may not be 1..k−1.

Each rule withholds the largest released quarter first (it widens the rest soonest), and the
rules run until none withholds more. A year of 0 says by itself that every quarter is 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from carecoord.stats.period import Period
from carecoord.stats.release import PriorRelease, Release, TableRelease
from carecoord.stats.tables import TOTAL

Interval = tuple[float, float]
Key = tuple[str, str | None, str]  # cohort, restriction, unit


def grand_total(table: TableRelease) -> int | None:
    whole = (TOTAL,) * len(table.codes)
    return next(c.value for c in table.cells if c.coords == whole)


def _key(table: TableRelease) -> Key:
    return (*table.definition.population_key, table.definition.unit)


def _year_numbers(
    shown: Release, history: Sequence[PriorRelease], table_id: str
) -> tuple[list[Interval], list[int]]:
    """What is out about the year for ``table_id``'s units, for these municipalities: the year
    numbers of every table counting the same (as intervals) and the published year totals."""
    period = Period.from_id(shown.period_id)
    key = _key(shown.table(table_id))
    same = {t.table_id: len(t.codes) for t in shown.tables if _key(t) == key}
    ranges: list[Interval] = []
    totals: list[int] = []
    cells: list[tuple[str, tuple[str, ...], int | None]] = []
    if period.quarter is None:  # the page shows the year
        cells += [(c.table_id, c.coords, c.value) for t in shown.tables for c in t.cells]
    population = frozenset(shown.population)
    for prior in history:
        if prior.period_id == period.year_period.id and frozenset(prior.population) == population:
            cells += [(c.table_id, c.coords, c.value) for c in prior.cells]
    audited = {(a.table_id, a.coords): a for a in shown.audit if period.quarter is None}
    for table_id_, coords, value in cells:
        if table_id_ not in same:
            continue
        if value is None:
            entry = audited.get((table_id_, coords))
            if entry is not None:
                ranges.append((entry.lower, math.inf if entry.upper is None else entry.upper))
        elif coords == (TOTAL,) * same[table_id_]:
            totals.append(value)
        else:
            ranges.append((float(value), float(value)))
    return ranges, sorted(set(totals))


def _withhold_largest(values: list[int | None]) -> bool:
    released = [i for i, v in enumerate(values) if v is not None]
    if not released:
        return False
    values[max(released, key=lambda i: values[i] or 0)] = None
    return True


def _sum_rule(values: list[int | None], totals: Sequence[int], k: int) -> bool:
    for total in totals:
        hidden = sum(1 for v in values if v is None)
        if total == 0 or hidden in (0, len(values)):
            continue
        rest = total - sum(v for v in values if v is not None)
        if hidden == 1 or rest < k:
            return _withhold_largest(values)
    return False


def _share_rule(
    values: list[int | None],
    ranges: Sequence[Interval],
    totals: Sequence[int],
    k: int,
    zeros_unsafe: bool,
) -> bool:
    # Without a year total out, the quarter's complement is unknown. Each one that is out is a
    # fact of its own (a registered year may predate a correction): every one is checked.
    for total in totals:
        for i, quarter in enumerate(values):
            if quarter is None:
                continue
            for low, high in ranges:
                share_low = max(0.0, low - (total - quarter))
                share_high = min(high, float(quarter))
                if share_high == 0 and not zeros_unsafe:
                    continue  # known to hold none of it: a zero, which the rules publish
                # The year alone leaves the quarter anything from 0 to the number's top.
                if share_high - share_low < min(k, high) and share_low < k:
                    values[i] = None
                    return True
    return False


def _part_rule(whole: list[int | None], part: list[int | None], k: int) -> bool:
    for i, (w, p) in enumerate(zip(whole, part, strict=True)):
        if w is not None and p is not None and 1 <= w - p < k:
            part[i] = None
            return True
    return False


def linked_guard(
    shown: Release, history: Sequence[PriorRelease], totals: dict[str, list[int | None]]
) -> dict[str, list[int | None]]:
    """``totals``: each trend table's quarter totals as the quarters' own protection released
    them; returns them with what the rules above withhold as well."""
    k = shown.settings.k
    out = {t: list(v) for t, v in totals.items()}
    known = {t: _year_numbers(shown, history, t) for t in out}
    mains = {_key(shown.table(t))[::2]: t for t in out if _key(shown.table(t))[1] is None}
    changed = True
    while changed:
        changed = False
        for t, values in out.items():
            ranges, years = known[t]
            changed |= _sum_rule(values, years, k) or _share_rule(
                values, ranges, years, k, shown.settings.zeros_unsafe
            )
            cohort, only, unit = _key(shown.table(t))
            main = mains.get((cohort, unit))
            if only is not None and main is not None:
                changed |= _part_rule(out[main], values, k)
    return out
