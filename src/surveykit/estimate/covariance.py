"""Variances and covariances of variables (R ``svyvar``, survey 4.1).

R's definition, followed exactly: the estimate is ``n/(n-1)`` times the weighted mean of the
products of the deviations from the weighted means, and its SE

- on a Taylor design (``svyvar.survey.design``) is that of ``svymean`` of those products with
  the means held fixed; ``n`` counts the rows of non-zero weight in the design (``svyby``: in
  the group), also those a missing value leaves out with ``na_rm=True``;
- on a replicate design (``svyvar.svyrep.design``) comes from the variance recomputed with
  every replicate's weights, its means too (R's ``svrVar``); ``n`` counts the rows of the
  design (the group) with every variable answered, whatever their weight.

Several variables give the covariance matrix, from the rows answering all of them (R drops a
row missing any, ``na.rm=TRUE``).

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0]}))
    >>> round(float(var(d, "y")["estimate"][0]), 12)  # equal weights: the sample variance
    4.666666666667
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import (
    Design,
    design_effect,
    replicate_ratios,
    segsum,
    srs_variance,
    vcov,
    wsegsum,
)
from surveykit.errors import DataError
from surveykit.estimate.grouping import (
    assemble,
    check_conf_level,
    group_index,
    indicator_code,
    items,
)
from surveykit.estimate.means import na_check

__all__ = ["var"]


def var(
    design: Design,
    variables: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """Weighted variance of a numeric variable, or the covariance matrix of several (R ``svyvar``).

    One row per entry of the matrix, in row-major order: ``variable`` its row, ``level`` its
    column (the variance of ``x`` is the row ``x``, ``x``; a single variable gives that row
    alone). ``std_error`` as R's, the interval t on the domain's design df, ``n`` the
    respondents answering every variable. ``na_rm=False`` refuses missing values (R gives NA).

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> d = Design(pd.DataFrame({"x": [1.0, 2, 4, 5], "y": [2.0, 1, 5, 4]}))
        >>> r = var(d, ["x", "y"])
        >>> [(v, lv, round(float(e), 12)) for v, lv, e in zip(r["variable"], r["level"], r["estimate"])]
        [('x', 'x', 3.333333333333), ('x', 'y', 2.666666666667), ('y', 'x', 2.666666666667), ('y', 'y', 3.333333333333)]
    """
    check_conf_level(conf_level, "var")
    it = items(design, variables, what="var")
    na_check(it, na_rm, design, "var", "the rows answering every variable")
    cat = [v for v, c in zip(it.variable, it.categorical, strict=True) if c]
    if cat:
        raise DataError(f"var: {sorted(set(cat))} are not numbers (categorical, boolean or text); a variance needs "
                        "numbers, as R's svyvar. For a 0/1 column of a level (missing kept missing): "
                        f"{indicator_code(design.data, sorted(set(cat))[0])}.")
    names = list(it.variable)
    p = len(names)
    x = np.column_stack([np.asarray(d, dtype=float) for d in it.data])
    g, keys = group_index(design, by)
    n_groups = len(keys)
    domain = design.domain & (design.weights != 0) if design.replicates is None else design.domain
    ok = ~np.isnan(x).any(axis=1)
    if np.isinf(x[ok & domain]).any():
        raise DataError(f"var: {names} hold infinite values; they have no variance. Make them missing (np.nan) "
                        "or correct them.")
    gc = np.where(ok & domain & (g >= 0), g, -1)  # the rows each group's estimate rests on
    w = np.where(gc >= 0, design.weights, 0.0)
    xz = np.where(ok[:, None], x, 0.0)
    # R's n of n/(n-1): Taylor, the group's rows of non-zero weight; replicate, its complete rows
    if design.replicates is None:
        n_r = segsum(np.where(domain & (g >= 0), g, -1), n_groups, np.ones(design.n))
    else:
        n_r = design.held_count(gc, n_groups)
    wsum = segsum(gc, n_groups, w)
    with np.errstate(divide="ignore", invalid="ignore"):
        xbar = wsegsum(gc, n_groups, xz, w) / wsum[:, None]
        factor = n_r / (n_r - 1)
    gi = np.maximum(gc, 0)
    dev = np.where(gc[:, None] >= 0, xz - xbar[gi], 0.0)
    rows, cols = np.repeat(np.arange(p), p), np.tile(np.arange(p), p)  # row-major entries
    prod = dev[:, rows] * dev[:, cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        z = prod * factor[gi][:, None]
        est = wsegsum(gc, n_groups, z, w) / wsum[:, None]
        scores = np.where(gc[:, None] >= 0, w[:, None] * (z - est[gi]) / wsum[gi][:, None], 0.0)
    reps = None
    if design.replicates is not None:  # R: every replicate's variance, its means recomputed
        est, reps = _replicate_variances(design, dev, ok, gc, g, n_groups, factor, rows, cols)
    scores = np.nan_to_num(scores)
    var_est = vcov(design, scores, groups=gc, n_groups=n_groups, replicates=reps)
    deff = design_effect(var_est, srs_variance(w, scores, gc, n_groups))
    n = segsum(gc, n_groups, (w != 0).astype(float))  # respondents: rows of non-zero weight
    var_est = np.where(np.isfinite(est), var_est, np.nan)
    _warn_one(keys, n_r, n)
    n = np.broadcast_to(n[:, None], est.shape).copy()
    return assemble(design, keys, g, [names[i] for i in rows], [names[j] for j in cols], est,
                    np.sqrt(var_est), n, deff, conf_level)


def _warn_one(keys: pd.DataFrame, n_r: np.ndarray, n: np.ndarray) -> None:
    """A warning naming the groups whose variance has no value: R's n of n/(n-1) is 1 (R: NA)."""
    lone = np.flatnonzero((n_r <= 1) & (n > 0))
    if len(lone):
        import warnings

        from surveykit.errors import SurveykitWarning

        where = "; ".join(", ".join(f"{c}={v!r}" for c, v in keys.iloc[j].items()) for j in lone[:5]) or "the design"
        warnings.warn(f"var: {where} rests on one respondent: a variance has no value there (R gives NA); "
                      "the row has no numbers.", SurveykitWarning, stacklevel=3)


def _replicate_variances(design, dev, ok, gc, g, n_groups, factor, rows, cols):
    """R's ``svyvar.svyrep.design``: the full-sample and replicate (co)variances (R + 1, G, p²)
    from the weighted totals of 1, the deviations (from the full-sample group means) and their
    products, as ``(n/(n-1)) (S2/S0 - S1 S1'/S0²)``."""
    p = dev.shape[1]
    values = np.column_stack([ok.astype(float), dev, dev[:, rows] * dev[:, cols]])
    values[gc < 0] = 0.0
    t = replicate_ratios(design, values, None, np.where(gc >= 0, g, -1), n_groups)  # (R + 1, G, m)
    s0, s1, s2 = t[..., 0], t[..., 1 : 1 + p], t[..., 1 + p :]
    with np.errstate(divide="ignore", invalid="ignore"):
        m1 = s1 / s0[..., None]
        v = factor[None, :, None] * (s2 / s0[..., None] - m1[..., rows] * m1[..., cols])
    return v[0], (v[1:], v[0])
