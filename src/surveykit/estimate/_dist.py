"""The distribution functions the estimators need, from :mod:`scipy.special`.

Each returns exactly what the same call of :mod:`scipy.stats` returns (its distributions use
these very functions, with the same handling of the edges: invalid parameters give NaN, the
ends of the support give its bounds), without importing ``scipy.stats``, which costs about half
a second at every start of a process (the CLI, each drawing process, each notebook kernel).
``tests/test_dist.py`` holds them to ``scipy.stats`` value by value, edges included.

Example:
    >>> round(float(t_ppf(0.975, 10)), 6), round(float(norm_cdf(0.0)), 2)
    (2.228139, 0.5)
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["beta_ppf", "cauchy_cdf", "cauchy_pdf", "chi2_sf", "f_isf", "f_sf", "norm_cdf", "norm_pdf",
           "norm_ppf", "t_ppf", "t_sf"]

_SQRT_2PI = np.sqrt(2 * np.pi)


def _scalar(out: np.ndarray):
    return out[()] if out.ndim == 0 else out


def _ppf(q, valid, at_0: float, at_1: float, inner) -> np.ndarray:
    """scipy.stats' ppf (or isf) around ``inner``: NaN for invalid parameters or q outside
    [0, 1] (or NaN), the support's bounds at q = 0 and q = 1."""
    q = np.asarray(q, dtype=float)
    valid = np.asarray(valid, dtype=bool)
    q, valid = np.broadcast_arrays(q, valid)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(valid & (q > 0) & (q < 1), inner(), np.nan)
    out = np.where(valid & (q == 0), at_0, out)
    out = np.where(valid & (q == 1), at_1, out)
    return _scalar(np.asarray(out, dtype=float))


def _sf(x, valid, inner) -> np.ndarray:
    """scipy.stats' sf for a support [0, inf) or (-inf, inf) around ``inner``: NaN for invalid
    parameters or NaN x, 0 at x = inf (``inner`` gives 1 at or below the lower bound)."""
    x = np.asarray(x, dtype=float)
    valid = np.asarray(valid, dtype=bool)
    x, valid = np.broadcast_arrays(x, valid)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(valid & ~np.isnan(x), inner(), np.nan)
    out = np.where(valid & (x == np.inf), 0.0, out)  # the upper end of the support
    return _scalar(np.asarray(out, dtype=float))


def t_ppf(q, df):
    """Student's t quantile (``scipy.stats.t.ppf(q, df)``)."""
    df = np.asarray(df, dtype=float)
    return _ppf(q, df > 0, -np.inf, np.inf, lambda: special.stdtrit(df, q))


def t_sf(x, df):
    """Student's t upper tail (``scipy.stats.t.sf(x, df)``)."""
    df = np.asarray(df, dtype=float)
    return _sf(x, df > 0, lambda: special.stdtr(df, -np.asarray(x, dtype=float)))


def norm_ppf(q):
    """Standard normal quantile (``scipy.stats.norm.ppf``)."""
    return _ppf(q, True, -np.inf, np.inf, lambda: special.ndtri(q))


def norm_cdf(x):
    """Standard normal distribution function (``scipy.stats.norm.cdf``)."""
    x = np.asarray(x, dtype=float)
    return _scalar(np.asarray(special.ndtr(x), dtype=float))


def norm_pdf(x):
    """Standard normal density (``scipy.stats.norm.pdf``)."""
    x = np.asarray(x, dtype=float)
    return _scalar(np.asarray(np.exp(-x**2 / 2.0) / _SQRT_2PI, dtype=float))


def cauchy_cdf(x):
    """Standard Cauchy distribution function (``scipy.stats.cauchy.cdf``)."""
    x = np.asarray(x, dtype=float)
    return _scalar(np.asarray(np.arctan2(1, -x) / np.pi, dtype=float))


def cauchy_pdf(x):
    """Standard Cauchy density (``scipy.stats.cauchy.pdf``)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(over="ignore"):
        return _scalar(np.asarray(1.0 / np.pi / (1.0 + x * x), dtype=float))


def f_sf(x, dfn, dfd):
    """F upper tail (``scipy.stats.f.sf(x, dfn, dfd)``)."""
    x, dfn, dfd = (np.asarray(a, dtype=float) for a in (x, dfn, dfd))
    return _sf(x, (dfn > 0) & (dfd > 0), lambda: np.where(x > 0, special.fdtrc(dfn, dfd, np.maximum(x, 0)), 1.0))


def f_isf(q, dfn, dfd):
    """F upper quantile (``scipy.stats.f.isf(q, dfn, dfd)``)."""
    q, dfn, dfd = (np.asarray(a, dtype=float) for a in (q, dfn, dfd))
    # scipy.stats' isf: q in (0, 1) -> the quantile of 1 - q; q = 0 -> inf, q = 1 -> 0
    return _ppf(q, (dfn > 0) & (dfd > 0), np.inf, 0.0, lambda: special.fdtri(dfn, dfd, 1.0 - q))


def chi2_sf(x, df):
    """Chi-squared upper tail (``scipy.stats.chi2.sf(x, df)``)."""
    x, df = np.asarray(x, dtype=float), np.asarray(df, dtype=float)
    return _sf(x, df > 0, lambda: np.where(x > 0, special.chdtrc(df, np.maximum(x, 0)), 1.0))


def beta_ppf(q, a, b):
    """Beta quantile (``scipy.stats.beta.ppf(q, a, b)``), for the "beta" intervals only: its
    inverse lives in scipy.stats alone, imported here when such an interval is asked for."""
    from scipy import stats

    q, a, b = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (q, a, b)))
    ok = np.isfinite(a) & np.isfinite(b)   # an infinite effective n: NaN as R (older scipy raised OverflowError)
    out = np.full(q.shape, np.nan)
    if ok.any():
        out[ok] = stats.beta.ppf(q[ok], a[ok], b[ok])
    return out
