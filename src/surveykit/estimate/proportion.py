"""Proportions with confidence intervals that stay in [0, 1] (R ``svyciprop``).

Methods (all with the domain's design df, as survey 4.1): ``logit`` (default; Wald interval
on the logit scale), ``xlogit`` (same, by the delta method), ``beta`` (Korn-Graubard),
``asin`` (arcsine square root), ``likelihood`` (design-scaled profile likelihood) and
``mean`` (symmetric Wald interval).

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"yes": [True, False, True, True]}))
    >>> r = proportion(d, "yes")
    >>> r["level"].tolist(), float(r["estimate"][0])
    (['True'], 0.75)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats

from surveykit.design import Design, group_degf, segsum
from surveykit.errors import DesignError
from surveykit.estimate.grouping import Items, assemble, check_columns, group_index, items
from surveykit.estimate.means import domain_stats

__all__ = ["METHODS", "proportion"]

METHODS = ("logit", "beta", "xlogit", "likelihood", "asin", "mean")


def _indicator_items(design: Design, variable: str, level) -> Items:
    check_columns(design, [variable], "proportion")
    s = design.data[variable]
    if pd.api.types.is_bool_dtype(s.dtype) or (
        pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype)
    ):
        vals = pd.to_numeric(s.astype("Float64") if pd.api.types.is_bool_dtype(s.dtype) else s)
        ok = vals.notna().to_numpy()
        v = vals.to_numpy(dtype=float, na_value=np.nan)
        if not np.isin(v[ok], [0.0, 1.0]).all():
            raise DesignError(
                f"proportion: numeric variable {variable!r} must be 0/1 (or boolean); got values "
                f"{sorted(set(v[ok]) - {0.0, 1.0})[:5]}. Use mean() for averages, or pass a categorical."
            )
        label = "True" if pd.api.types.is_bool_dtype(s.dtype) else "1"
        it = Items([v], [None], [variable], [label], [True])
    else:
        it = items(design, variable, what="proportion")
    if level is not None:
        keep = [j for j, lv in enumerate(it.level) if lv == str(level)]
        if not keep:
            raise DesignError(
                f"proportion: level {level!r} is not a level of {variable!r}; levels: {it.level}."
            )
        it = it.select(keep)
    return it


def _likelihood_ci(p, var, wsum_y, wsum, q):
    """Profile of the binomial working deviance, scaled by the design effect on the logit."""
    if not (0 < p < 1) or not np.isfinite(var) or var <= 0:
        return p, p
    naive = 1.0 / (wsum * p * (1 - p))  # unscaled logit variance with weights summing to wsum
    design_var = var / (p * (1 - p)) ** 2

    def dev(b):
        with np.errstate(divide="ignore", over="ignore"):
            pb = 1 / (1 + np.exp(-b))
            return 2 * (wsum_y * np.log(p / pb) + (wsum - wsum_y) * np.log((1 - p) / (1 - pb)))

    b0 = np.log(p / (1 - p))
    target = q**2 * design_var / naive

    def f(b):
        return dev(b) - target

    step = 10 * np.sqrt(design_var) + 1
    lo = optimize.brentq(f, b0 - step * 20, b0, xtol=1e-14, rtol=1e-15)
    hi = optimize.brentq(f, b0, b0 + step * 20, xtol=1e-14, rtol=1e-15)
    return 1 / (1 + np.exp(-lo)), 1 / (1 + np.exp(-hi))


def _ci(method, p, var, df, alpha, n_rows, wy, w):
    se = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = stats.t.ppf(1 - alpha / 2, np.where(df > 0, df, np.nan))
        if method == "mean":
            return p - q * se, p + q * se
        if method in ("logit", "xlogit"):
            eta, se_eta = np.log(p / (1 - p)), se / (p * (1 - p))
            return 1 / (1 + np.exp(-(eta - q * se_eta))), 1 / (1 + np.exp(-(eta + q * se_eta)))
        if method == "asin":
            eta, se_eta = np.arcsin(np.sqrt(p)), se / (2 * np.sqrt(p * (1 - p)))
            return np.sin(eta - q * se_eta) ** 2, np.sin(eta + q * se_eta) ** 2
        if method == "beta":
            n_eff = p * (1 - p) / var
            ratio = stats.t.ppf(alpha / 2, n_rows - 1) / stats.t.ppf(alpha / 2, df)
            n_eff = np.where(df > 0, n_eff * ratio**2, n_eff)
            lo = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)
            hi = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))
            return np.where(p == 0, 0.0, lo), np.where(p == 1, 1.0, hi)
    if method == "likelihood":
        out = [_likelihood_ci(*a) for a in zip(p.ravel(), var.ravel(), wy.ravel(), w.ravel(),
                                                np.broadcast_to(q, p.shape).ravel(), strict=True)]
        lo, hi = (np.array(v).reshape(p.shape) for v in zip(*out, strict=True))
        return lo, hi
    raise DesignError(f"proportion: method={method!r} is not one of {list(METHODS)}.")


def proportion(
    design: Design,
    variable: str,
    *,
    by: str | Sequence[str] | None = None,
    level=None,
    method: str = "logit",
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of True/1 (boolean or 0/1 variable) or of each level (categorical), with a CI.

    ``level`` restricts a categorical to one level. Missing values are left out (domain).
    """
    if method not in METHODS:
        raise DesignError(f"proportion: method={method!r} is not one of {list(METHODS)}.")
    g, keys = group_index(design, by)
    n_groups = len(keys)
    it = _indicator_items(design, variable, level)
    p, var, n, deff, w, wy = domain_stats(design, it, g, n_groups)
    df = np.broadcast_to(group_degf(design, g, n_groups)[:, None], p.shape)
    # R's nrow(design) for the Korn-Graubard df ratio: rows in the domain (calibrated designs
    # keep every row)
    in_dom = (design.weights != 0).astype(float)
    n_rows = design.n if design.calibration else segsum(g, n_groups, in_dom)
    n_rows = np.broadcast_to(np.asarray(n_rows, dtype=float).reshape(-1, 1), p.shape) \
        if np.ndim(n_rows) else np.full(p.shape, float(n_rows))
    lo, hi = _ci(method, p, var, df, 1 - conf_level, n_rows, wy, w)
    return assemble(design, keys, g, it.variable, it.level, p, np.sqrt(var), n, deff, conf_level,
                    df=df, ci=(lo, hi))
