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

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design, Items, domain_stats, group_degf, positive_shares, segsum
from surveykit.errors import DesignError, SurveykitWarning
from surveykit.estimate._dist import beta_ppf, t_ppf
from surveykit.estimate.grouping import (
    assemble,
    check_columns,
    check_conf_level,
    column_name,
    group_index,
    items,
    logit_interval,
)
from surveykit.estimate.likelihood import Sums, profile_interval

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
                f"{', '.join(f'{x:g}' for x in sorted(set(v[ok]) - {0.0, 1.0})[:5])}. Use mean() for "
                "averages, or pass a categorical (codes: their shares)."
            )
        label = "True" if pd.api.types.is_bool_dtype(s.dtype) else "1"
        if level is not None and str(level) == ("False" if label == "True" else "0"):
            # the share of 0 (False), as R's svyciprop(~I(x == 0)): the indicator's complement
            return Items([1.0 - v], [None], [variable], [str(level)], [True])
        it = Items([v], [None], [variable], [label], [True])
    else:
        it = items(design, variable, what="proportion")
    if level is not None:
        keep = [j for j, lv in enumerate(it.level) if lv == str(level)]
        if not keep:
            interval = (isinstance(level, float | int) and not isinstance(level, bool)
                        and (0 < level < 1 or 50 <= level < 100))  # 0.95 or 95: a confidence
            raise DesignError(
                f"proportion: level {level!r} is not a level of {variable!r}; levels: {it.level}."
                + (" level= names the answer whose share is given; for the interval's confidence "
                   f"pass conf_level={level / 100 if level > 1 else level:g}." if interval else "")
            )
        it = it.select(keep)
    return it


def _likelihood_sums(design: Design, it: Items, g: np.ndarray, n_groups: int, n_rows) -> list:
    """Per (group, item) the sums R's profile of the quasibinomial deviance needs, in R's
    glm weights: the design weights over their mean on the rows of R's design object (the
    rows it holds for the group, :meth:`Design.held`, with y or not)."""
    w = np.asarray(design.weights, dtype=float)
    values, valid = it.values, it.valid
    inside = (g >= 0) & (w != 0)
    w_rows = segsum(g, n_groups, np.where(inside, w, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(g >= 0, w_rows[np.maximum(g, 0)], 0.0)[:, None] / n_rows[np.maximum(g, 0)]
        big_w = np.where(valid & inside[:, None], w[:, None] / scale, 0.0)  # (n, k)
        y = np.where(valid, values, 0.0)
        mu0 = (big_w * y + 0.5) / (big_w + 1)
        v0 = big_w * mu0 * (1 - mu0)
        dev0 = np.where(big_w > 0, -2 * big_w * (y * np.log(mu0) + (1 - y) * np.log1p(-mu0)), 0.0)
        eta0 = np.log(mu0 / (1 - mu0))
    sums = {name: segsum(g, n_groups, arr) for name, arr in [
        ("w", big_w), ("wy", big_w * y), ("n", (big_w != 0).astype(float)),
        ("start_a", v0), ("start_b", v0 * eta0), ("start_c", big_w * (y - mu0)),
        ("start_dev", dev0)]}
    # R's model frame: the rows with y of the group's design (Design.held: a calibrated
    # design keeps every row); the model's design: its rows with y held (all, calibrated)
    frame = np.array([valid[design.held(g == gi)].sum(0) for gi in range(n_groups)])
    rows = np.stack([design.held_count(np.where(valid[:, j], g, -1), n_groups)
                     for j in range(it.k)], axis=1)
    return [[Sums(**{k: float(v[gi, j]) if k != "n" else int(v[gi, j]) for k, v in sums.items()},
                  n_frame=int(frame[gi, j]), n_design=int(rows[gi, j]))
             for j in range(it.k)] for gi in range(n_groups)]


def _ci(method, p, var, df, alpha, n_rows, sums, se_logit=None):
    se = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = t_ppf(1 - alpha / 2, np.where(df > 0, df, np.nan))
        if method == "mean":
            return p - q * se, p + q * se
        if method == "logit":
            return logit_interval(p, se, df, 1 - alpha, se_logit=se_logit)
        if method == "xlogit":
            eta, se_eta = np.log(p / (1 - p)), se / (p * (1 - p))
            return 1 / (1 + np.exp(-(eta - q * se_eta))), 1 / (1 + np.exp(-(eta + q * se_eta)))
        if method == "asin":
            eta, se_eta = np.arcsin(np.sqrt(p)), se / (2 * np.sqrt(p * (1 - p)))
            return np.sin(eta - q * se_eta) ** 2, np.sin(eta + q * se_eta) ** 2
        if method == "beta":
            n_eff = p * (1 - p) / var
            ratio = t_ppf(alpha / 2, n_rows - 1) / t_ppf(alpha / 2, df)
            n_eff = np.where(df > 0, n_eff * ratio**2, np.nan)  # no design df: no interval (R: NA)
            lo = beta_ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)
            hi = beta_ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))
            # at 0 % or 100 % the effective n is 0/0: no interval, as R (it gave [0, NaN])
            return lo, hi
    if method == "likelihood":
        lo, hi = np.full(p.shape, np.nan), np.full(p.shape, np.nan)
        for gi, j in np.ndindex(p.shape):
            lo[gi, j], hi[gi, j] = profile_interval(float(p[gi, j]), float(var[gi, j]),
                                                    float(df[gi, j]), 1 - alpha, sums[gi][j])
        return lo, hi
    raise DesignError(f"proportion: method={method!r} is not one of {list(METHODS)}.")


_FIXED = 1e12  # p(1 - p) / var beyond this: more respondents than people, the variance is round-off


def _refuse_fixed_shares(p, var, n, it: Items, keys: pd.DataFrame) -> None:
    """A DesignError for a share strictly within (0, 1) whose variance is zero up to round-off
    (the weighting fixed it: post-stratified, raked or calibrated to it): R's likelihood interval
    fails there ("need at least two non-NA values to interpolate"); surveykit returned a
    degenerate interval around the glm's coefficient that could leave out the estimate."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = p * (1 - p) / var
    fixed = (p > 0) & (p < 1) & ~(n_eff < _FIXED)  # var 0: n_eff inf (or NaN)
    if not fixed.any():
        return
    gi, j = (int(a[0]) for a in np.nonzero(fixed))
    group = ", ".join(f"{c}={v.item() if isinstance(v, np.generic) else v!r}"
                      for c, v in keys.iloc[gi].items())
    where = f" in the group {group}" if group else ""
    shown = "infinite" if not np.isfinite(n_eff[gi, j]) else f"{n_eff[gi, j]:.3g}"
    raise DesignError(
        f"proportion: the share of {it.variable[j]!r} = {it.level[j]!r}{where} ({p[gi, j]:.10g}) has "
        f"variance zero up to round-off (effective n {shown} for {int(n[gi, j])} respondents): the "
        "weighting fixed it (post-stratified, raked or calibrated to it), so the likelihood interval "
        "is undefined (R's svyciprop fails there). The share has no sampling error under these "
        "weights: use method='logit' or 'mean' (an interval of width 0, as R), or estimate a share "
        "the weighting does not fix."
    )


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
    check_conf_level(conf_level, "proportion")
    variable = column_name(variable, "proportion: variable")
    g, keys = group_index(design, by)
    n_groups = len(keys)
    it = _indicator_items(design, variable, level)
    st = domain_stats(design, it, g, n_groups)
    p, var, n, deff = st.estimate, st.variance, st.n, st.deff
    df = np.broadcast_to(group_degf(design, g, n_groups)[:, None], p.shape)
    # R's nrow(design) for the Korn-Graubard df ratio: the rows R holds for the group, zero
    # weights included (Design.held: a calibrated design keeps every row in its subsets)
    n_rows = np.broadcast_to(design.held_count(g, n_groups)[:, None], p.shape)
    if method == "likelihood" and design.replicates is not None:
        warnings.warn(
            "proportion: method='likelihood' has no interval for a replicate design (R's "
            "svyciprop returns NA too); use 'logit' (the default), 'beta' or another method.",
            SurveykitWarning, stacklevel=2)
        lo = hi = np.full(p.shape, np.nan)
    else:
        if method == "likelihood":
            _refuse_fixed_shares(p, var, n, it, keys)
        sums = _likelihood_sums(design, it, g, n_groups, n_rows) if method == "likelihood" else None
        # R's svyciprop(method="logit") is a svyglm: glm.fit refits every replicate on its
        # rows of positive weight, so the replicate shares are those rows' shares
        positive = positive_shares(design, it, g, n_groups) if method == "logit" else None
        lo, hi = _ci(method, p, var, df, 1 - conf_level, n_rows, sums,
                     st.logit_se(design.replicates, positive))
    return assemble(design, keys, g, it.variable, it.level, p, np.sqrt(var), n, deff, conf_level,
                    df=df, ci=(lo, hi))
