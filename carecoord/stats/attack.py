"""The attacker's linear program: the smallest and largest value a cell can take.

The attacker knows every relation of the :class:`~carecoord.stats.system.LinearSystem`, the bounds
of every number (a published count exactly; a rounded count within its rounding interval; a
suppressed or unpublished count only ``≥ 0``) and solves min and max of the target over that
polytope (LP relaxation, HiGHS). Unknown numbers that share no relation are independent, so each
target is solved over its connected component only.

For the suppression MILP the same LP also yields a *cut*: with the optimal equality duals γ of the
max (min) problem, r = ±e_i − Mᵀγ gives, for every pattern x, the bound
``max − value ≤ Σ_j (r_j⁺ · up_j + r_j⁻ · down_j) · x_j`` where ``up_j``/``down_j`` are how far
suppressing cell j lets it move up/down. Any γ gives a valid inequality (LP duality); the optimal γ
makes it tight at the current pattern (Fischetti & Salazar-González's capacity constraints).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.stats import highs
from carecoord.stats.sparse import CsrMatrix

TOLERANCE = 1e-6
CERTIFY_GROUP = 12


@dataclass(frozen=True)
class Range:
    lower: float
    upper: float  # math.inf when unbounded

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class _Component:
    rows: NDArray[np.int64]
    cols: NDArray[np.int64]
    sub: CsrMatrix
    full_t: CsrMatrix
    rhs: NDArray[np.float64]
    bounds: NDArray[np.float64]


class Attacker:
    """Feasibility intervals over a linear system with per-number bounds."""

    def __init__(
        self,
        matrix: CsrMatrix,
        lower: NDArray[np.float64],
        upper: NDArray[np.float64],
    ) -> None:
        self.matrix = matrix
        self.lower = lower
        self.upper = upper
        self.free = upper - lower > TOLERANCE
        self._components()

    def _components(self) -> None:
        """Connected components of the unknowns (numbers sharing a relation), each named by its
        smallest number, and the relations of each, in row order.

        Vectorised (the suppression loop builds an attacker per failing cell): every number
        takes the smallest label among the relations it is in, then labels are followed to their
        own labels, until nothing changes. A label is always a number of the same component and
        never larger, so the fixed point is each component's smallest number.
        """
        csr = self.matrix
        m, n = csr.shape
        entry_rows = np.repeat(np.arange(m, dtype=np.int64), np.diff(csr.indptr))
        keep = self.free[csr.indices]
        rows, cols = entry_rows[keep], csr.indices[keep].astype(np.int64)
        label = np.arange(n, dtype=np.int64)
        while True:
            row_min = np.full(m, n, dtype=np.int64)
            np.minimum.at(row_min, rows, label[cols])
            new = label.copy()
            np.minimum.at(new, cols, row_min[rows])
            new = new[new]
            if np.array_equal(new, label):
                break
            label = new
        self.component = label
        self._rows_of: dict[int, list[int]] = {}
        # A relation belongs to the component of its unknowns (all one component by now).
        touched = np.unique(rows)
        first = np.full(m, -1, dtype=np.int64)
        first[rows[::-1]] = cols[::-1]
        for row in touched.tolist():
            self._rows_of.setdefault(int(label[first[row]]), []).append(row)
        self._cache: dict[int, _Component] = {}
        self._warm: dict[int, highs.WarmStart] = {}

    def _problem(self, root: int) -> _Component:
        if root not in self._cache:
            rows = np.array(self._rows_of.get(root, []), dtype=np.int64)
            cols = np.flatnonzero((self.component == root) & self.free)
            full = self.matrix.take_rows(rows)
            fixed = self.lower.copy()
            fixed[cols] = 0.0
            self._cache[root] = _Component(
                rows=rows,
                cols=cols,
                sub=full.take_cols(cols),
                full_t=full.transpose(),
                rhs=-(full @ fixed),
                bounds=np.column_stack([self.lower[cols], self.upper[cols]]),
            )
        return self._cache[root]

    def _solve(self, target: int, sign: float) -> tuple[float, _Component, NDArray[np.float64]]:
        """Optimum of ``sign * y_target`` minimised, with the component and its row duals."""
        part = self._problem(int(self.component[target]))
        c = np.zeros(len(part.cols))
        c[int(np.searchsorted(part.cols, target))] = sign
        has_rows = len(part.rows) > 0
        result = self._linprog(part, c)
        if result.status is highs.Status.UNBOUNDED:
            return -math.inf, part, np.zeros(len(part.rows))
        if result.status is not highs.Status.OPTIMAL:
            raise CareCoordError(
                _(
                    "The disclosure audit could not be solved; nothing was exported "
                    "(solver status %(status)s)."
                )
                % {"status": result.model_status}
            )
        duals = result.row_duals if has_rows else np.zeros(0)
        return result.objective, part, duals

    def _optimum(self, target: int, sign: float) -> float:
        """The optimum of :meth:`_solve` alone (no duals, no point), warm-started from the last
        solve over the same component; anything but an optimum is solved again cold."""
        root = int(self.component[target])
        part = self._problem(root)
        if len(part.rows):
            if root not in self._warm:
                self._warm[root] = highs.WarmStart(
                    part.sub, part.rhs, part.rhs, part.bounds[:, 0], part.bounds[:, 1]
                )
            c = np.zeros(len(part.cols))
            c[int(np.searchsorted(part.cols, target))] = sign
            optimum = self._warm[root].minimum(c)
            if optimum is not None:
                return optimum
        return self._solve(target, sign)[0]

    def unknowns_around(self, target: int) -> NDArray[np.int64]:
        """The unknown numbers the target's range depends on (its component)."""
        if not self.free[target]:
            return np.zeros(0, dtype=np.int64)
        return self._problem(int(self.component[target])).cols

    def neighbours(self, target: int) -> NDArray[np.int64]:
        """Fixed numbers sharing a relation with the unknowns around ``target``."""
        part = self._problem(int(self.component[target]))
        if not len(part.rows):
            return np.zeros(0, dtype=np.int64)
        touched: NDArray[np.int64] = np.unique(self.matrix.take_rows(part.rows).indices).astype(
            np.int64
        )
        fixed: NDArray[np.int64] = touched[~self.free[touched]]
        return fixed

    def certify(
        self, targets: list[int], values: NDArray[np.float64], width: float
    ) -> dict[int, Range]:
        """Ranges proved at least ``width`` wide by a few shared feasible points, no LP per cell.

        Two LPs per component (push all its targets up together, then down) give feasible
        tables; with the true table they bound each target's range from inside. A target whose
        inner bounds are already ``width`` apart is safe; the others need their own LPs.
        """
        by_root: dict[int, list[int]] = {}
        for target in targets:
            if self.free[target]:
                by_root.setdefault(int(self.component[target]), []).append(target)
        proved: dict[int, Range] = {}
        for root, members in by_root.items():
            part = self._problem(root)
            positions = np.searchsorted(part.cols, members)
            points = [values[part.cols]]
            # Neighbouring numbers (same table, nearby codes) tend to move together, so push
            # small groups of them up and down together as well as all of them at once.
            groups = [positions] + [
                positions[start : start + CERTIFY_GROUP]
                for start in range(0, len(positions), CERTIFY_GROUP)
                if len(positions) > CERTIFY_GROUP
            ]
            for group in groups:
                for sign in (-1.0, 1.0):
                    c = np.zeros(len(part.cols))
                    c[group] = sign
                    result = self._linprog(part, c)
                    if result.status is highs.Status.OPTIMAL:
                        points.append(np.asarray(result.x))
            stacked = np.vstack(points)
            for member, position in zip(members, positions, strict=True):
                low = float(stacked[:, position].min())
                high = float(stacked[:, position].max())
                if high - low >= width - TOLERANCE:
                    proved[member] = Range(low, high)
        return proved

    def _linprog(self, part: _Component, c: NDArray[np.float64]) -> highs.Solution:
        # Dual simplex without presolve: the duals for the cuts come from the final basis.
        return highs.solve(
            c,
            part.sub if len(part.rows) else None,
            part.rhs,
            part.rhs,
            part.bounds[:, 0],
            part.bounds[:, 1],
            dual_simplex=True,
            presolve=False,
        )

    def wide_enough(self, target: int, value: float, width: float) -> bool:
        """Whether the range is at least ``width`` wide; often settled by the max alone."""
        if not self.free[target]:
            return width <= 0
        high = -self._optimum(target, -1.0)
        if high - value >= width - TOLERANCE:  # the range reaches down to the value itself
            return True
        low = self._optimum(target, 1.0)
        return high - low >= width - TOLERANCE

    def range(self, target: int) -> Range:
        if not self.free[target]:
            return Range(float(self.lower[target]), float(self.upper[target]))
        return Range(self._optimum(target, 1.0), -self._optimum(target, -1.0))

    def cut(
        self, target: int, up: NDArray[np.float64], down: NDArray[np.float64]
    ) -> tuple[Range, NDArray[np.float64]]:
        """The range of ``target`` and a coefficient vector w with width(x) ≤ w·x for every x.

        ``up[j]`` / ``down[j]`` are how far suppressing j lets its value move up / down.
        """
        n = self.matrix.shape[1]
        weights = np.zeros(n)
        bounds = []
        for sign in (-1.0, 1.0):  # -1: maximise (upper gap), +1: minimise (lower gap)
            optimum, part, duals = self._solve(target, sign)
            if math.isinf(optimum):
                raise CareCoordError(
                    _(
                        "Internal error in the disclosure audit (an unbounded attacker); nothing was exported."
                    )
                )
            bounds.append(optimum)
            r = part.full_t @ duals if len(part.rows) else np.zeros(n)
            r = np.asarray(r, dtype=np.float64).ravel()
            r[target] -= sign
            weights += np.maximum(r, 0.0) * up + np.maximum(-r, 0.0) * down
        lower, upper = bounds[1], -bounds[0]
        return Range(lower, upper), weights
