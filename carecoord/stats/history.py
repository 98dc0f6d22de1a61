"""What the attacker knows: published numbers, and what the published rules let them infer.

An attacker who knows the rules reads more than the numbers (issue 13):

- a rounded number R (round5 mode) lies within ±2 of R, and is never in 1..k−1 (those are
  withheld): a published 0 is exactly 0, a published 5 with k = 5 means 5..7;
- in round5 mode only unsafe cells are withheld, so a withheld person count holds 1..k−1
  (0..k−1 when zeros are protected) unless its whole table is withheld;
- releases made before issue 13 published ``A`` (primary: 1..k−1, or 0 when zeros were
  protected) and ``D`` (secondary: hence not 1..k−1).

Each of these is a disjunction (an ``A`` held a small count *or* a whole margin). The audit gives
the attacker the alternative that holds for the true table: a narrower set than the attacker
really has, so the attacker modelled is at least as strong as the real one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from carecoord.i18n import _
from carecoord.stats.disclosure_settings import ROUNDING_BASE
from carecoord.stats.primary import CHANGED
from carecoord.stats.release import PriorRelease
from carecoord.stats.system import CellRef, LinearSystem
from carecoord.stats.tables import ONE_CONTRIBUTOR_EACH

Interval = tuple[float, float]


def round_to_base(value: int, base: int = ROUNDING_BASE) -> int:
    """Conventional rounding half up; zero stays zero."""
    return math.floor(value / base + 0.5) * base


def rounding_interval(published: int, k: int, base: int = ROUNDING_BASE) -> Interval:
    """The values a published rounded number can hide, given that 1..k−1 are never published."""
    half = (base - 1) // 2
    if published == 0:
        return 0.0, 0.0
    return max(float(k), float(published - half)), float(published + half)


def withheld_class(
    persons: int, unit: str, k: int, zeros_unsafe: bool, whole_table: bool
) -> Interval | None:
    """What "withheld because unsafe" tells about a count, for the alternative that is true."""
    if whole_table:
        return None
    if 1 <= persons < k or (persons == 0 and zeros_unsafe):
        low = 0.0 if zeros_unsafe else 1.0
        return low, float(k - 1) if unit in ONE_CONTRIBUTOR_EACH else math.inf
    return None


@dataclass
class Knowledge:
    """What the attacker knows about each number, as an interval."""

    lower: NDArray[np.float64]
    upper: NDArray[np.float64]

    @classmethod
    def nothing(cls, n: int) -> Knowledge:
        return cls(np.zeros(n), np.full(n, math.inf))

    def learn(self, index: int, low: float, high: float) -> None:
        self.lower[index] = max(self.lower[index], low)
        self.upper[index] = min(self.upper[index], high)

    def learn_if_true(self, index: int, bounds: Interval | None, truth: float) -> None:
        if bounds is not None and bounds[0] <= truth <= bounds[1]:
            self.learn(index, *bounds)


@dataclass
class History:
    """What earlier linked exports imply for this one."""

    knowledge: Knowledge
    forced_on: set[int] = field(default_factory=set)
    forced_off: set[int] = field(default_factory=set)
    kept: dict[int, str] = field(default_factory=dict)
    warnings: set[str] = field(default_factory=set)


def _whole_tables(prior: PriorRelease) -> set[str]:
    tables: dict[str, bool] = {}
    for cell in prior.cells:
        tables[cell.table_id] = tables.get(cell.table_id, True) and cell.value is None
    return {t for t, whole in tables.items() if whole}


def apply_history(
    system: LinearSystem,
    linked: list[tuple[PriorRelease, str]],
    current_label: str,
    current: NDArray[np.bool_],
    reasons: dict[int, str],
    k: int,
) -> History:
    """``linked``: each earlier release with the scope label its numbers have in ``system``."""
    values = system.value_array()
    history = History(Knowledge.nothing(system.size))
    for prior, label in linked:
        whole = _whole_tables(prior)
        for cell in prior.cells:
            index = system.refs.get(CellRef(label, cell.table_id, tuple(cell.coords)))
            if index is None:
                continue
            truth = float(values[index])
            persons = system.contributors[index]
            if cell.value is None:
                # Cells suppressed before stay suppressed in a re-export of the same scope.
                if label == current_label and current[index]:
                    history.forced_on.add(index)
                    history.kept[index] = prior.export_id
                if cell.status == "D":
                    secondary = (0.0, 0.0) if persons == 0 else (float(prior.k), math.inf)
                    history.knowledge.learn_if_true(index, secondary, truth)
                elif cell.status == "A" or prior.mode == "round5":
                    bounds = withheld_class(
                        persons,
                        system.units[index],
                        prior.k,
                        prior.zeros_unsafe,
                        cell.table_id in whole,
                    )
                    history.knowledge.learn_if_true(index, bounds, truth)
                continue
            if prior.mode == "round5":
                bounds = rounding_interval(cell.value, prior.k)
                history.knowledge.learn_if_true(index, bounds, truth)
                continue
            if cell.value == truth:
                history.knowledge.learn(index, truth, truth)
                history.forced_off.add(index)
                continue
            if abs(cell.value - truth) < k and current[index]:
                # Publishing the corrected number would reveal the few persons who changed.
                reasons.setdefault(index, CHANGED)
            # Shown on the Statistics page and by the command line: in the app's language.
            history.warnings.add(
                _(
                    "Counts of %(period)s changed since export %(export)s; the changes"
                    " themselves are protected only cell by cell."
                )
                % {"period": prior.period_id, "export": prior.export_id}
            )
    return history
