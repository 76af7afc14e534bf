"""Raking (iterative proportional fitting) to population margins (R ``rake``).

Each sweep post-stratifies to every margin in the order given; it stops when the largest
change in the joint weighted table of all margin variables is below ``epsilon`` times the
initial weight total (R: ``epsilon < 1`` is relative in the same way; R's default absolute
``epsilon=1`` is ``1 / sum(weights)`` here). Standard errors use the GREG residuals on the
margin indicators with the pre-raking weights, the Deville-Särndal linearisation that R's
``calibrate(calfun="raking")`` uses (R's ``rake()`` itself uses an unweighted approximation
that agrees when weights are constant within margin cells).

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> df = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["u", "v", "u", "v"]})
    >>> d = rake(Design(df), {"a": {"x": 30, "y": 70}, "b": {"u": 50, "v": 50}})
    >>> [round(v, 6) for v in d.weights]
    [15.0, 15.0, 35.0, 35.0]
"""

from __future__ import annotations

import numpy as np

from surveykit.design import Calibration, Design, codes_of, segsum
from surveykit.errors import DesignError
from surveykit.weights._margins import check_same_total, margins_of

__all__ = ["rake"]


def margin_matrix(margins, n: int) -> np.ndarray:
    """Indicator columns of every cell of every margin (n, sum of cells)."""
    blocks = []
    for m in margins:
        x = np.zeros((n, len(m.target)))
        ok = m.cell >= 0
        x[np.flatnonzero(ok), m.cell[ok]] = 1.0
        blocks.append(x)
    return np.hstack(blocks)


def rake(
    design: Design,
    margins,
    *,
    epsilon: float = 1e-7,
    maxit: int = 100,
    count: str = "Freq",
) -> Design:
    """Rake the weights to the margins; returns a new Design.

    ``margins``: ``{variable: {level: total}, ...}`` (one margin per variable), or a list of
    such dicts and/or DataFrames (joint margins: the variables plus a ``count`` column).
    Raises DesignError if the margins' totals differ, a sample value has no population cell,
    a population cell has no sample, or raking does not converge in ``maxit`` sweeps.
    """
    ms = margins_of(design, margins, count=count, what="rake")
    check_same_total(ms, "rake")
    w0 = design.weights
    w = w0.copy()
    cols = sorted({c for m in ms for c in m.columns})
    joint = codes_of(design.data, cols)
    n_joint = int(joint.max()) + 1
    tol = epsilon * w0.sum()
    old = segsum(joint, n_joint, w)
    converged = False
    for _ in range(maxit):
        for m in ms:
            have = segsum(m.cell, len(m.target), w)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(have > 0, m.target / have, 0.0)
            w = np.where(m.cell >= 0, w * factor[np.maximum(m.cell, 0)], 0.0)
        new = segsum(joint, n_joint, w)
        if np.max(np.abs(new - old)) < tol:
            converged = True
            break
        old = new
    if not converged:
        worst = max(float(np.max(np.abs(segsum(m.cell, len(m.target), w) - m.target))) for m in ms)
        raise DesignError(
            f"rake: did not converge in {maxit} sweeps (largest margin misfit {worst:.3g}). "
            "Increase maxit, or collapse sparse cells / check that the margins are consistent."
        )
    x = margin_matrix(ms, design.n)
    return design.with_weights(w, Calibration.build(x, w0, w))
