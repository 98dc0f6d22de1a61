"""The CSR helper and the HiGHS wrapper that replaced scipy (issue 14), against dense numpy."""

from __future__ import annotations

import numpy as np

from carecoord.stats import highs
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
