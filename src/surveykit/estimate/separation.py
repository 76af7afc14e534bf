"""Separation and non-convergence of a logistic fit, said as R's ``glm.fit`` says them.

A 0/1 response that a term separates (every 1 above every 0, or a level with only 0s) has
no maximum-likelihood estimate: IRLS walks its coefficient towards infinity and stops where
its tolerance lets it (R's numbers depend on ``glm.control``; surveykit's equal R's with
``glm.control(epsilon=1e-12, maxit=100)``). R warns ("glm.fit: algorithm did not converge",
"fitted probabilities numerically 0 or 1 occurred") and so does surveykit, with a
:class:`ConvergenceWarning` naming the terms that separate the response on their own.

Example:
    >>> x = np.column_stack([np.ones(4), [0.0, 1, 2, 3]])
    >>> separating_terms(x, np.array([0.0, 0, 1, 1]), np.ones(4), ["Intercept", "x"])
    ['x']
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from surveykit.errors import ConvergenceWarning

__all__ = ["numerically_01", "ordinal_separated", "separated", "separating_terms", "warn_fit"]

R_EPS = 10 * np.finfo(float).eps  # glm.fit's 'numerically 0 or 1'


def numerically_01(mu: np.ndarray, wt: np.ndarray) -> bool:
    """Whether a fitted probability of a row with weight is within 10 eps of 0 or 1 (R's test)."""
    m = mu[wt > 0]
    return bool(((m < R_EPS) | (m > 1 - R_EPS)).any())


def separating_terms(x: np.ndarray, y: np.ndarray, wt: np.ndarray, terms: Sequence[str]) -> list[str]:
    """The terms whose column alone (quasi-)separates a 0/1 response among the rows with weight:
    every 0 at or below every 1, or at or above (a factor level with only 0s or only 1s)."""
    keep = wt > 0
    y = y[keep]
    if not np.isin(y, (0.0, 1.0)).all():
        return []
    out = []
    for j, term in enumerate(terms):
        col = x[keep, j]
        zero, one = col[y == 0], col[y == 1]
        if term in ("Intercept", "(Intercept)") or not len(zero) or not len(one) or np.ptp(col) == 0:
            continue
        if zero.max() <= one.min() or one.max() <= zero.min():
            out.append(term)
    return out


def separated(x: np.ndarray, y: np.ndarray, wt: np.ndarray, mu: np.ndarray,
              terms: Sequence[str]) -> tuple[bool, list[str]]:
    """Whether a fitted probability of a logistic fit is numerically 0 or 1, and the terms that
    separate the response on their own."""
    return numerically_01(mu, wt), separating_terms(x, y, wt, terms)


def warn_fit(caller: str, *, converged: bool, maxit: int, fitted01: bool, terms: Sequence[str],
             replicates: int = 0, replicate_terms: Sequence[str] = ()) -> None:
    """A :class:`ConvergenceWarning` for a fit that did not converge, has fitted probabilities
    numerically 0 or 1 or is separated by ``terms``; else one for ``replicates`` separated
    replicate refits."""
    said = []
    if not converged:
        said.append(f"the fit did not converge in {maxit} iterations (R: 'glm.fit: algorithm did not converge')")
    if fitted01:
        said.append("fitted probabilities numerically 0 or 1 occurred (R: 'glm.fit: fitted probabilities "
                    "numerically 0 or 1 occurred')")
    if terms:
        said.append(f"the response is separated by {', '.join(map(repr, terms))} (its 0s and 1s do not overlap "
                    "on it): no estimate exists, and the coefficients and standard errors are where the "
                    "algorithm stopped. Drop or merge the terms (levels) that separate the response")
    elif fitted01:
        said.append("the response may be separated by a combination of the terms: if coefficients are large, "
                    "they and their standard errors are where the algorithm stopped, not estimates")
    elif said:
        said.append("the coefficients and standard errors are where the algorithm stopped")
    if said:
        warnings.warn(f"{caller}: {'; '.join(said)}.", ConvergenceWarning, stacklevel=4)
    elif replicates:
        who = f" by {', '.join(map(repr, replicate_terms))}" if replicate_terms else ""
        warnings.warn(
            f"{caller}: {replicates} replicate refit(s) were (quasi-)separated{who}: their coefficients are where "
            "the algorithm stopped (they depend on its tolerance; R's default glm.control stops earlier), "
            "so the standard errors of those terms are not estimates. Merge the levels or drop the terms.",
            ConvergenceWarning, stacklevel=4)


LP_ROWS = 50_000  # distinct rows up to which the linear program runs (seconds, not minutes)


def ordinal_separated(x: np.ndarray, y: np.ndarray, q: int, beta: np.ndarray | None = None) -> list[int] | None:
    """The columns of ``x`` (no intercept) that (quasi-)separate ordinal responses ``y`` (1..q+1):
    a direction (b, d) of the coefficients and thresholds along which no row's likelihood falls
    and some row's rises (``x'b <= d_y``, ``x'b >= d_(y-1)``, ``d`` increasing, a slack
    somewhere); [] when there is none. A linear program over the distinct rows (up to
    ``LP_ROWS``), else along ``beta`` (the fit's direction: categories in order of ``x'beta``
    without overlap); None (not known) when neither decides.

    Example:
        >>> ordinal_separated(np.array([[0.0], [1], [2], [3]]), np.array([1, 1, 2, 3]), 2)
        [0]
        >>> ordinal_separated(np.array([[0.0], [1], [2], [3]]), np.array([1, 2, 1, 3]), 2)
        []
    """
    span = np.abs(x).max(axis=0) if len(x) else np.ones(x.shape[1])
    rows = np.unique(np.column_stack([x / np.where(span > 0, span, 1.0), y]), axis=0)
    if len(rows) <= LP_ROWS:
        b = _recession(rows[:, :-1], rows[:, -1].astype(int), q)
        return [] if b is None else np.flatnonzero(np.abs(b) > 1e-7).tolist()
    if beta is not None and np.any(beta != 0):
        eta = x @ beta
        low = np.array([eta[y == j].min() for j in range(1, q + 2)])
        high = np.array([eta[y == j].max() for j in range(1, q + 2)])
        if (high[:-1] <= low[1:]).all():
            return np.flatnonzero(beta != 0).tolist()
    return None


def _recession(xs: np.ndarray, ys: np.ndarray, q: int) -> np.ndarray | None:
    """The coefficients' part b of a separating direction (a linear program), or None."""
    from scipy.optimize import linprog

    p = xs.shape[1]
    up, lo = ys <= q, ys >= 2
    a_up = np.zeros((up.sum(), p + q))  # x'b - d_y <= 0
    a_up[:, :p] = xs[up]
    a_up[np.arange(up.sum()), p + ys[up] - 1] = -1.0
    a_lo = np.zeros((lo.sum(), p + q))  # d_(y-1) - x'b <= 0
    a_lo[:, :p] = -xs[lo]
    a_lo[np.arange(lo.sum()), p + ys[lo] - 2] = 1.0
    rows_ub = np.vstack([a_up, a_lo])
    order = np.zeros((q - 1, p + q))  # d_k - d_(k+1) <= 0
    order[np.arange(q - 1), p + np.arange(q - 1)] = 1.0
    order[np.arange(q - 1), p + np.arange(1, q)] = -1.0
    res = linprog(rows_ub.sum(axis=0), A_ub=np.vstack([rows_ub, order]),
                  b_ub=np.zeros(len(rows_ub) + q - 1), bounds=(-1, 1), method="highs")
    return res.x[:p] if res.status == 0 and -res.fun > 1e-7 else None
