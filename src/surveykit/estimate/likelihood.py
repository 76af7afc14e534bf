"""The likelihood interval of a proportion, as R's ``svyciprop(method="likelihood")``.

R fits ``svyglm(y ~ 1, family=quasibinomial)`` and profiles its deviance
(``confint.svyglm(method="likelihood")``, survey 4.1): the signed root
``z(b) = ±sqrt((dev(b) − dev(b̂)) / φ)``, with ``φ`` the model's dispersion (``svyvar`` of
the Pearson residuals), is computed at up to 9 steps of ``del·se`` either side of ``b̂``
(MASS's ``profile.glm``), interpolated by a cubic spline (``spline(method="fmm")``) and
inverted by linear interpolation at ``±t·sqrt(λ)``, where ``λ`` is the design effect of
the coefficient (its design variance over the model-based one). Everything here follows
that recipe step by step, so the limits equal R's to round-off.

Example (R: ``svyciprop(~yes, svydesign(id=~1, data=d), method="likelihood")`` gives
0.2142764017, 0.3962985995):
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> from surveykit.estimate.proportion import proportion
    >>> d = Design(pd.DataFrame({"yes": [True] * 30 + [False] * 70}))
    >>> r = proportion(d, "yes", method="likelihood")
    >>> round(float(r["conf_low"][0]), 10), round(float(r["conf_high"][0]), 10)
    (0.2142764017, 0.3962985995)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from surveykit.estimate._dist import f_isf, norm_cdf, t_ppf

__all__ = ["Sums", "fmm_spline", "profile_interval"]

_MAXSTEPS = 10  # MASS profile.glm's default


@dataclass(frozen=True)
class Sums:
    """Sums over the respondents of one domain (y = 0/1 answer), in R's glm weights ``W``
    (the design weights divided by their mean over the rows of R's design object).

    ``n``: respondents (W > 0); ``n_frame``: the rows of R's model frame (the rows R holds,
    :meth:`surveykit.design.Design.held`, with y: a calibrated design keeps every row in its
    subsets); ``n_design``: the rows of the model's design (those with y; a calibrated design:
    every row it holds). ``start_*``: glm.fit's first iteration from
    ``mustart = (W y + 0.5) / (W + 1)`` (per row): sums of ``W mu (1 - mu)``,
    ``W mu (1 - mu) logit(mu)``, ``W (y - mu)`` and the deviance there.
    """

    w: float
    wy: float
    n: int
    n_frame: int
    n_design: int
    start_a: float
    start_b: float
    start_c: float
    start_dev: float


def _deviance(b: float, s: Sums) -> float:
    """Binomial deviance at logit ``b`` (R's glm.fit with an offset only)."""
    mu = 1 / (1 + math.exp(-b))
    with np.errstate(divide="ignore"):
        return float(-2 * (s.wy * np.log(mu) + (s.w - s.wy) * np.log1p(-mu)))


def _glm_fit(s: Sums, epsilon: float = 1e-8, maxit: int = 25) -> tuple[float, float]:
    """R's ``glm.fit`` of ``y ~ 1`` (quasibinomial): the coefficient and the sum
    ``W mu (1 - mu)`` of the working weights of its last iteration (``1 / naive.cov``)."""
    a = s.start_a
    b = (s.start_b + s.start_c) / a
    devold = s.start_dev
    for _ in range(maxit):
        dev = _deviance(b, s)
        if abs(dev - devold) / (abs(dev) + 0.1) < epsilon:
            break
        devold = dev
        mu = 1 / (1 + math.exp(-b))
        a = s.w * mu * (1 - mu)
        b = b + (s.wy - mu * s.w) / a
    return b, a


def fmm_spline(x: np.ndarray, y: np.ndarray, xout: np.ndarray) -> np.ndarray:
    """R's ``spline(x, y, method="fmm")`` evaluated at ``xout`` (Forsythe, Malcolm & Moler:
    end conditions matching the third derivative of the cubic through the end points).

    Example:
        >>> fmm_spline(np.array([0.0, 1, 2, 3]), np.array([0.0, 1, 8, 27]), np.array([1.5]))
        array([3.375])
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        t = (y[1] - y[0]) / (x[1] - x[0])
        b[:] = t
    else:
        d[0] = x[1] - x[0]
        c[1] = (y[1] - y[0]) / d[0]
        for i in range(1, n - 1):
            d[i] = x[i + 1] - x[i]
            b[i] = 2.0 * (d[i - 1] + d[i])
            c[i + 1] = (y[i + 1] - y[i]) / d[i]
            c[i] = c[i + 1] - c[i]
        b[0], b[n - 1] = -d[0], -d[n - 2]
        c[0] = c[n - 1] = 0.0
        if n > 3:
            c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
            c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
            c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
            c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
        for i in range(1, n):
            t = d[i - 1] / b[i - 1]
            b[i] = b[i] - t * d[i - 1]
            c[i] = c[i] - t * c[i - 1]
        c[n - 1] = c[n - 1] / b[n - 1]
        for i in range(n - 2, -1, -1):
            c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
        b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[n - 1])
        for i in range(n - 1):
            b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
            d[i] = (c[i + 1] - c[i]) / d[i]
            c[i] = 3.0 * c[i]
        c[n - 1] = 3.0 * c[n - 1]
        d[n - 1] = d[n - 2]
    out = np.empty(len(xout))
    for k, u in enumerate(np.asarray(xout, float)):
        i = int(np.clip(np.searchsorted(x, u, side="right") - 1, 0, n - 1))
        dx = u - x[i]
        out[k] = y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))
    return out


def _approx(x: np.ndarray, y: np.ndarray, v: float) -> float:
    """R's ``approx(x, y, xout=v)$y`` (linear, rule 1: NA outside, ties averaged)."""
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    ux, inv = np.unique(x, return_inverse=True)
    if len(ux) < len(x):
        y = np.bincount(inv, weights=y) / np.bincount(inv)
        x = ux
    if not x[0] <= v <= x[-1]:
        return float("nan")
    i, j = 0, len(x) - 1
    while i < j - 1:
        ij = (i + j) // 2
        if v < x[ij]:
            j = ij
        else:
            i = ij
    if v == x[j]:
        return float(y[j])
    if v == x[i]:
        return float(y[i])
    return float(y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i])))


def profile_interval(p: float, var: float, df: float, conf_level: float,
                     sums: Sums) -> tuple[float, float]:
    """Limits of R's likelihood interval for one proportion ``p`` with design variance ``var``
    and design df ``df`` (NaN where R cannot profile, e.g. no variance or df <= 0)."""
    if not (0 < p < 1) or not np.isfinite(var) or var <= 0:
        return p, p
    if not df > 0 or sums.n < 2 or sums.n_frame < 2:
        return float("nan"), float("nan")
    pq = p * (1 - p)
    b0, info = _glm_fit(sums)
    se = math.sqrt(var) / pq  # the design SE of the logit coefficient
    lam = se**2 * info  # design over model-based (naive) variance
    t_lo = t_ppf((1 - conf_level) / 2, df)
    alpha = norm_cdf(t_lo * math.sqrt(lam)) / 2
    zmax = math.sqrt(f_isf(alpha, 1, sums.n_frame - 1))
    step_size = zmax / 5
    # dispersion: svyvar of R's Pearson residuals (y - mu) sqrt(W / pwts) / sqrt(mu (1 - mu)),
    # pwts the design weights over their mean on the model's design (residuals.svyglm)
    mu = 1 / (1 + math.exp(-b0))
    phi = sums.n / (sums.n - 1) * (sums.w / sums.n_design) * pq / (mu * (1 - mu))
    dev0 = _deviance(b0, sums)
    zs, bs = [0.0], [b0]
    for sgn in (-1, 1):
        step, z = 0, 0.0
        while True:
            step += 1
            if not (step < _MAXSTEPS and abs(z) < zmax):
                break
            bi = b0 + sgn * step * step_size * se
            zz = (_deviance(bi, sums) - dev0) / phi
            if zz <= -0.001:  # R stops: the fit had not converged
                return float("nan"), float("nan")
            z = sgn * math.sqrt(max(zz, 0.0))
            zs.append(z)
            bs.append(bi)
    order = np.argsort(zs, kind="stable")
    zs_s, bs_s = np.asarray(zs)[order], np.asarray(bs)[order]
    xs_order = np.argsort(bs_s, kind="stable")  # spline() sorts by x
    x, y = bs_s[xs_order], zs_s[xs_order]
    grid = np.linspace(x.min(), x.max(), 3 * len(x))
    grid[-1] = x.max()
    zgrid = fmm_spline(x, y, grid)
    cut = t_lo * math.sqrt(lam)  # R: qnorm(2 alpha) = t_{(1-level)/2} sqrt(lambda) (< 0)
    lo, hi = _approx(zgrid, grid, cut), _approx(zgrid, grid, -cut)
    return 1 / (1 + math.exp(-lo)), 1 / (1 + math.exp(-hi))
