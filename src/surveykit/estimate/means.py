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
    >>> float(r["estimate"][0]), round(float(r["std_error"][0]), 12)
    (3.0, 1.080123449735)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design, group_degf, segsum
from surveykit.estimate.cellsums import cell_sums
from surveykit.estimate.grouping import (
    Items,
    assemble,
    check_conf_level,
    group_index,
    items,
    logit_interval,
    t_interval,
)
from surveykit.variance import grouped_variance

__all__ = ["domain_stats", "mean", "mean_arrays", "total"]


def _na_check(it: Items, na_rm: bool, design: Design) -> None:
    if not na_rm:
        active = design.weights != 0
        bad = [v for j, v in enumerate(it.variable)
               if (~it.select([j]).valid[:, 0] & active).any()]
        if bad:
            from surveykit.errors import DesignError

            raise DesignError(
                f"mean/total: variable(s) {sorted(set(bad))} have missing values in the domain "
                "and na_rm=False. Use na_rm=True (available cases per variable)."
            )


def mean_arrays(design: Design, it: Items, g: np.ndarray, n_groups: int, kind: str = "mean"):
    """(estimate, variance, n, deff) arrays (G, k) for items ``it`` in groups ``g``."""
    return domain_stats(design, it, g, n_groups, kind)[:4]


def domain_stats(design: Design, it: Items, g: np.ndarray, n_groups: int, kind: str = "mean",
                 *, item_df: bool = False):
    """(estimate, variance, n, deff, weight sum, weighted sum of y) arrays (G, k).

    With ``item_df=True`` a seventh array (G, k): the design df of each item's available
    cases in each group (PSUs minus strata with respondents; R's ``degf`` after ``na.rm``).

    Means (ratios of domain totals) or totals of every item in every group, available cases
    per item. Designs whose PSUs are the rows (``ids=None``, one stage) and whose weighting
    steps are in factor form (raking, post-stratification) go through one chunked pass that
    accumulates sufficient statistics per (stratum, group, calibration cell); other designs
    through the influence values and :func:`surveykit.variance.grouped_variance`.
    """
    g = np.asarray(g, dtype=np.int64)
    if _cells_ok(design):
        out, cnt = _by_cells(design, it, g, n_groups, kind)
        if item_df:  # rows are the PSUs: respondents minus strata that have any
            return (*out, out[2] - (cnt.sum(2) > 0).sum(0))
        return out
    out = _by_scores(design, it, g, n_groups, kind)
    if item_df:
        df = np.column_stack([
            group_degf(design, np.where(it.select([j]).valid[:, 0], g, -1), n_groups)
            for j in range(it.k)]) if it.k else np.zeros((n_groups, 0))
        return (*out, df)
    return out


def _finish(kind, wsum, ysum, yysum, n, var, shift):
    """Estimate, variance, deff from the group sums (y shifted by ``shift``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = ysum / wsum
        ss = yysum - 2 * np.nan_to_num(mu) * ysum + np.nan_to_num(mu) ** 2 * wsum
        # design effect against simple random sampling with replacement of the n respondents
        # (R's deff="replace": svyvar / n for the mean, times N_hat^2 for the total): 1 for
        # equal weights without strata or clusters, n_eff = n / deff = Kish's n there
        s2 = ss / wsum * n / (n - 1)
        vsrs = s2 / n
        if kind == "total":
            vsrs = vsrs * wsum**2
        deff = np.where(vsrs > 0, var / vsrs, np.nan)
    ysum = ysum + shift * wsum
    empty = wsum == 0
    if kind == "mean":
        est = np.where(empty, np.nan, mu + shift)
        var = np.where(empty, np.nan, var)
    else:
        est = ysum
    return est, var, n, deff, wsum, ysum


def _by_scores(design, it, g, n_groups, kind):
    """General designs: influence values (n, k) through grouped_variance."""
    w = design.weights
    values, valid = it.values, it.valid
    wv = np.where(valid, w[:, None], 0.0)
    wsum = segsum(g, n_groups, wv)
    ysum = segsum(g, n_groups, wv * values)
    n = segsum(g, n_groups, (wv != 0).astype(float))
    gi = np.maximum(g, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = ysum / wsum
        if kind == "mean":
            scores = wv * (values - mu[gi]) / wsum[gi]
            scores = np.where(wv != 0, scores, 0.0)
        else:
            scores = wv * values
    var = grouped_variance(design, scores, g, n_groups)
    del scores
    dev = values - np.nan_to_num(mu)[gi]
    ss = segsum(g, n_groups, wv * dev**2)
    yysum = ss + 2 * np.nan_to_num(mu) * ysum - np.nan_to_num(mu) ** 2 * wsum
    return _finish(kind, wsum, ysum, yysum, n, var, 0.0)


def _cells_ok(design: Design) -> bool:
    return (getattr(design, "_row_psu", False) and len(design.stages) == 1
            and all(cal.factor for cal in design.calibration))


def _joint_cal(design: Design):
    """Joint code of the calibration steps' codes per row, and each step's code per joint cell."""
    cals = design.calibration
    n = design.n
    key = np.zeros(n, dtype=np.int64)
    space = 1
    for cal in cals:
        key = key * len(cal.table) + cal.codes
        space *= len(cal.table)
    if space > 4 * n + 1024:
        present, joint = np.unique(key, return_inverse=True)
        joint = joint.ravel()
    else:
        present = np.flatnonzero(np.bincount(key, minlength=space))
        remap = np.zeros(space, dtype=np.int64)
        remap[present] = np.arange(len(present))
        joint = remap[key]
    maps, rest = [], present.copy()
    for cal in reversed(cals):
        maps.append(rest % len(cal.table))
        rest //= len(cal.table)
    return joint, len(present), maps[::-1]


def _by_cells(design, it, g, n_groups, kind):
    """Row-PSU designs: one chunked pass of cell sums; variance from the small cell table."""
    w = design.weights
    st = design.stages[0]
    h, n_h, n = st.unit_stratum, st.n_strata, design.n
    cals = design.calibration
    joint, n_j, jmaps = _joint_cal(design) if cals else (None, 1, [])
    k = it.k
    n_cells = n_h * n_groups * n_j
    cell = h * n_groups  # (stratum, group, joint calibration cell); outside groups: a dummy
    cell += g
    if cals:
        cell *= n_j
        cell += joint
    cell[g < 0] = n_cells
    ratios = [cal.ratio for cal in cals]
    # row functions phi: 1(w != 0), w, w^2, and per step w * ratio, w * w_out
    n_phi = 3 + 2 * len(cals)
    # shift numeric items by a rough centre (exact algebra; avoids cancellation in the squares)
    shift = np.zeros(k)
    if kind == "mean":
        head = min(n, 4096)
        for j, (arr, code) in enumerate(zip(it.data, it.code, strict=True)):
            if code is None:
                part = np.asarray(arr[:head], dtype=float)
                part = part[~np.isnan(part)]
                shift[j] = float(np.round(part.mean(), 3)) if len(part) else 0.0
    t = cell_sums(it, w, cell, n_cells, cals, ratios, shift)
    t = t.reshape(n_h, n_groups, n_j, n_phi, 3, k)
    cnt, wsum_c, wy_c, wyy_c = t[..., 0, 0, :], t[..., 1, 0, :], t[..., 1, 1, :], t[..., 1, 2, :]
    a2, a2y, a2yy = t[..., 2, 0, :], t[..., 2, 1, :], t[..., 2, 2, :]
    wsum, ysum = wsum_c.sum((0, 2)), wy_c.sum((0, 2))
    n_resp, yysum = cnt.sum((0, 2)), wyy_c.sum((0, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "mean":
            mu = np.nan_to_num(ysum / wsum)
            inv = np.where(wsum > 0, 1.0 / wsum, 0.0)
        else:
            mu, inv = np.zeros_like(wsum), np.ones_like(wsum)
    mu_b, inv_b = mu[None, :, None, :], inv[None, :, None, :]

    def z(phi_col):  # cell sums of z = phi * w (y - mu) / W  (or phi * w y for totals)
        return (t[..., phi_col, 1, :] - mu_b * t[..., phi_col, 0, :]) * inv_b

    s1 = z(1)  # (H, G, J, k)
    s2 = (a2yy - 2 * mu_b * a2y + mu_b**2 * a2) * inv_b**2
    e1, e2 = s1.sum(2), s2.sum(2)
    if cals:
        hj = h * n_j + joint
        fits = []
        for s, cal in enumerate(cals):
            x_s = cal.table[jmaps[s]]  # (J, p)
            b_s = np.einsum("jp,gjk->gpk", x_s, z(3 + 2 * s).sum(0))
            for t_, cal_t in enumerate(cals[:s]):
                ro = np.bincount(joint, weights=ratios[s] * cal_t.w_out, minlength=n_j)
                b_s -= np.einsum("jp,j,gjk->gpk", x_s, ro, fits[t_])
            gamma = np.einsum("pa,gak->gpk", cal.gram_inv, b_s)
            fits.append(np.einsum("jp,gpk->gjk", x_s, gamma))  # x_s gamma per joint cell
        for t_, cal_t in enumerate(cals):
            o_t = np.bincount(hj, weights=cal_t.w_out, minlength=n_h * n_j).reshape(n_h, n_j)
            e1 -= np.einsum("hj,gjk->hgk", o_t, fits[t_])
            e2 -= 2 * np.einsum("hgjk,gjk->hgk", z(4 + 2 * t_), fits[t_])
            for u_, cal_u in enumerate(cals):
                oo = np.bincount(hj, weights=cal_t.w_out * cal_u.w_out,
                                 minlength=n_h * n_j).reshape(n_h, n_j)
                e2 += np.einsum("hj,gjk,gjk->hgk", oo, fits[t_], fits[u_])
    centre = np.where(st.centre, 1.0 / st.npsu, 0.0)[:, None, None]
    var = np.einsum("h,hgk->gk", st.scale, e2 - centre * e1**2)
    var = np.maximum(var, 0.0)
    return _finish(kind, wsum, ysum, yysum, n_resp, var, shift if kind == "mean" else 0.0), cnt


def _estimate(design, variables, by, conf_level, na_rm, kind):
    check_conf_level(conf_level, kind)
    g, keys = group_index(design, by)
    it = items(design, variables, what=kind)
    _na_check(it, na_rm, design)
    est, var, n, deff = mean_arrays(design, it, g, len(keys), kind)
    se = np.sqrt(var)
    df = np.broadcast_to(group_degf(design, g, len(keys))[:, None], est.shape)
    lo, hi = t_interval(est, se, df, conf_level)
    if kind == "mean" and any(it.categorical):  # shares: the logit interval, as proportion()
        share = np.asarray(it.categorical, dtype=bool)[None, :]
        llo, lhi = logit_interval(est, se, df, conf_level)
        lo, hi = np.where(share, llo, lo), np.where(share, lhi, hi)
    return assemble(design, keys, g, it.variable, it.level, est, se, n, deff, conf_level, df=df,
                    ci=(lo, hi))


def mean(
    design: Design,
    variables: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """Weighted means of numeric variables, shares per level of categorical ones.

    Returns the tidy schema (``estimate``, ``std_error``, ``conf_low``/``conf_high`` on the
    domain's design df: t for numbers, R's logit interval for the shares of a categorical, as
    :func:`surveykit.estimate.proportion.proportion`; ``n`` respondents; ``deff`` as R's
    ``deff="replace"``, 1 for equal weights without strata or clusters; ``n_eff = n / deff``).

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
