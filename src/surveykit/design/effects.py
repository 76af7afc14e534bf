"""Design effects and Kish's effective sample size.

The design effect of an estimate is its design variance over the variance it would have under
simple random sampling with replacement of the same respondents (R ``deff="replace"``);
Kish's effective sample size is the design effect of the weights alone. Every part of the
package that needs either takes it from here.

Example:
    >>> kish_n_eff([1.0, 1.0, 2.0, 4.0])
    2.909090909090909
"""

from __future__ import annotations

import numpy as np

from surveykit.design.kernels import segsum, wsegsum

__all__ = ["design_effect", "kish_n_eff", "srs_variance"]


def kish_n_eff(weights) -> float:
    """Kish's effective sample size ``(sum w)^2 / sum w^2`` over the non-zero weights
    (0.0 when there are none); equal weights give the number of respondents. A design
    stands for its weights (``kish_n_eff(design)`` is ``kish_n_eff(design.weights)``).

    Example:
        >>> kish_n_eff([2.0, 2.0, 0.0]), kish_n_eff([])
        (2.0, 0.0)
    """
    if hasattr(weights, "weights") and hasattr(weights, "degf"):  # a Design (no import: no cycle)
        weights = weights.weights
    w = np.asarray(weights, dtype=float)
    if np.isnan(w).any() or (w < 0).any():
        from surveykit.errors import DesignError

        raise DesignError(
            f"kish_n_eff: weights must be numbers >= 0; got {int(np.isnan(w).sum())} missing and "
            f"{int((w < 0).sum())} negative."
        )
    w = w[w != 0]
    return float(w.sum() ** 2 / (w**2).sum()) if len(w) else 0.0


def srs_variance(weights, scores, groups: np.ndarray, n_groups: int, valid=None) -> np.ndarray:
    """Variances (G, k) the estimates would have under simple random sampling with replacement
    of the same respondents: the denominator of the design effect (R ``deff="replace"``).

    ``scores`` (n, k) are the weighted influence values ``u_i = w_i·IF_i·c`` of each estimate
    (any constant ``c``; the design variance scales alike); a respondent counts in group g for
    column j when ``groups == g``, the weight is non-zero and ``valid[:, j]`` (default: all).
    Per group: ``(W·Σ u²/w − (Σ u)²) / (n − 1)``, i.e. the weighted variance of ``IF`` over
    ``n`` (R: ``svyvar(x, design) / nobs`` for a mean). Equal weights and no strata or
    clusters: it equals the design variance (design effect 1).

    Example:
        >>> y = np.array([1.0, 2.0, 4.0]); u = (y - y.mean()) / 3
        >>> v = srs_variance(np.ones(3), u[:, None], np.zeros(3, dtype=int), 1)[0, 0]
        >>> bool(np.isclose(v, y.var(ddof=1) / 3, rtol=1e-14))
        True
    """
    u = np.asarray(scores, dtype=float)
    u = u[:, None] if u.ndim == 1 else u
    w = np.asarray(weights, dtype=float)
    groups = np.asarray(groups)
    nz = w != 0
    inv_w = np.divide(1.0, w, out=np.zeros_like(w), where=nz)
    if valid is None:
        if n_groups == 1 and nz.all() and (groups == 0).all():  # one group of every row
            wsum = np.full((1, u.shape[1]), w.sum())
            n = np.full((1, u.shape[1]), float(len(w)))
            s1 = u.sum(axis=0, keepdims=True)
            s2 = np.einsum("ij,ij,i->j", u, u, inv_w)[None, :]
        else:
            g = np.where((groups >= 0) & nz, groups, -1)
            wsum = segsum(g, n_groups, w)[:, None] * np.ones((1, u.shape[1]))
            n = segsum(g, n_groups, nz.astype(float))[:, None] * np.ones((1, u.shape[1]))
            s1 = segsum(g, n_groups, u)
            s2 = wsegsum(g, n_groups, u * u, inv_w)
    else:
        g = np.where((groups >= 0) & nz, groups, -1)
        ok = np.asarray(valid, dtype=bool) & (g >= 0)[:, None]
        wsum = segsum(g, n_groups, np.where(ok, w[:, None], 0.0))
        n = segsum(g, n_groups, ok.astype(float))
        part = np.where(ok, u, 0.0)
        s1 = segsum(g, n_groups, part)
        part *= part  # u^2 where ok, in place: one (n, k) temporary
        s2 = wsegsum(g, n_groups, part, inv_w)
    with np.errstate(divide="ignore", invalid="ignore"):  # one respondent: undefined, as R's NaN
        return np.where(n > 1, np.maximum(wsum * s2 - s1**2, 0.0) / (n - 1), np.nan)


def design_effect(variance: np.ndarray, srs: np.ndarray) -> np.ndarray:
    """``variance / srs``, NaN where the SRS variance is 0 or undefined (one respondent)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(srs) > 0, np.asarray(variance) / np.asarray(srs), np.nan)
