"""Domain means and totals of item columns: estimates and variances in one pass.

The engine's entry for the linear estimators (means, totals, shares, proportions, top-box,
scores): for every group and item the weighted total, the estimate and its variance. Designs
whose rows are their PSUs (:attr:`Design.row_psu`, one stage) with weighting steps in factor
form (raking, post-stratification) take the cell-sum fast path: one chunked pass that
accumulates sufficient statistics per (stratum, group, calibration cell)
(:func:`surveykit.design.cellsums.cell_sums`), from which the variance of the GREG residuals
follows algebraically. Other designs build the influence values and go through
:func:`surveykit.design.variance.vcov`.

Example:
    >>> import numpy as np, pandas as pd
    >>> from surveykit.design import Design, Items
    >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0]}))
    >>> it = Items([d.data["y"].to_numpy()], [None], ["y"], [None], [False])
    >>> st = domain_stats(d, it, np.zeros(4, dtype=np.int64), 1)
    >>> float(st.estimate[0, 0]), round(float(st.variance[0, 0]), 12)
    (3.0, 1.166666666667)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from surveykit.design.cellsums import cell_sums
from surveykit.design.core import Design
from surveykit.design.items import Items, NeedShift
from surveykit.design.kernels import segsum
from surveykit.design.replicate import Replicates, replicate_totals, svrvar
from surveykit.design.variance import vcov
from surveykit.errors import SurveykitWarning

__all__ = ["DomainStats", "domain_stats", "logit_refit", "positive_shares"]


@dataclass(frozen=True)
class DomainStats:
    """Estimates of every item in every group, (G, k) arrays: ``estimate``, ``variance``,
    ``n`` (respondents), ``deff``, ``wsum`` (weight of the respondents), ``ysum`` (weighted
    sum of y); for a replicate design also ``replicates`` (R, G, k), the estimate with each
    replicate's weights."""

    estimate: np.ndarray
    variance: np.ndarray
    n: np.ndarray
    deff: np.ndarray
    wsum: np.ndarray
    ysum: np.ndarray
    replicates: np.ndarray | None = None

    def logit_se(self, rep: Replicates | None, positive: np.ndarray | None = None) -> np.ndarray | None:
        """For a replicate design, the standard error of ``logit(estimate)`` from the
        replicates (R's ``svyciprop`` logit interval refits ``y ~ 1`` with each replicate's
        weights: its coefficient is the logit of the replicate's share); None for a Taylor
        design, whose logit interval uses the delta method. ``positive``: the replicates'
        shares over their rows of positive weight (R's ``glm.fit`` fits only those), when some
        replicate weights are negative; the shares with every weight then only enter the
        deviance of the convergence test, as in ``glm.fit``."""
        if self.replicates is None or rep is None:
            return None
        p = self.estimate
        with np.errstate(divide="ignore", invalid="ignore"):
            b0 = np.log(p / (1 - p))
        if positive is None:
            reps = logit_refit(self.replicates, b0)
        else:
            reps = logit_refit(positive, b0, deviance_share=self.replicates)
        return np.sqrt(svrvar(reps, b0, rep, warn=False))


_THRESH = 30.0  # R's logit link (family.c): |eta| > 30 is clamped
_DBL_EPS = np.finfo(float).eps


def positive_shares(design: Design, it: Items, g: np.ndarray, n_groups: int) -> np.ndarray | None:
    """For a replicate design with negative replicate weights, the replicates' estimates (R, G, k)
    over the rows of positive replicate weight (:meth:`Design.positive_replicates`): the shares a
    logit interval's ``glm.fit`` refits (``DomainStats.logit_se(rep, positive)``); else None."""
    if design.replicates is None or not design.replicates.has_negative:
        return None
    with warnings.catch_warnings():  # a replicate without weight: said by the caller's own estimate
        warnings.simplefilter("ignore", SurveykitWarning)
        return domain_stats(design.positive_replicates(), it, g, n_groups).replicates


def logit_refit(p: np.ndarray, start: np.ndarray, epsilon: float = 1e-8, maxit: int = 25,
                deviance_share: np.ndarray | None = None) -> np.ndarray:
    """R's ``glm.fit`` of ``y ~ 1`` (quasibinomial, weights summing to 1) for shares ``p``,
    started at ``start`` with R's default control: the replicate coefficients of
    ``svyciprop(method="logit")`` on a replicate design. Inside (0, 1) this is ``logit(p)``
    to the fit's tolerance; at 0 or 1 the fit stops where R's does (about -/+22).
    ``deviance_share``: when the fit's rows (positive weight, share ``p``) are not all the rows
    (replicate weights 0 or below, which ``glm.fit`` leaves out of the fit), the share over all
    rows, which its deviance (the convergence test) sums over: R's binomial deviance of 0/1
    answers with weights summing to 1, ``-2 (s log mu + (1 - s) log(1 - mu))``.

    Example:
        >>> logit_refit(np.array([0.5, 1.0]), np.zeros(2)).round(6).tolist()
        [0.0, 22.202895]
    """
    p = np.asarray(p, dtype=float)
    start = np.broadcast_to(np.asarray(start, dtype=float), p.shape)
    ok = np.isfinite(p) & np.isfinite(start)
    b = np.where(ok, start, 0.0)
    pp = np.where(ok, p, 0.5)

    def linkinv(eta):
        tmp = np.where(eta < -_THRESH, _DBL_EPS, np.where(eta > _THRESH, 1 / _DBL_EPS, np.exp(eta)))
        return tmp / (1 + tmp)

    share = None if deviance_share is None else np.where(ok, np.asarray(deviance_share, dtype=float), 0.5)

    def deviance(mu):
        with np.errstate(divide="ignore", invalid="ignore"):
            if share is not None:  # R's binomial deviance of the 0/1 rows (weights sum to 1)
                return -2 * (share * np.log(mu) + (1 - share) * np.log(1 - mu))
            a = np.where(pp > 0, pp * np.log(pp / mu), 0.0)
            c = np.where(pp < 1, (1 - pp) * np.log((1 - pp) / (1 - mu)), 0.0)
        return 2 * (a + c)

    mu = linkinv(b)
    devold = deviance(mu)
    done = ~ok
    for _ in range(maxit):
        with np.errstate(over="ignore"):
            e = np.exp(b)
            mu_eta = np.where(np.abs(b) > _THRESH, _DBL_EPS, e / (1 + e) ** 2)
        new = b + (pp - mu) / mu_eta
        b = np.where(done, b, new)
        mu = linkinv(b)
        dev = deviance(mu)
        done = done | (np.abs(dev - devold) / (np.abs(dev) + 0.1) < epsilon)
        devold = dev
        if done.all():
            break
    return np.where(ok, b, np.nan)


def domain_stats(design: Design, it: Items, g: np.ndarray, n_groups: int,
                 kind: str = "mean") -> DomainStats:
    """Means (ratios of domain totals) or totals of every item in every group, available
    cases per item, with their variances.

    Designs whose PSUs are the rows (``ids=None``, one stage) and whose weighting steps are
    in factor form (raking, post-stratification) go through one chunked pass that
    accumulates sufficient statistics per (stratum, group, calibration cell); replicate
    designs through one chunked pass of products with the replicate weights; other designs
    through the influence values and :func:`surveykit.design.variance.vcov` with ``groups=``.
    """
    g = np.asarray(g, dtype=np.int64)
    if design.replicates is not None:
        return _by_replicates(design, it, g, n_groups, kind)
    if _cells_ok(design):
        return DomainStats(*_by_cells(design, it, g, n_groups, kind))
    return DomainStats(*_by_scores(design, it, g, n_groups, kind))


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
        deff = np.where((vsrs > 0) & (n > 1), var / vsrs, np.nan)  # one respondent: R's NaN
    ysum = ysum + shift * wsum
    empty = wsum == 0
    if kind == "mean":
        est = np.where(empty, np.nan, mu + shift)
        var = np.where(empty, np.nan, var)
    else:
        est = ysum
    return est, var, n, deff, wsum, ysum


def _by_scores(design, it, g, n_groups, kind):
    """General designs: influence values (n, k) through vcov with groups."""
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
    var = vcov(design, scores, groups=g, n_groups=n_groups)
    del scores
    dev = values - np.nan_to_num(mu)[gi]
    ss = segsum(g, n_groups, wv * dev**2)
    yysum = ss + 2 * np.nan_to_num(mu) * ysum - np.nan_to_num(mu) ** 2 * wsum
    return _finish(kind, wsum, ysum, yysum, n, var, 0.0)


def _by_replicates(design, it, g, n_groups, kind):
    """Replicate designs: one chunked pass of [valid, y] times [w, replicate weights]."""
    rep = design.replicates
    k = it.k
    gg = design.in_domain(g)
    # whole numbers by construction: the indicators of a value and of a category level
    whole = np.array([True] * k + [c is not None for c in it.code])

    def fill(rows, out: np.ndarray) -> None:
        it.fill_rows(out, rows)

    # first without a shift (a scale from 1: no pass over the columns before the chunks);
    # a value below 1 starts again with each column's smallest value as its shift
    shift = None

    def fill32(rows, out: np.ndarray) -> bool:
        return it.fill_whole32(out, rows, shift)

    try:
        t, side = replicate_totals(rep, design.weights, fill, 2 * k, gg, n_groups, moments=k,
                                   whole=whole, fill32=fill32, shift=np.zeros(k))
    except NeedShift:
        shift = it.whole_shift()
        t, side = replicate_totals(rep, design.weights, fill, 2 * k, gg, n_groups, moments=k,
                                   whole=whole, fill32=None if shift is None else fill32,
                                   shift=shift)
    wsum_r, ysum_r = t[..., :k], t[..., k:]
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = ysum_r / wsum_r if kind == "mean" else ysum_r
    var = svrvar(theta[1:], theta[0], rep)
    n, wyy = side[:, 0], side[:, 1]  # respondents (w != 0), sums of w y^2
    est, var, n, deff, wsum, ysum = _finish(kind, wsum_r[0], ysum_r[0], wyy, n, var, 0.0)
    return DomainStats(est, var, n, deff, wsum, ysum, replicates=theta[1:])


def _cells_ok(design: Design) -> bool:
    return (design.row_psu and len(design.stages) == 1
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
    return _finish(kind, wsum, ysum, yysum, n_resp, var, shift if kind == "mean" else 0.0)
