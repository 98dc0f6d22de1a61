"""One linear or mixed-integer program solved by HiGHS (its own Python package, highspy).

The attacker's LPs and the suppression MILP go through :func:`solve`; this is the only module
that talks to the solver, so a change of solver or of its options is made here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs
from numpy.typing import ArrayLike, NDArray

from carecoord.stats.sparse import CsrMatrix


class Status(enum.Enum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    OTHER = "other"  # a solver error or a limit; the caller refuses to publish


@dataclass(frozen=True)
class Solution:
    status: Status
    model_status: str  # HiGHS's own words, for error messages
    x: NDArray[np.float64]  # empty unless optimal
    objective: float
    row_duals: NDArray[np.float64]  # ∂objective/∂row bound of a minimisation (scipy's marginals)


_STATUS = {
    highspy.HighsModelStatus.kOptimal: Status.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Status.UNBOUNDED,
}


def solve(
    cost: ArrayLike,
    matrix: CsrMatrix | None,
    row_lower: ArrayLike,
    row_upper: ArrayLike,
    col_lower: ArrayLike,
    col_upper: ArrayLike,
    *,
    integral: ArrayLike | None = None,
    dual_simplex: bool = False,
    presolve: bool = True,
    mip_rel_gap: float | None = None,
) -> Solution:
    """Minimise ``cost · x`` subject to ``row_lower ≤ matrix · x ≤ row_upper`` and the column
    bounds (``np.inf`` for none); ``integral`` marks the integer columns of a MILP.

    ``dual_simplex`` with ``presolve=False`` is what scipy's ``linprog(method="highs-ds")`` ran
    (the attacker's duals are read from the final basis); a MILP's gap is ``mip_rel_gap``.
    """
    lp = _model(cost, matrix, row_lower, row_upper, col_lower, col_upper, integral)
    m = lp.num_row_
    status, h = _run(lp, dual_simplex, presolve, mip_rel_gap)
    if status == highspy.HighsModelStatus.kUnboundedOrInfeasible and presolve:
        # Presolve can tell only that one of the two holds; without it HiGHS says which.
        status, h = _run(lp, dual_simplex, False, mip_rel_gap)
    kind = _STATUS.get(status, Status.OTHER)
    if kind is not Status.OPTIMAL:
        empty = np.zeros(0)
        return Solution(kind, h.modelStatusToString(status), empty, np.nan, empty)
    solution = h.getSolution()
    return Solution(
        kind,
        h.modelStatusToString(status),
        np.asarray(solution.col_value, dtype=np.float64),
        float(h.getInfo().objective_function_value),
        np.asarray(solution.row_dual, dtype=np.float64) if m else np.zeros(0),
    )


def _model(
    cost: ArrayLike,
    matrix: CsrMatrix | None,
    row_lower: ArrayLike,
    row_upper: ArrayLike,
    col_lower: ArrayLike,
    col_upper: ArrayLike,
    integral: ArrayLike | None = None,
) -> highspy.HighsLp:
    c = np.asarray(cost, dtype=np.float64)
    n = len(c)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.col_cost_ = c
    lp.col_lower_ = np.asarray(col_lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(col_upper, dtype=np.float64)
    m = 0 if matrix is None else matrix.shape[0]
    lp.num_row_ = m
    if matrix is not None and m:
        csc = matrix.columnwise
        lp.row_lower_ = np.asarray(row_lower, dtype=np.float64)
        lp.row_upper_ = np.asarray(row_upper, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = m
        lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
        lp.a_matrix_.index_ = csc.indices.astype(np.int32)
        lp.a_matrix_.value_ = csc.data
    if integral is not None:
        marks = np.asarray(integral, dtype=bool)
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if mark else highspy.HighsVarType.kContinuous
            for mark in marks
        ]
    return lp


def _run(
    lp: highspy.HighsLp, dual_simplex: bool, presolve: bool, mip_rel_gap: float | None
) -> tuple[highspy.HighsModelStatus, _Highs]:
    # The solver core itself, not highspy.Highs: that wrapper subscribes Python callbacks to every
    # solve (the attacker runs thousands) and prints HiGHS's banner on stdout, into the command
    # line's output, before any option can turn it off.
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "on" if presolve else "off")
    if dual_simplex:
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 1)
    if mip_rel_gap is not None:
        h.setOptionValue("mip_rel_gap", mip_rel_gap)
    h.passModel(lp)
    h.run()
    return h.getModelStatus(), h


class WarmStart:
    """One LP solved again and again with another objective: the attacker's min and max of every
    number of one component (the joint audit of a linked export solves hundreds).

    The model is passed to HiGHS once, and each solve starts from the basis the previous one
    ended in, so a solve takes a few simplex steps instead of a run from scratch. Only the optimal
    value is read: which optimal vertex is reached may depend on the start, the optimal value does
    not (the cuts, which need the duals, are solved cold by :func:`solve`).
    """

    def __init__(
        self,
        matrix: CsrMatrix,
        row_lower: ArrayLike,
        row_upper: ArrayLike,
        col_lower: ArrayLike,
        col_upper: ArrayLike,
    ) -> None:
        self._cost = np.zeros(matrix.shape[1])
        self._h = _Highs()
        self._h.setOptionValue("output_flag", False)
        self._h.setOptionValue("presolve", "off")
        self._h.setOptionValue("solver", "simplex")
        self._h.passModel(_model(self._cost, matrix, row_lower, row_upper, col_lower, col_upper))

    def minimum(self, cost: NDArray[np.float64]) -> float | None:
        """The optimum of ``cost · x``, or None when it is not optimal (the caller then solves
        cold, for the status and the message that path gives)."""
        changed = np.flatnonzero(cost != self._cost)
        self._h.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
        self._cost = cost.copy()
        self._h.run()
        if self._h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            self._h.clearSolver()  # the next solve starts afresh
            return None
        return float(self._h.getInfo().objective_function_value)
