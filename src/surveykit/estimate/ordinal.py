"""Design-based proportional-odds regression, as R's ``svyolr`` (survey 4.1).

The model: ``P(Y <= k) = F(zeta_k - x'beta)`` with ``F`` the logistic (or probit, cloglog,
cauchit) distribution; ``zeta`` are the thresholds between adjacent response categories
(named ``"a|b"``), ``beta`` the coefficients (no intercept: it is absorbed in ``zeta``). The
estimates maximise the weighted log-likelihood (damped Newton; the log-likelihood is
concave). The covariance is R's sandwich: the per-row estimating functions times the inverse
Hessian go through the one variance engine (:func:`surveykit.design.vcov`). As in R the
Hessian is ``optim()``'s: central differences (step 1e-3) of the analytic gradient in the
parametrisation ``(beta, zeta_1, log(zeta_k - zeta_{k-1}))``, mapped back by the delta method.
On a replicate design every replicate is refitted from the full fit and the covariance is
that of the replicates' estimates (R's ``svyolr.svyrep.design``, whose refits use polr's
default tolerance; here they converge fully). ``df_residual = degf - #beta``; t-statistics,
p-values and CIs use t on it.
Formulas use formulaic syntax, as :func:`surveykit.estimate.regress.regress`.

Example:
    >>> import numpy as np, pandas as pd
    >>> from surveykit.design import Design
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=200)
    >>> y = pd.Categorical(np.digitize(x + rng.logistic(size=200), [-1, 0, 1]), ordered=True)
    >>> res = olr(Design(pd.DataFrame({"y": y, "x": x})), "y ~ x")
    >>> res["variable"].tolist()
    ['x', '0|1', '1|2', '2|3']
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from surveykit.design import design_effect, srs_variance, vcov
from surveykit.errors import ConvergenceWarning, DataError
from surveykit.estimate._dist import cauchy_cdf, cauchy_pdf, norm_cdf, norm_pdf
from surveykit.estimate.grouping import check_conf_level, measurement
from surveykit.estimate.regress import coefficient_support, coefficient_table, model_frame
from surveykit.estimate.scoring import item_scores, substantive_levels
from surveykit.estimate.separation import ordinal_separated

__all__ = ["METHODS", "OlrFit", "fit_olr", "olr"]

METHODS = ("logistic", "probit", "cloglog", "cauchit")
_OUTER = 100.0  # R: the outer thresholds are -100 and 100
_NDEPS = 1e-3  # R optim()'s default step for the numerical Hessian


@dataclass(frozen=True)
class OlrFit:
    """A fitted design-based proportional-odds model: estimates, sandwich covariance, df."""

    formula: str
    method: str
    response: str
    terms: list[str]
    thresholds: list[str]
    coef: np.ndarray  # beta
    zeta: np.ndarray  # thresholds, increasing
    vcov: np.ndarray  # (beta, zeta) x (beta, zeta)
    df_residual: float
    n: int
    loglik: float
    converged: bool
    iterations: int
    srs_var: np.ndarray  # variances of (coef, zeta) under SRS with replacement (deff)
    support: np.ndarray  # respondents each of (coef, zeta) rests on (suppression)

    @property
    def std_error(self) -> np.ndarray:
        """Standard errors of ``(coef, zeta)``."""
        return np.sqrt(np.diag(self.vcov))

    @property
    def deff(self) -> np.ndarray:
        """Design effects of ``(coef, zeta)``."""
        return design_effect(np.diag(self.vcov), self.srs_var)


def _dist(method: str):
    """(F, f, f') of the link's distribution (survey's pgumbel/dgumbel for cloglog)."""
    if method == "logistic":
        def cdf(z):
            return special.expit(z)

        def pdf(z):
            p = special.expit(z)
            return p * (1 - p)

        def dpdf(z):
            p = special.expit(z)
            return p * (1 - p) * (1 - 2 * p)
    elif method == "probit":
        cdf, pdf = norm_cdf, norm_pdf

        def dpdf(z):
            return -z * norm_pdf(z)
    elif method == "cauchit":
        cdf, pdf = cauchy_cdf, cauchy_pdf

        def dpdf(z):
            return -2 * z / (np.pi * (1 + z * z) ** 2)
    else:
        def cdf(z):
            return np.exp(-np.exp(-z))

        def pdf(z):
            return np.exp(-z - np.exp(-z))

        def dpdf(z):
            return np.exp(-z - np.exp(-z)) * (np.exp(-z) - 1)
    return cdf, pdf, dpdf


OLR_ROWS = 65536  # rows per block of the likelihood's sums (memory of one block)


class _Model:
    """Weighted log-likelihood of the cumulative-link model in ``u = (beta, zeta)``.

    Its sums over rows run over blocks of ``OLR_ROWS`` rows, so the temporaries are one
    block's whatever the number of rows (one block: the same arithmetic as without blocks).
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, wt: np.ndarray, q: int, method: str):
        self.x, self.y, self.wt, self.q, self.method = x, y, wt, q, method
        self.pc = x.shape[1]
        self.cdf, self.pdf, self.dpdf = _dist(method)
        n = len(y)
        up = np.zeros((n, q))
        lo = np.zeros((n, q))
        ok_up, ok_lo = y <= q, y >= 2
        up[np.flatnonzero(ok_up), y[ok_up] - 1] = 1.0
        lo[np.flatnonzero(ok_lo), y[ok_lo] - 2] = 1.0
        self.d_up = np.hstack([-x, up])  # d(upper - eta)/du
        self.d_lo = np.hstack([-x, lo])

    def _blocks(self) -> list[slice]:
        n = len(self.y)
        if n <= OLR_ROWS:
            return [slice(None)]
        return [slice(r0, min(n, r0 + OLR_ROWS)) for r0 in range(0, n, OLR_ROWS)]

    def _parts(self, u: np.ndarray, s: slice = slice(None)):
        beta, zeta = u[: self.pc], u[self.pc :]
        gamm = np.concatenate([[-_OUTER], zeta, [_OUTER]])
        eta = self.x[s] @ beta
        y = self.y[s]
        a, b = gamm[y] - eta, gamm[y - 1] - eta
        pr = self.cdf(a) - self.cdf(b)
        return a, b, pr

    def loglik(self, u: np.ndarray) -> float:
        zeta = u[self.pc :]
        if np.any(np.diff(zeta) <= 0):
            return -np.inf
        total = 0.0
        for s in self._blocks():
            _, _, pr = self._parts(u, s)
            if not np.all(pr > 0):
                return -np.inf
            total += float(np.sum(self.wt[s] * np.log(pr)))
        return total

    def scores(self, u: np.ndarray, s: slice = slice(None)) -> np.ndarray:
        """Per-row gradient of log(pr), (rows, p), of the rows ``s``."""
        a, b, pr = self._parts(u, s)
        fa, fb = self.pdf(a), self.pdf(b)
        return (fa[:, None] * self.d_up[s] - fb[:, None] * self.d_lo[s]) / pr[:, None]

    def weighted_scores(self, u: np.ndarray, vm: np.ndarray) -> np.ndarray:
        """``-(wt · scores) @ vm`` of every row, (n, p), block by block."""
        out = np.empty((len(self.y), vm.shape[1]))
        for s in self._blocks():
            out[s] = -(self.wt[s, None] * self.scores(u, s)) @ vm
        return out

    def grad_hess(self, u: np.ndarray):
        grad = hess = 0.0
        for s in self._blocks():
            a, b, pr = self._parts(u, s)
            g = self.scores(u, s)
            w = self.wt[s]
            d_up, d_lo = self.d_up[s], self.d_lo[s]
            ha = (d_up * (w * self.dpdf(a) / pr)[:, None]).T @ d_up
            hb = (d_lo * (w * self.dpdf(b) / pr)[:, None]).T @ d_lo
            grad = grad + (w[:, None] * g).sum(0)
            hess = hess + (ha - hb - (g * w[:, None]).T @ g)
        return grad, hess

    def r_gradient(self, par: np.ndarray) -> np.ndarray:
        """R's ``gmin``: gradient of -loglik in ``(beta, zeta_1, log diff(zeta))``."""
        theta = par[self.pc :]
        zeta = np.cumsum(np.concatenate([theta[:1], np.exp(theta[1:])]))
        u = np.concatenate([par[: self.pc], zeta])
        g = 0.0
        for s in self._blocks():
            g = g - (self.wt[s, None] * self.scores(u, s)).sum(0)
        return np.concatenate([g[: self.pc], g[self.pc :] @ _jacobian(theta)])


def _jacobian(theta: np.ndarray) -> np.ndarray:
    """d zeta / d theta for zeta = cumsum(theta_1, exp(theta_2), ...) (R's ``jacobian``)."""
    k = len(theta)
    mat = np.zeros((k, k))
    mat[:, 0] = 1.0
    for i in range(1, k):
        mat[i:, i] = np.exp(theta[i])
    return mat


def _ascent_step(grad: np.ndarray, hess: np.ndarray) -> np.ndarray:
    """Newton step; where -H is not positive definite (cauchit), Levenberg-damped."""
    neg = -hess
    lam = 0.0
    scale = max(1e-12, float(np.max(np.abs(np.diag(neg)))))
    for _ in range(60):
        try:
            c = np.linalg.cholesky(neg + lam * np.eye(len(grad)))
        except np.linalg.LinAlgError:
            lam = scale * 1e-8 if lam == 0 else lam * 10
            continue
        return np.linalg.solve(c.T, np.linalg.solve(c, grad))
    return grad / scale


def _newton(model: _Model, u: np.ndarray, maxit: int = 500) -> tuple[np.ndarray, bool, int]:
    """Maximise the log-likelihood: damped Newton with step halving."""
    ll = model.loglik(u)
    for it in range(1, maxit + 1):
        grad, hess = model.grad_hess(u)
        step = _ascent_step(grad, hess)
        t = 1.0
        while True:
            new = u + t * step
            ll_new = model.loglik(new)
            if ll_new >= ll or t < 1e-12:
                break
            t /= 2
        if not np.isfinite(ll_new) or ll_new < ll:
            return u, bool(np.max(np.abs(grad)) < 1e-6 * max(1.0, abs(ll))), it
        u, ll = new, ll_new
        if np.max(np.abs(t * step)) < 1e-11 * (1 + np.max(np.abs(u))):
            return u, True, it
    return u, False, maxit


def _replicate_fit(model: _Model, u: np.ndarray, wr: np.ndarray, r: int, levels: list, response: str,
                   terms: list[str], caller: str) -> np.ndarray:
    """One replicate's estimates, refitted from the full fit ``u`` with the replicate's weights.

    A term that takes one value on every row the replicate weights (a level held by the PSUs it
    leaves out) has no coefficient there: refused. A category between two others that no row of
    the replicate has (a jackknife or half-sample
    replicate leaving out the PSUs that hold it) has the maximum on the boundary where its two
    thresholds are equal: the model of the other categories, fitted without it, its thresholds
    given to both (R's polr approaches the same point). Newton in the full model stalled short
    of it (thresholds may not cross), far from the maximum. A lowest or highest category missing
    has a threshold at infinity: no variance can be estimated, and it is refused.
    """
    keep = wr != 0
    flat = np.ptp(model.x[keep], axis=0) == 0 if keep.any() else np.ones(model.pc, bool)
    if flat.any():
        raise DataError(
            f"{caller}: in replicate {r + 1} the term(s) {[terms[j] for j in np.flatnonzero(flat)]} take one "
            "value on every row with a replicate weight (a level held by PSUs that replicate leaves "
            "out): the coefficient has no estimate there, so its replicate variance is not defined (R's "
            "svyolr returns a number where its optimiser stopped). Merge the level with a neighbour."
        )
    has = np.bincount(model.y - 1, weights=keep, minlength=model.q + 1) > 0
    if has.all():
        model.wt = wr
        fit, conv, _ = _newton(model, u)
        _refuse_replicate_separated(model, fit, conv, r, response, terms, caller)
        return fit
    if not has[0] or not has[-1]:
        gone = levels[0] if not has[0] else levels[-1]
        raise DataError(
            f"{caller}: replicate {r + 1} has no respondent answering {gone!r} (the "
            f"{'lowest' if not has[0] else 'highest'} category of {response!r}): its threshold has no "
            "estimate in that replicate, so the replicate variance is not defined. Merge that "
            "category with its neighbour (R's svyolr returns the number where its optimiser stopped)."
        )
    kept = np.flatnonzero(has) + 1  # the categories present, 1-based
    y = np.searchsorted(kept, model.y[keep]) + 1
    sub = _Model(model.x[keep], y, wr[keep], len(kept) - 1, model.method)
    # threshold k of the full model (between categories k and k+1) is the reduced model's threshold
    # after the last present category at or below k
    at = np.searchsorted(kept, np.arange(1, model.q + 1), side="right") - 1
    start = np.concatenate([u[: model.pc], u[model.pc:][kept[:-1] - 1]])
    fit, conv, _ = _newton(sub, start)
    _refuse_replicate_separated(sub, fit, conv, r, response, terms, caller)
    return np.concatenate([fit[: model.pc], fit[model.pc:][at]])


_CAUCHIT_LARGE = 10.0  # far from the artefact maximum of a separated cauchit fit (about 50)


def _large(model: _Model, u: np.ndarray) -> bool:
    """A threshold or a weighted row's linear predictor beyond ``_CAUCHIT_LARGE`` in size."""
    if np.max(np.abs(u[model.pc:])) > _CAUCHIT_LARGE:
        return True
    return any(np.max(np.abs(model.x[s][model.wt[s] != 0] @ u[: model.pc]), initial=0) > _CAUCHIT_LARGE
               for s in model._blocks())


def _refuse_replicate_separated(model: _Model, fit: np.ndarray, conv: bool, r: int, response: str,
                                terms: list[str], caller: str) -> None:
    try:
        _refuse_separated(model, fit, conv, response, terms, caller)
    except DataError as exc:  # the replicate's own: say which, and that its variance is undefined
        raise DataError(
            f"{caller}: in replicate {r + 1} (its rows with a replicate weight) " + exc.detail.split(": ", 1)[1]
            + " Its replicate estimate, and so the variance, is not defined.", advice=exc.advice) from None


def _refuse_separated(model: _Model, u: np.ndarray, conv: bool, response: str, terms: list[str],
                      caller: str) -> None:
    """A response separated by terms (each category's rows on their own side of the thresholds,
    for some coefficients) has no estimate: the fit walks towards infinity. Refused (R's svyolr
    stops, "attempt to find suitable starting values failed", or returns the large numbers where
    its optimiser stopped). Checked when the fit did not converge or gives a row's observed
    category a probability numerically 1, and for the cauchit link also when a threshold or a
    row's linear predictor is beyond ``_CAUCHIT_LARGE``: its tails fall as 1/z, so a separated
    fit's probabilities stay far from 1 and its score, about 1/z^2, is soon below any tolerance;
    with the outer thresholds at -100 and 100 (R's polr) the likelihood of a separated model even
    has a maximum, an artefact of them, where the separated rows' linear predictor is midway
    between their threshold and 100 (d37 of tests/data/r-fuzz2: a level all in the top
    category, its coefficient 45.8, those rows' probability 0.993). A warning when too large to
    check."""
    pr = np.concatenate([model._parts(u, s)[2] for s in model._blocks()])
    suspect = not conv or (pr[model.wt > 0] > 1 - 1e-6).any()
    if not suspect and not (model.method == "cauchit" and _large(model, u)):
        return
    keep = model.wt > 0
    found = ordinal_separated(model.x[keep], model.y[keep], model.q, u[: model.pc])
    if found is None and not suspect:
        return
    if found is None:
        warnings.warn(
            f"{caller}: the fit {'did not converge' if not conv else 'gives some rows probability 1'}; the "
            f"response {response!r} may be separated by the terms {terms} (too many distinct rows to "
            "check). If the coefficients are large, the estimates and SEs are where the algorithm "
            "stopped: drop or merge the terms or categories that separate it.", ConvergenceWarning, stacklevel=4)
    elif found:
        named = [terms[j] for j in found]
        raise DataError(
            f"{caller}: the response {response!r} is separated by {', '.join(map(repr, named))}: the rows of "
            "each category lie on their own side of a threshold, so the model has no estimate (the "
            "coefficients grow without bound). R's svyolr stops ('attempt to find suitable starting values "
            "failed') or returns the large numbers where its optimiser stopped. Drop or merge the terms "
            "(levels) or categories that separate it."
        )


def _r_vcov_unscaled(model: _Model, u: np.ndarray) -> np.ndarray:
    """R's ``Vm``: optim()'s numerical Hessian in theta, inverted, delta method to zeta."""
    pc = model.pc
    zeta = u[pc:]
    theta = np.concatenate([zeta[:1], np.log(np.diff(zeta))])
    par = np.concatenate([u[:pc], theta])
    p = len(par)
    hess = np.empty((p, p))
    for i in range(p):
        e = np.zeros(p)
        e[i] = _NDEPS
        hess[i] = (model.r_gradient(par + e) - model.r_gradient(par - e)) / (2 * _NDEPS)
    hess = (hess + hess.T) / 2
    vc = np.linalg.pinv(hess, rcond=np.sqrt(np.finfo(float).eps))  # MASS::ginv
    a = np.eye(p)
    a[pc:, pc:] = _jacobian(theta)
    return a @ vc @ a.T


def _check_ordered_values(s: pd.Series, rows: np.ndarray, caller: str) -> None:
    """A response that is not categorical is ordered by its values only when they are codes:
    whole numbers, not too many (as R, which wants a factor). Text sorts alphabetically
    ("Helt enig" < "Helt uenig" < "Litt enig"), not in the scale's order; a measurement (ages,
    0.345) would give one threshold per distinct value."""
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        if pd.api.types.is_bool_dtype(s.dtype):
            return  # two categories: refused below with the advice for a binary response
        raise DataError(
            f"{caller}: the response {s.name!r} is text ({s.dtype}); its order cannot be read "
            "from the text (sorting would put 'Helt enig' before 'Helt uenig'). Make it an "
            "ordered categorical whose categories are in the scale's order (pandas: "
            "pd.Categorical(values, [the answers in order]).as_ordered()), or code it in the "
            "codebook."
        )
    why = measurement(pd.to_numeric(s.iloc[rows], errors="coerce").dropna().to_numpy(dtype=float))
    if why:
        raise DataError(
            f"{caller}: the response {s.name!r} holds {why}, a measurement rather than ordered "
            "categories: the model would have one threshold per value. Group it first (e.g. "
            "pd.cut), or model it with sk.regress."
        )


def _response_codes(s: pd.Series, rows: np.ndarray, caller: str) -> tuple[np.ndarray, list]:
    """1-based category codes (NaN if missing) and the levels present among ``rows``.

    Non-substantive levels ("Vet ikke") are not categories of the ordinal scale: they are
    missing (with a warning giving their share, :mod:`surveykit.estimate.scoring`).
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        active = np.zeros(len(s), dtype=bool)
        active[rows] = True
        codes = item_scores(s.to_frame(), s.name, caller=caller, active=active) - 1
        levels = substantive_levels(s)
    else:
        _check_ordered_values(s, rows, caller)
        levels = sorted(pd.unique(s.dropna()).tolist())
        codes = pd.Categorical(s, categories=levels).codes.astype(float)
        codes[codes < 0] = np.nan
    present = np.unique(codes[rows][~np.isnan(codes[rows])]).astype(int)
    levels = [levels[i] for i in present]
    remap = np.full(len(s), np.nan)
    ok = ~np.isnan(codes)
    remap[ok] = np.searchsorted(present, codes[ok].astype(int)) + 1.0
    remap[ok & ~np.isin(codes, present)] = np.nan
    if len(levels) < 3:
        raise DataError(
            f"{caller}: the response {s.name!r} has {len(levels)} categories in the design "
            "(domain); an ordinal model needs 3 or more. Use regress() with a binary indicator."
        )
    return remap, levels


def fit_olr(design: Any, formula: str, *, method: str = "logistic") -> OlrFit:
    """Fit a design-based proportional-odds model (R ``svyolr``).

    The response (left of ``~``) is a column: an ordered categorical, whose category order is
    used, or whole-number codes (at most 50 distinct), whose sorted values are the categories.
    Text, an unordered categorical or a measurement is refused: their order is not known.
    Categories with no respondents in the design (domain) are dropped (R keeps them and cannot
    converge).

    Example:
        >>> fit = fit_olr(design, "mealcat ~ avg_ed + mobility + stype")  # doctest: +SKIP
        >>> fit.coef, fit.zeta, fit.std_error  # doctest: +SKIP
    """
    caller = "olr"
    if method not in METHODS:
        raise DataError(f"{caller}: method={method!r} is not available; use one of {METHODS}.")
    if "~" not in formula:
        raise DataError(f"{caller}: formula {formula!r} has no response; write 'y ~ x + C(g)'.")
    lhs, rhs = (part.strip() for part in formula.split("~", 1))
    data = design.data
    if lhs not in data.columns:
        raise DataError(
            f"{caller}: the response {lhs!r} of {formula!r} is not a column of the design's data "
            f"({', '.join(map(str, data.columns))}). The response must be a plain column name."
        )
    w_all = np.asarray(design.weights, dtype=float)
    codes, levels = _response_codes(data[lhs], np.flatnonzero(w_all > 0), caller)
    tmp = "_olr_response_"
    try:
        y, x, terms, _, used = model_frame(
            design.with_columns(**{tmp: codes}), f"{tmp} ~ {rhs}", caller=caller
        )
    except DataError as exc:  # its messages name the caller's formula, not the internal one
        named = f"{tmp} ~ {rhs}"
        raise DataError(exc.detail.replace(named, formula).replace(repr(tmp), repr(lhs)),
                        advice=exc.advice.replace(named, formula)) from None
    if "Intercept" not in terms:
        raise DataError(
            f"{caller}: {formula!r} has no intercept; the thresholds need one. Remove '- 1'/'+ 0'."
        )
    keep = [i for i, t in enumerate(terms) if t != "Intercept"]
    x, terms = x[:, keep], [terms[i] for i in keep]
    full = np.column_stack([np.ones(len(y)), x])
    rank = np.linalg.matrix_rank(full)
    if rank < full.shape[1]:
        raise DataError(
            f"{caller}: the terms of {formula!r} are collinear in the design (domain) "
            f"(rank {rank} of {full.shape[1]} columns with the intercept: {terms}); "
            "drop a term or merge levels."
        )
    yi = y.astype(int)
    present = np.unique(yi)
    if len(present) != len(levels):  # rows dropped for missing predictors emptied a category
        levels = [levels[i - 1] for i in present]
        yi = np.searchsorted(present, yi) + 1
        if len(levels) < 3:
            raise DataError(f"{caller}: fewer than 3 response categories have complete rows.")
    q = len(levels) - 1
    support = np.concatenate([
        coefficient_support(full, ["Intercept", *terms])[1:],
        [min(int((yi <= k).sum()), int((yi > k).sum())) for k in range(1, q + 1)],
    ])
    ref = coefficient_support(full, ["Intercept", *terms])[0]  # thresholds: the reference cell
    support[x.shape[1]:] = np.minimum(support[x.shape[1]:], ref)
    del full  # not needed by the fit: its memory is free for it
    wt = w_all[used]
    model = _Model(x, yi, wt, q, method)
    cum = np.cumsum(np.bincount(yi - 1, weights=wt, minlength=q + 1))[:q] / wt.sum()
    start = np.concatenate([np.zeros(x.shape[1]), special.logit(cum)])
    u, conv, it = _newton(model, start)
    _refuse_separated(model, u, conv, lhs, terms, caller)
    vm = _r_vcov_unscaled(model, u)
    part = model.weighted_scores(u, vm)
    srs = srs_variance(wt, part, np.zeros(len(used), dtype=np.int64), 1)[0]
    if design.replicates is None:
        scores = np.zeros((len(w_all), len(u)))
        scores[used] = part
        del part
        v = vcov(design, scores)
    else:  # R's svyolr.svyrep.design: every replicate refitted from the full fit
        del part
        reps = np.empty((design.replicates.count, len(u)))
        for r in range(design.replicates.count):
            reps[r] = _replicate_fit(model, u, design.replicates.column(r)[used], r, levels, lhs, terms,
                                     caller)
        model.wt = wt
        v = vcov(design, replicates=(reps, u))
    if design.replicates is None:
        mask = np.zeros(len(w_all), dtype=bool)
        mask[used] = True
        df_res = float(design.subset(mask).degf - x.shape[1])
    else:  # R: degf of the design passed, before rows are left out
        df_res = float(design.degf - x.shape[1])
    names = [f"{a}|{b}" for a, b in pairwise(levels)]
    return OlrFit(
        formula, method, lhs, terms, names, u[: x.shape[1]], u[x.shape[1] :], v, df_res,
        len(used), model.loglik(u), conv, it, srs, support,
    )


def olr(
    design: Any, formula: str, *, method: str = "logistic", conf_level: float = 0.95
) -> pd.DataFrame:
    """Proportional-odds (ordinal logistic) regression (R ``svyolr``), one row per parameter.

    Rows: the coefficients (``variable`` = term), then the thresholds (``variable`` =
    ``"a|b"``); ``contrast`` is the response, ``statistic`` t, ``df`` the residual df
    (``degf - #coefficients``); p-values and CIs use t on it. Coefficients are log
    cumulative odds ratios of a *higher* category (R's sign: ``logit P(Y <= k) = zeta_k -
    x'beta``).

    Example:
        >>> olr(design, "satisfaction ~ C(site_type) + age")  # doctest: +SKIP
    """
    check_conf_level(conf_level, "olr")
    fit = fit_olr(design, formula, method=method)
    return coefficient_table(fit.terms + fit.thresholds, np.concatenate([fit.coef, fit.zeta]), fit.std_error,
                             df_residual=fit.df_residual, n=fit.n, response=fit.response,
                             min_cell=design.min_cell, conf_level=conf_level, support=fit.support,
                             deff=fit.deff, caller="olr")
