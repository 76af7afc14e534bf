"""Weighting a replicate design: every replicate is weighted by the same step (internal).

R's ``postStratify``, ``rake`` and ``calibrate`` on a ``svyrep.design`` apply the step to the
full-sample weights and, separately, to each replicate's weights; the spread of the
re-weighted replicates then carries the step's effect on the variance. Here the steps work on
cells (post-strata, the joint cells of raking margins, calibration cells): each replicate's
weight per cell is summed in one pass, the step runs on the small (cells x R) table, and one
more pass writes the new replicate weights, ``W[i, r] * factor[cell(i), r]``.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> df = pd.DataFrame({"s": ["a", "a", "b"], "w": [1.0, 1, 2], "r1": [2.0, 0, 2], "r2": [0.0, 2, 2]})
    >>> d = Design(df, weights="w", repweights=["r1", "r2"], replicate_type="JK1", scale=0.5)
    >>> cell_totals(d, np.array([0, 0, 1]), 2).tolist()
    [[2.0, 2.0], [2.0, 2.0]]
"""

from __future__ import annotations

import numpy as np

from surveykit.design import replicate_totals
from surveykit.errors import DesignError

__all__ = ["cell_totals", "reweighted"]


def cell_totals(design, cell: np.ndarray, n_cells: int) -> np.ndarray:
    """Each replicate's weight per cell (n_cells, R); rows in no cell (-1) or outside the
    domain count nowhere."""
    rep = design.replicates
    g = np.where(design.domain, np.asarray(cell, dtype=np.int64), -1)

    def fill(rows, out: np.ndarray) -> None:
        out.fill(1.0)

    t = replicate_totals(rep, design.weights, fill, 1, g, n_cells)  # (R + 1, J, 1)
    return t[1:, :, 0].T


def check_cells(totals: np.ndarray, target: np.ndarray, labels, what: str) -> None:
    """Refuse a cell that has population but no weight in some replicate."""
    empty = (totals <= 0) & (np.asarray(target)[:, None] > 0)
    if empty.any():
        j, r = np.argwhere(empty)[0]
        raise DesignError(
            f"{what}: population cell {labels[j]!r} has no weight in replicate {r + 1} (and "
            f"{int(empty.any(axis=0).sum()) - 1} other replicate(s)): that replicate cannot be "
            "weighted to it (R gives NaN weights). Collapse the cell with a neighbour."
        )


def reweighted(design, cell: np.ndarray, factor: np.ndarray, fixed_degf: int | None = None):
    """The replicates with ``W[i, r] * factor[cell[i], r]`` (0 for rows in no cell or outside
    the domain), as new full replicate weights."""
    rep = design.replicates
    n = design.n
    cell = np.where(design.domain, np.asarray(cell, dtype=np.int64), -1)
    table = np.vstack([factor, np.zeros((1, rep.count))])  # last row: rows in no cell
    idx = np.where(cell >= 0, cell, len(factor))
    out = np.empty((n, rep.count))
    step = rep.chunk_rows()
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        block = rep.block(r0, r1, out[r0:r1])
        block *= table[idx[r0:r1]]
    return rep.with_matrix(out, fixed_degf=fixed_degf)
