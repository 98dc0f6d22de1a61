"""Secondary suppression: an exact mixed-integer program solved by constraint generation.

Model: one binary x_j per number (1 = suppressed); minimise information loss Σ cost_j x_j
(persons hidden, or cells hidden; the other breaks ties so the answer is unique more often).
Protection of every primary cell i is the requirement of the issue, width_i(x) ≥ k, where
width_i(x) = max y_i − min y_i of the attacker's LP given pattern x. By LP duality width_i(x) is
the minimum of finitely many linear functions of x (one per pair of dual vertices), so the
requirement is equivalent to finitely many linear inequalities w·x ≥ k (Fischetti &
Salazar-González 2000, "capacity constraints"). We do not enumerate them; we generate them:

1. solve the MILP with the cuts known so far (HiGHS, relative gap 0);
2. attack every primary cell under the resulting pattern;
3. for each cell whose range is narrower than k add the cut from the attacker's optimal duals
   (tight at this pattern, valid for all patterns);
4. repeat until no cell fails. A cell that keeps failing gets its attacker written into the
   MILP instead (two copies of the table within the pattern's bounds whose difference at that
   cell is ≥ k: the compact form of the same requirement), which settles it in one round.

The loop starts from simple necessary conditions (a relation holding a primary cell needs a
second suppression; a cell below k needs a partner that can go down) and takes its cuts from the
duals of a slightly relaxed attacker, which blame fewer irrelevant cells; both are valid
inequalities, so neither changes the optimum.

Every cut is valid, so the optimum of the relaxed MILP is a lower bound on the true optimum; the
loop stops only when that optimum is itself feasible, so it is optimal: exact, not a heuristic.
It terminates because each round cuts off the current pattern and there are finitely many.
(HiGHS is run with a relative gap of 0; exact means exact up to its numerical tolerances.)

The MILP's attacker also assumes that no number exceeds its true value by more than the largest
total in the system plus k (finite capacities make the cuts finite). That attacker is stronger
than the audit's (which has no such bound), so a pattern that protects against it passes the
audit; the optimum is exact for this bounded attacker, which in practice never differs because
a primary cell needs only k of room and every count is below the largest total.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from carecoord.errors import CareCoordError, InputRejected
from carecoord.i18n import _
from carecoord.stats import highs
from carecoord.stats.attack import TOLERANCE, Attacker
from carecoord.stats.sparse import CsrMatrix

MAX_ROUNDS = 500
# The app must answer; an export this hard is better redesigned (coarser tables) anyway.
MAX_SECONDS = 300.0
SLACK = 1e-6
# A cell that failed this often gets its attacker written into the MILP (bounded in number,
# since each adds two copies of the system).
BLOCK_AFTER = 3
MAX_BLOCKS = 12


class Unprotectable(InputRejected):
    """No suppression pattern protects every unsafe cell (earlier exports already reveal it)."""


def solve_pattern(
    matrix: CsrMatrix,
    values: NDArray[np.float64],
    costs: NDArray[np.float64],
    forced_on: Iterable[int],
    forced_off: Iterable[int],
    protect: Iterable[int],
    width: float,
) -> tuple[NDArray[np.bool_], int]:
    """An optimal pattern (True = suppressed) and the number of MILP rounds it took."""
    n = matrix.shape[1]
    lb = np.zeros(n)
    ub = np.ones(n)
    for j in forced_on:
        lb[j] = 1.0
    for j in forced_off:
        ub[j] = 0.0
    if np.any(lb > ub):
        raise Unprotectable(_("An unsafe cell was already published in an earlier export."))
    targets = sorted(set(protect))
    capacity = float(values.max(initial=0.0)) + width
    up = np.full(n, capacity)
    down = values.copy()

    cut_rows, cut_rhs = _starting_cuts(matrix, values, targets, width)

    # A cell's range depends only on the unknowns connected to it, and suppressing more only
    # widens it: a cell proved safe stays safe while those unknowns stay suppressed.
    certified: dict[int, list[NDArray[np.intp]]] = {t: [] for t in targets}
    failures: dict[int, int] = {}
    blocks: list[int] = []
    deadline = time.monotonic() + MAX_SECONDS
    for rounds in range(1, MAX_ROUNDS + 1):
        if time.monotonic() > deadline:
            break
        result = _solve_milp(
            matrix, values, costs, lb, ub, cut_rows, cut_rhs, blocks, capacity, width
        )
        pattern = np.asarray(result[:n]) > 0.5
        new_cuts = _failing_cuts(
            matrix, values, pattern, capacity, up, down, targets, certified, width
        )
        if not new_cuts:
            return pattern, rounds
        for target, cut in new_cuts:
            cut_rows.append(cut)
            cut_rhs.append(width)
            failures[target] = failures.get(target, 0) + 1
            if (
                failures[target] >= BLOCK_AFTER
                and target not in blocks
                and len(blocks) < MAX_BLOCKS
            ):
                blocks.append(target)
    raise CareCoordError(
        _(
            "Secondary suppression did not finish in time; nothing was exported. "
            "Choose fewer or coarser tables."
        )
    )


def _solve_milp(
    matrix: CsrMatrix,
    values: NDArray[np.float64],
    costs: NDArray[np.float64],
    lb: NDArray[np.float64],
    ub: NDArray[np.float64],
    cut_rows: list[NDArray[np.float64]],
    cut_rhs: list[float],
    blocks: list[int],
    capacity: float,
    width: float,
) -> NDArray[np.float64]:
    """The MILP with the cuts so far and, for stubborn cells, their attacker written out.

    A block for cell t adds two tables y⁺, y⁻ that must satisfy every relation and lie within
    what the pattern lets the attacker assume (a − a·x ≤ y ≤ a + U·x), with y⁺_t − y⁻_t ≥ k:
    exactly the requirement width_t(x) ≥ k (Fischetti & Salazar-González's compact model),
    so a stubborn cell is settled in one round instead of one cut per round.
    """
    n = matrix.shape[1]
    m = matrix.shape[0]
    size = n + 2 * n * len(blocks)
    # Rows as (row, column, value) triplets, numbered as they are added.
    tri_rows: list[NDArray[np.int64]] = []
    tri_cols: list[NDArray[np.int64]] = []
    tri_data: list[NDArray[np.float64]] = []
    low: list[NDArray[np.float64]] = []
    high: list[NDArray[np.float64]] = []
    count = 0

    def add(rows: NDArray[np.int64], cols: NDArray[np.int64], data: NDArray[np.float64]) -> None:
        tri_rows.append(rows + count)
        tri_cols.append(cols)
        tri_data.append(np.asarray(data, dtype=np.float64))

    if cut_rows:
        cuts = CsrMatrix.from_dense(np.vstack(cut_rows))
        add(cuts.row_numbers(), cuts.indices, cuts.data)
        count += len(cut_rows)
        low.append(np.array(cut_rhs))
        high.append(np.full(len(cut_rhs), np.inf))
    every = np.arange(n, dtype=np.int64)
    for b, target in enumerate(blocks):
        for side in range(2):
            offset = n + (2 * b + side) * n
            add(matrix.row_numbers(), matrix.indices + offset, matrix.data)
            count += m
            low.append(np.zeros(m))
            high.append(np.zeros(m))
            # y ≤ a + U·x  and  y ≥ a − a·x
            add(every, every + offset, np.ones(n))
            add(every, every, np.full(n, -capacity))
            count += n
            low.append(np.full(n, -np.inf))
            high.append(values.copy())
            add(every, every + offset, np.ones(n))
            add(every, every, values)
            count += n
            low.append(values.copy())
            high.append(np.full(n, np.inf))
        add(
            np.zeros(2, dtype=np.int64),
            np.array([n + 2 * b * n + target, n + (2 * b + 1) * n + target], dtype=np.int64),
            np.array([1.0, -1.0]),
        )
        count += 1
        low.append(np.array([width]))
        high.append(np.array([np.inf]))
    all_costs = np.concatenate([costs, np.zeros(size - n)])
    integrality = np.concatenate([np.ones(n, dtype=bool), np.zeros(size - n, dtype=bool)])
    block_bounds_high = np.tile(values + capacity, 2 * len(blocks))
    constraints = None
    if count:
        constraints = CsrMatrix.from_triplets(
            np.concatenate(tri_rows),
            np.concatenate(tri_cols),
            np.concatenate(tri_data),
            (count, size),
        )
    result = highs.solve(
        all_costs,
        constraints,
        np.concatenate(low) if low else np.zeros(0),
        np.concatenate(high) if high else np.zeros(0),
        np.concatenate([lb, np.zeros(size - n)]),
        np.concatenate([ub, block_bounds_high]),
        integral=integrality,
        mip_rel_gap=0.0,  # exact (see the module's docstring); presolve on, no time limit
    )
    if result.status is not highs.Status.OPTIMAL:
        raise Unprotectable(
            _(
                "No suppression pattern can protect every unsafe cell; earlier exports of this "
                "period already publish too much. Nothing was exported."
            )
        )
    return result.x


def _starting_cuts(
    matrix: CsrMatrix, values: NDArray[np.float64], targets: list[int], width: float
) -> tuple[list[NDArray[np.float64]], list[float]]:
    """Necessary conditions to start from (valid, so exactness is kept).

    They spare the loop from trying every empty cell one round at a time. A primary cell in a
    relation whose other numbers are all published is found by subtraction, so each relation
    needs one more suppression. And as a cell can never go below 0, a cell under the threshold
    needs room to go *up*: in each relation where it is a part, either the whole is suppressed or
    a sibling that can go down (one with a value ≥ 1) is.
    """
    n = matrix.shape[1]
    rows: list[NDArray[np.float64]] = []
    csc = matrix.transpose()  # row j lists the relations holding number j
    csr = matrix
    for target in targets:
        for row in csc.indices[csc.indptr[target] : csc.indptr[target + 1]]:
            members = csr.indices[csr.indptr[row] : csr.indptr[row + 1]]
            signs = csr.data[csr.indptr[row] : csr.indptr[row + 1]]
            coefficients = np.zeros(n)
            coefficients[members] = 1.0
            coefficients[target] = 0.0
            rows.append(coefficients)
            is_part = bool(signs[members == target][0] < 0)
            if is_part and values[target] < width:
                room = np.zeros(n)
                for member, sign in zip(members, signs, strict=True):
                    if member != target and (sign > 0 or values[member] >= 1):
                        room[member] = 1.0
                rows.append(room)
    return rows, [1.0] * len(rows)


def _failing_cuts(
    matrix: CsrMatrix,
    values: NDArray[np.float64],
    pattern: NDArray[np.bool_],
    capacity: float,
    up: NDArray[np.float64],
    down: NDArray[np.float64],
    targets: list[int],
    certified: dict[int, list[NDArray[np.intp]]],
    width: float,
) -> list[tuple[int, NDArray[np.float64]]]:
    """A cut for every target the pattern leaves too narrow (none: the pattern is safe)."""
    lower = np.where(pattern, 0.0, values)
    upper = np.where(pattern, values + capacity, values)
    attacker = Attacker(matrix, lower, upper)
    cuts: list[tuple[int, NDArray[np.float64]]] = []
    pending = [
        t for t in targets if not any(bool(np.all(pattern[known])) for known in certified[t])
    ]
    for target in attacker.certify(pending, values, width):
        certified[target].append(attacker.unknowns_around(target))
    for target in pending:
        if any(bool(np.all(pattern[known])) for known in certified[target]):
            continue
        if attacker.wide_enough(target, float(values[target]), width):
            certified[target].append(attacker.unknowns_around(target))
            continue
        # For the cut: the same attacker with a sliver of slack on the published numbers next
        # to the target's unknowns. Its optimal duals tend to charge only the numbers whose
        # suppression would actually help (in the spirit of Magnanti & Wong's Pareto-optimal
        # cuts); the exact LP's duals often blame empty cells that do not help, and the loop
        # would then try those one per round. Any duals give a valid cut.
        near = attacker.neighbours(target)
        slack_lower, slack_upper = lower.copy(), upper.copy()
        slack_lower[near] = values[near] * (1.0 - SLACK)
        slack_upper[near] = values[near] + SLACK * capacity
        _bound, weights = Attacker(matrix, slack_lower, slack_upper).cut(target, up, down)
        if float(weights @ pattern) >= width - TOLERANCE:
            # Not violated at this pattern: fall back to the exact duals, tight by LP duality.
            exact_range, weights = attacker.cut(target, up, down)
            if abs(float(weights @ pattern) - exact_range.width) > 1e-5 * max(1.0, capacity):
                raise CareCoordError(
                    _(
                        "Internal error in secondary suppression (a cut that is not tight); nothing was exported."
                    )
                )
        # Coefficients above the right-hand side change no 0/1 solution; capping them keeps
        # the MILP well scaled.
        cuts.append((target, np.minimum(weights, width)))
    return cuts
