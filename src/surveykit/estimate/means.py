"""Means, shares and totals (R ``svymean``, ``svytotal``, ``svyby``).

Numeric variables give a mean (or total); categorical, boolean and text variables give the
share (or weighted count) of every level. Missing values are dropped per variable (domain
estimation: R ``na.rm=TRUE`` one variable at a time). ``by=`` gives the same per group, all
items and groups through one variance pass.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0]}))
    >>> r = mean(d, "y")
    >>> float(r["estimate"][0]), float(r["std_error"][0])
    (3.0, 1.0801234497346435)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design, segsum
from surveykit.estimate.grouping import Items, assemble, group_index, items
from surveykit.variance import grouped_variance

__all__ = ["mean", "mean_arrays", "total"]


def _na_check(it: Items, na_rm: bool, design: Design) -> None:
    if not na_rm:
        bad = [v for j, v in enumerate(it.variable) if (~it.valid[:, j] & (design.weights != 0)).any()]
        if bad:
            from surveykit.errors import DesignError

            raise DesignError(
                f"mean/total: variable(s) {sorted(set(bad))} have missing values in the domain "
                "and na_rm=False. Use na_rm=True (available cases per variable)."
            )


def _moments(design: Design, it: Items, g: np.ndarray, n_groups: int):
    """Per group and item: weight sum, weighted sum, respondents (G, k), row weights (n, k)."""
    w = design.weights
    wv = np.where(it.valid, w[:, None], 0.0)
    wsum = segsum(g, n_groups, wv)
    ysum = segsum(g, n_groups, wv * it.values)
    n = segsum(g, n_groups, (wv != 0).astype(float))
    return wv, wsum, ysum, n


def _srs_var_of_mean(it, g, n_groups, wv, wsum, mu, n):
    """R deff denominator: svyvar / n * (1 - n / N_hat) for the mean."""
    dev = it.values - mu[np.maximum(g, 0)]
    ss = segsum(g, n_groups, wv * dev**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        s2 = ss / wsum * n / (n - 1)
        return s2 / n * (wsum - n) / wsum


def mean_arrays(design: Design, it: Items, g: np.ndarray, n_groups: int, kind: str = "mean"):
    """(estimate, variance, n, deff) arrays (G, k) for items ``it`` in groups ``g``."""
    wv, wsum, ysum, n = _moments(design, it, g, n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = ysum / wsum
        if kind == "mean":
            scores = wv * (it.values - mu[np.maximum(g, 0)]) / wsum[np.maximum(g, 0)]
            scores = np.where(wv != 0, scores, 0.0)
            est = mu
        else:
            scores = wv * it.values
            est = ysum
    var = grouped_variance(design, scores, g, n_groups)
    vsrs = _srs_var_of_mean(it, g, n_groups, wv, wsum, mu, n)
    if kind == "total":
        vsrs = vsrs * wsum**2
    with np.errstate(divide="ignore", invalid="ignore"):
        deff = var / vsrs
    empty = wsum == 0
    est = np.where(empty, np.nan, est) if kind == "mean" else est
    var = np.where(empty & (kind == "mean"), np.nan, var)
    return est, var, n, deff


def _estimate(design, variables, by, conf_level, na_rm, kind):
    g, keys = group_index(design, by)
    it = items(design, variables, what=kind)
    _na_check(it, na_rm, design)
    est, var, n, deff = mean_arrays(design, it, g, len(keys), kind)
    return assemble(design, keys, g, it.variable, it.level, est, np.sqrt(var), n, deff, conf_level)


def mean(
    design: Design,
    variables: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """Weighted means of numeric variables, shares per level of categorical ones.

    Returns the tidy schema (``estimate``, ``std_error``, t-based ``conf_low``/``conf_high``
    with the domain's design df, ``n`` respondents, ``deff`` as R's ``deff=TRUE``).

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> d = Design(pd.DataFrame({"a": pd.Categorical(["x", "y", "y", "y"])}))
        >>> mean(d, "a")["estimate"].tolist()
        [0.25, 0.75]
    """
    return _estimate(design, variables, by, conf_level, na_rm, "mean")


def total(
    design: Design,
    variables: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """Weighted totals of numeric variables, weighted counts per level of categorical ones.

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> d = Design(pd.DataFrame({"y": [1.0, 2.0], "w": [10.0, 10.0]}), weights="w")
        >>> float(total(d, "y")["estimate"][0])
        30.0
    """
    return _estimate(design, variables, by, conf_level, na_rm, "total")
