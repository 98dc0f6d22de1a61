"""The CSR helper and the HiGHS wrapper that replaced scipy (issue 14), against dense numpy."""

from __future__ import annotations

import numpy as np

from carecoord.stats import highs
from carecoord.stats.attack import Attacker
from carecoord.stats.sparse import CsrMatrix

DENSE = np.array([[1.0, 0.0, -1.0, 0.0], [0.0, 0.0, 0.0, 0.0], [2.0, -3.0, 0.0, 4.0]])


def test_csr_operations_match_dense_numpy() -> None:
    matrix = CsrMatrix.from_dense(DENSE)
    assert np.array_equal(matrix.toarray(), DENSE)
    assert np.array_equal(matrix.transpose().toarray(), DENSE.T)
    assert np.array_equal(matrix.take_rows([2, 0]).toarray(), DENSE[[2, 0]])
    assert np.array_equal(matrix.take_cols([3, 0]).toarray(), DENSE[:, [3, 0]])
    vector = np.array([1.0, 2.0, 3.0, 4.0])
    assert np.array_equal(matrix @ vector, DENSE @ vector)


def test_repeated_triplets_are_summed() -> None:
    matrix = CsrMatrix.from_triplets([0, 0, 1], [1, 1, 0], [2.0, 3.0, 1.0], (2, 2))
    assert np.array_equal(matrix.toarray(), np.array([[0.0, 5.0], [1.0, 0.0]]))


def test_solver_tells_optimal_unbounded_and_infeasible_apart() -> None:
    # y0 = y1 + y2, y1 = y2, y0 ≤ 10: max y1 is 5, with the equality duals of the optimum.
    matrix = CsrMatrix.from_dense([[1.0, -1.0, -1.0], [0.0, 1.0, -1.0]])
    zeros, inf = np.zeros(2), np.inf
    best = highs.solve(
        [0.0, -1.0, 0.0], matrix, zeros, zeros, np.zeros(3), [10.0, inf, inf],
        dual_simplex=True, presolve=False,
    )  # fmt: skip
    assert best.status is highs.Status.OPTIMAL
    assert best.objective == -5.0
    assert np.allclose(best.x, [10.0, 5.0, 5.0])
    assert np.allclose(best.row_duals, [0.5, -0.5])
    unbounded = highs.solve([0.0, -1.0, 0.0], matrix, zeros, zeros, np.zeros(3), [inf] * 3)
    assert unbounded.status is highs.Status.UNBOUNDED
    # Binary y with y0 − y1 − y2 = 1 and y1 − y2 = 1 would need y0 = 2.
    ones = np.ones(2)
    none = highs.solve([1.0] * 3, matrix, ones, ones, np.zeros(3), np.ones(3), integral=[1, 1, 1])
    assert none.status is highs.Status.INFEASIBLE


def test_a_warm_started_lp_finds_the_cold_optimum_objective_after_objective() -> None:
    # A small table with margins (y0 = y1 + y2, y3 = y1 + y4): the attacker's min and max of
    # every number, warm from the last solve, must equal a cold solve of each; unbounded → None.
    matrix = CsrMatrix.from_dense([[1.0, -1.0, -1.0, 0.0, 0.0], [0.0, -1.0, 0.0, 1.0, -1.0]])
    zeros = np.zeros(2)
    lower, upper = np.array([4.0, 0.0, 0.0, 2.0, 0.0]), np.array([9.0, 7.0, 3.0, 6.0, 5.0])
    warm = highs.WarmStart(matrix, zeros, zeros, lower, upper)
    for j in range(5):
        for sign in (1.0, -1.0):
            cost = np.zeros(5)
            cost[j] = sign
            cold = highs.solve(cost, matrix, zeros, zeros, lower, upper, dual_simplex=True)
            assert warm.minimum(cost) == cold.objective
    unbounded = highs.WarmStart(matrix, zeros, zeros, np.zeros(5), np.full(5, np.inf))
    assert unbounded.minimum(np.array([-1.0, 0.0, 0.0, 0.0, 0.0])) is None
    assert unbounded.minimum(np.array([1.0, 0.0, 0.0, 0.0, 0.0])) == 0.0  # and it recovers


def _components_by_union_find(dense: np.ndarray, free: np.ndarray) -> list[set[int]]:
    parent = list(range(dense.shape[1]))

    def find(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    for row in dense:
        cols = [int(c) for c in np.flatnonzero(row) if free[c]]
        for col in cols[1:]:
            parent[find(col)] = find(cols[0])
    return [
        {int(c) for c in np.flatnonzero(free) if find(int(c)) == find(j)} for j in range(len(free))
    ]


def test_the_attacker_splits_the_unknowns_into_the_components_of_the_relations() -> None:
    rng = np.random.default_rng(3)
    for _trial in range(50):
        dense = np.zeros((int(rng.integers(1, 30)), int(rng.integers(2, 40))))
        for row in dense:
            cols = rng.choice(len(row), size=min(len(row), int(rng.integers(0, 5))), replace=False)
            row[cols] = rng.choice([-1.0, 1.0], size=len(cols))
        upper = np.where(rng.random(dense.shape[1]) < 0.6, 5.0, 0.0)
        free = upper > 0
        attacker = Attacker(CsrMatrix.from_dense(dense), np.zeros(len(upper)), upper)
        expected = _components_by_union_find(dense, free)
        for j in np.flatnonzero(free):
            assert set(attacker.unknowns_around(int(j)).tolist()) == expected[j]
            # Each component is named by its smallest number.
            assert attacker.component[j] == min(expected[j])
