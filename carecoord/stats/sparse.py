"""A compressed sparse row matrix: the few operations the attacker and the MILP need.

Relations between published numbers have a handful of nonzeros each, so the system is stored
as CSR arrays (numpy, which HiGHS's Python package depends on anyway); scipy.sparse would bring
73 MB of scipy into the bundle for these few lines (issue 14).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray


@dataclass(frozen=True)
class CsrMatrix:
    """Row i holds ``data[indptr[i]:indptr[i+1]]`` at columns ``indices[...]`` (sorted)."""

    shape: tuple[int, int]
    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    data: NDArray[np.float64]

    @classmethod
    def from_triplets(
        cls, rows: ArrayLike, cols: ArrayLike, data: ArrayLike, shape: tuple[int, int]
    ) -> CsrMatrix:
        """Entries (row, col, value); repeated positions are summed."""
        r = np.asarray(rows, dtype=np.int64).ravel()
        c = np.asarray(cols, dtype=np.int64).ravel()
        d = np.asarray(data, dtype=np.float64).ravel()
        m, n = shape
        if len(r):
            keys, inverse = np.unique(r * n + c, return_inverse=True)
            # bincount with weights sums in float64 (numpy's stubs say intp)
            d = np.asarray(
                np.bincount(inverse.ravel(), weights=d, minlength=len(keys)), dtype=np.float64
            )
            r, c = keys // n, keys % n
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=m), out=indptr[1:])
        return cls((m, n), indptr, c, d)

    @classmethod
    def from_dense(cls, array: ArrayLike) -> CsrMatrix:
        dense = np.atleast_2d(np.asarray(array, dtype=np.float64))
        r, c = np.nonzero(dense)
        return cls.from_triplets(r, c, dense[r, c], (dense.shape[0], dense.shape[1]))

    def row_numbers(self) -> NDArray[np.int64]:
        """The row of every stored entry."""
        counts = np.diff(self.indptr)
        return np.repeat(np.arange(self.shape[0], dtype=np.int64), counts)

    def transpose(self) -> CsrMatrix:
        """Also the CSC form of this matrix (HiGHS's column-wise input)."""
        m, n = self.shape
        return CsrMatrix.from_triplets(self.indices, self.row_numbers(), self.data, (n, m))

    @cached_property
    def columnwise(self) -> CsrMatrix:
        """:meth:`transpose`, computed once: the attacker passes each component's matrix to
        HiGHS for every LP it solves over it (hundreds in a linked export)."""
        return self.transpose()

    def take_rows(self, rows: ArrayLike) -> CsrMatrix:
        chosen = np.asarray(rows, dtype=np.int64).ravel()
        pieces = [np.arange(self.indptr[i], self.indptr[i + 1]) for i in chosen]
        at = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        counts = self.indptr[chosen + 1] - self.indptr[chosen]
        r = np.repeat(np.arange(len(chosen), dtype=np.int64), counts)
        return CsrMatrix.from_triplets(
            r, self.indices[at], self.data[at], (len(chosen), self.shape[1])
        )

    def take_cols(self, cols: ArrayLike) -> CsrMatrix:
        """Only the given columns, renumbered in the order given."""
        chosen = np.asarray(cols, dtype=np.int64).ravel()
        position = np.full(self.shape[1], -1, dtype=np.int64)
        position[chosen] = np.arange(len(chosen))
        new = position[self.indices]
        keep = new >= 0
        return CsrMatrix.from_triplets(
            self.row_numbers()[keep], new[keep], self.data[keep], (self.shape[0], len(chosen))
        )

    def __matmul__(self, vector: ArrayLike) -> NDArray[np.float64]:
        v = np.asarray(vector, dtype=np.float64)
        products = self.data * v[self.indices]
        out = np.asarray(
            np.bincount(self.row_numbers(), weights=products, minlength=self.shape[0]),
            dtype=np.float64,
        )
        return out

    def toarray(self) -> NDArray[np.float64]:
        dense = np.zeros(self.shape)
        dense[self.row_numbers(), self.indices] = self.data
        return dense
