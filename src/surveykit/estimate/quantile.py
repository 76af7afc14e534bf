"""Quantiles with Woodruff confidence intervals (R ``svyquantile``, survey 4.1 defaults).

``qrule="math"``: the estimate is the smallest observed value whose weighted CDF reaches
``q``. The CI (``interval_type="mean"``, Woodruff): the share below the estimate gets a
t-interval with the domain's design df; its limits are mapped back through the same rule.
``std_error`` = CI width / (2 t). Groups (``by=``) are computed together: one sort, one
variance pass.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]}))
    >>> quantile(d, "y")["estimate"].tolist()
    [5.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from surveykit.design import Design, group_degf, segsum
from surveykit.errors import DesignError
from surveykit.estimate.grouping import assemble, check_columns, group_index
from surveykit.variance import grouped_variance

__all__ = ["quantile"]


def _math_rule(xs, cum, start, stop, p):
    """Smallest x in [start, stop) with cumulative share >= p (vectorised over groups)."""
    # cum is the within-group cumulative share, increasing in each segment; binary search
    # per group, vectorised over groups and probabilities
    lo, hi = start.copy(), stop.copy() - 1
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        go_right = cum[mid] < p
        lo = np.where(go_right & (lo < hi), mid + 1, lo)
        hi = np.where(~go_right & (lo < hi), mid, hi)
    return xs[lo]


def quantile(
    design: Design,
    variable: str,
    q: float | Sequence[float] = (0.5,),
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Quantiles of a numeric variable; the ``level`` column holds the quantile (e.g. "0.5").

    Missing values are left out (domain). Suppression and ``n`` as for means.
    """
    check_columns(design, [variable], "quantile")
    qs = np.atleast_1d(np.asarray(q, dtype=float))
    if ((qs < 0) | (qs > 1)).any():
        raise DesignError(f"quantile: q must be within [0, 1], got {qs.tolist()}.")
    s = design.data[variable]
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        raise DesignError(f"quantile: {variable!r} must be numeric, got {s.dtype}.")
    g, keys = group_index(design, by)
    n_groups = len(keys)
    x = pd.to_numeric(s).to_numpy(dtype=float, na_value=np.nan)
    ok = ~np.isnan(x) & (design.weights != 0) & (g >= 0)
    w = np.where(ok, design.weights, 0.0)
    rows = np.flatnonzero(ok)
    order = rows[np.lexsort((x[rows], g[rows]))]
    gs, xs, ws = g[order], x[order], w[order]
    counts = np.bincount(gs, minlength=n_groups)
    stop = np.cumsum(counts)
    start = stop - counts
    # cumulative weights in extended precision, rounded to double, as R's cumsum()/sum()
    csum_ld = np.cumsum(ws.astype(np.longdouble))
    before = np.concatenate([[np.longdouble(0)], csum_ld])[start]
    within = (csum_ld - before[gs]).astype(float)
    tot = np.zeros(n_groups)
    tot[~(counts == 0)] = (csum_ld[stop[counts > 0] - 1] - before[counts > 0]).astype(float)
    cum = within / tot[gs]
    empty = counts == 0
    s_idx, e_idx = np.where(empty, 0, start), np.where(empty, 1, stop)
    gg = np.repeat(np.arange(n_groups), len(qs))
    qq = np.tile(qs, n_groups)
    est = _math_rule(xs, cum, s_idx[gg], e_idx[gg], qq).reshape(n_groups, len(qs))
    # Woodruff: variance of the share at or below the estimate, per group and quantile
    qhat = est[np.maximum(g, 0)]  # (n, k)
    ind = (x[:, None] <= qhat).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = segsum(g, n_groups, w[:, None] * ind) / tot[:, None]
        gi = np.maximum(g, 0)
        scores = w[:, None] * (ind - share[gi]) / tot[gi][:, None]
        scores = np.where(ok[:, None], scores, 0.0)
    var = grouped_variance(design, scores, g, n_groups)
    df = group_degf(design, g, n_groups)[:, None] * np.ones((1, len(qs)))
    with np.errstate(invalid="ignore"):
        tq = stats.t.ppf(1 - (1 - conf_level) / 2, np.where(df > 0, df, np.nan))
    half = tq * np.sqrt(var)
    p_lo = np.clip((share - half).ravel(), 0, 1)  # centred at the share below the estimate
    p_hi = np.clip((share + half).ravel(), 0, 1)
    lo = _math_rule(xs, cum, s_idx[gg], e_idx[gg], p_lo).reshape(est.shape)
    hi = _math_rule(xs, cum, s_idx[gg], e_idx[gg], p_hi).reshape(est.shape)
    se = (hi - lo) / (2 * tq)
    n = np.broadcast_to(np.bincount(gs, minlength=n_groups)[:, None], est.shape).astype(float)
    nanify = empty[:, None] | np.isnan(half)
    est, lo, hi, se = (np.where(empty[:, None], np.nan, a) for a in (est, lo, hi, se))
    lo, hi = np.where(nanify, np.nan, lo), np.where(nanify, np.nan, hi)
    labels = [format(v, "g") for v in qs]
    return assemble(design, keys, g, [variable] * len(qs), labels, est, se, n, None, conf_level,
                    df=df, ci=(lo, hi))
