"""Effect sizes from weighted data: standardised mean difference and Cramér's V.

Both are descriptive (no standard error); the estimators in ``compare`` and ``chisq`` put
them in the ``effect_size`` column of their results.

Example:
    >>> import numpy as np
    >>> float(smd(np.array([1., 2, 3, 4]), np.array([0, 0, 1, 1]), np.ones(4)))
    4.0
    >>> round(float(cramers_v(np.array([[10., 0], [0, 10]]))), 6)
    1.0
"""

from __future__ import annotations

import numpy as np

__all__ = ["cramers_v", "pooled_sd", "smd"]


def pooled_sd(y: np.ndarray, group: np.ndarray, weights: np.ndarray) -> float:
    """Pooled within-group weighted standard deviation.

    ``sqrt(Σ_g Σ_i w_i (y_i − ȳ_g)² / Σ_i w_i)`` over the rows with a group (code ≥ 0),
    a non-missing ``y`` and a positive weight; ȳ_g is the weighted group mean.
    """
    y = np.asarray(y, dtype=float)
    g = np.asarray(group)
    w = np.asarray(weights, dtype=float)
    use = (g >= 0) & ~np.isnan(y) & (w > 0)
    y, g, w = y[use], g[use].astype(np.intp), w[use]
    if y.size == 0:
        return float("nan")
    wsum = np.bincount(g, weights=w)
    ysum = np.bincount(g, weights=w * y)
    means = np.divide(ysum, wsum, out=np.zeros_like(ysum), where=wsum > 0)
    ss = np.sum(w * (y - means[g]) ** 2)
    return float(np.sqrt(ss / w.sum()))


def smd(y: np.ndarray, group: np.ndarray, weights: np.ndarray) -> float:
    """Standardised mean difference (group 1 − group 0) / :func:`pooled_sd`.

    ``group`` holds 0 and 1 (−1 or any other code excludes a row).
    """
    y = np.asarray(y, dtype=float)
    g = np.asarray(group)
    w = np.asarray(weights, dtype=float)
    use = np.isin(g, (0, 1)) & ~np.isnan(y) & (w > 0)
    gi = np.where(use, g, -1).astype(np.intp)
    yu, wu, gu = y[use], w[use], gi[use]
    wsum = np.bincount(gu, weights=wu, minlength=2)
    if np.any(wsum <= 0):
        return float("nan")
    means = np.bincount(gu, weights=wu * yu, minlength=2) / wsum
    return float((means[1] - means[0]) / pooled_sd(y, gi, w))


def cramers_v(table: np.ndarray) -> float:
    """Cramér's V of a (weighted) two-way table: ``sqrt(φ² / (min(r, c) − 1))``.

    φ² = X²/N is computed from the cell proportions, so the table's scale (weighted counts,
    counts rescaled to n, or proportions) does not matter. Empty rows/columns are dropped.
    """
    t = np.asarray(table, dtype=float)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    r, c = t.shape
    if min(r, c) < 2:
        return float("nan")
    p = t / t.sum()
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    phi2 = np.sum((p - expected) ** 2 / expected)
    return float(np.sqrt(phi2 / (min(r, c) - 1)))
