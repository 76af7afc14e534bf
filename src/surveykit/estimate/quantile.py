"""Quantiles with confidence intervals, as R's ``svyquantile`` (survey 4.1 rewrite).

``qrule`` defines the estimate from the weighted distribution (R's ``qrule_*`` functions):

* ``"math"`` / ``"hf1"``: the smallest value whose weighted CDF reaches ``q``;
  ``"school"`` / ``"hf2"``: the average of the two values where the CDF equals ``q``
  exactly; ``"hf3"``: the nearest even-ranked distinct value; ``"hf4"``: linear in the CDF;
* ``"hf5"`` ... ``"hf9"``: weighted analogues of Hyndman & Fan types 5-9 (linear
  interpolation of plotting positions); ``"shahvaish"``: Shah & Vaish's weighted positions.

``interval_type`` defines the CI: ``"mean"`` (Woodruff: a t-interval for the share at or below
the estimate, mapped back through the rule), ``"xlogit"`` / ``"asin"`` (the same on the logit /
arcsine-square-root scale), ``"beta"`` (Korn-Graubard for the share), ``"score"`` (Francisco &
Fuller: the test-inversion interval found by R's ``uniroot``). Limits whose share falls outside
[0, 1] are NaN, as in R. ``std_error`` = CI width / (2 t) with t on the domain's design df.
Missing values are left out (domain). On a replicate design the share's variance is that
of the replicates (R ``svyquantile.svyrep.design``, whose default is ``"mean"``), and
``"quantile"`` (replicate designs only) takes the quantile with every replicate's weights
and their replicate variance: CI = estimate -/+ t SE (on JK1/JKn with R's warning that the
jackknife may not give valid SEs for quantiles). R 4.1 ignores ``"beta"``, ``"xlogit"`` and
``"asin"`` on a replicate design (its code passes no interval type to ``woodruffCI``, though
its help says they apply) and gives ``"mean"``; so does surveykit, with a warning.
``"score"`` is for Taylor designs only, as in R. R quirks kept for parity: ``"math"`` returns the second
value when ``q`` is below the first weight share; ``"hf7"`` divides by the total minus the
largest value's weight; ``"shahvaish"`` mixes normalised and raw weights (so its quantiles change with the
scale of the weights: a warning says so whenever they differ from those of the weights scaled
to mean 1, Shah & Vaish's rule); ``"score"`` maps its
limits back through the *unweighted* share of values below them.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]}))
    >>> quantile(d, "y")["estimate"].tolist()
    [5.0]
    >>> quantile(d, "y", qrule="hf7")["estimate"].tolist()
    [5.5]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from surveykit.design import (
    Design,
    design_effect,
    group_degf,
    replicate_ratios,
    segsum,
    srs_variance,
    vcov,
)
from surveykit.errors import DataError, DesignError, SurveykitWarning
from surveykit.estimate._dist import beta_ppf, norm_ppf, t_ppf
from surveykit.estimate.conversions import comma_note, date_number, numeric_conversion
from surveykit.estimate.grouping import (
    assemble,
    check_columns,
    check_conf_level,
    group_index,
    variable_list,
)

__all__ = ["INTERVAL_TYPES", "QRULES", "REPLICATE_INTERVAL_TYPES", "qrule_value", "quantile"]

QRULES = ("math", "school", "shahvaish", *(f"hf{i}" for i in range(1, 10)))
INTERVAL_TYPES = ("mean", "beta", "xlogit", "asin", "score")
REPLICATE_INTERVAL_TYPES = ("quantile",)  # replicate designs only
_DBL_MAX = np.finfo(float).max
_EPS = np.finfo(float).eps


# -- R's arithmetic: sums and cumulative sums accumulate in long double --------------------
def _ldcumsum(a: np.ndarray) -> np.ndarray:
    return np.cumsum(np.asarray(a, dtype=np.longdouble)).astype(float)


def _ldsum(a: np.ndarray) -> float:
    return float(np.cumsum(np.asarray(a, dtype=np.longdouble))[-1]) if len(a) else 0.0


def _ldmean(a: np.ndarray) -> float:
    """R's ``mean()``: long double sum / n, plus one refinement pass."""
    x = np.asarray(a, dtype=np.longdouble)
    s = np.cumsum(x)[-1] / len(x)
    return float(s + np.cumsum(x - s)[-1] / len(x))


def _qs(cumw: np.ndarray, total: float, p: np.ndarray):
    """R's ``qs``: 0-based (pos, next) and (wlow, wup) for sorted cumulative weights."""
    n = len(cumw)
    pos = np.maximum(np.searchsorted(cumw, p * total, side="right"), 1) - 1  # last(); else 1
    nxt = np.where(pos == n - 1, pos, pos + 1)
    return pos, nxt, p - cumw[pos] / total, cumw[nxt] / total - p


def _approx(px: np.ndarray, py: np.ndarray, v: np.ndarray, linear: bool) -> np.ndarray:
    """R's ``approx(px, py, v, rule = 2, ties = mean)`` (``method = "constant"``: f = 0)."""
    order = np.argsort(px, kind="stable")
    px, py = px[order], py[order]
    ux, inv = np.unique(px, return_inverse=True)
    if len(ux) < len(px):  # regularize.values: ties collapse to the mean
        py = np.bincount(inv, weights=py) / np.bincount(inv)
        px = ux
    n = len(px)
    if n == 0 or (linear and n < 2):
        return np.full(v.shape, np.nan)  # R stops: "need at least two non-NA values"
    if n == 1:
        return np.full(v.shape, py[0])
    i = np.clip(np.searchsorted(px, v, side="right") - 1, 0, n - 2)
    j = i + 1
    with np.errstate(invalid="ignore", divide="ignore"):
        inner = py[i] + (py[j] - py[i]) * ((v - px[i]) / (px[j] - px[i])) if linear else py[i]
    out = np.where(v == px[j], py[j], np.where(v == px[i], py[i], inner))
    out = np.where(v < px[0], py[0], out)
    return np.where(v > px[-1], py[-1], np.where(np.isnan(v), np.nan, out))


def qrule_value(qrule: str, x: np.ndarray, w: np.ndarray, p) -> np.ndarray:
    """The quantile(s) ``p`` of values ``x`` with weights ``w`` by R's ``qrule_<qrule>``.

    Rows with weight 0 are left out; ``x``/``w`` in data order (ties keep it, as R's order()).

    Example:
        >>> qrule_value("hf7", np.array([3.0, 1, 2, 4]), np.ones(4), [0.5]).tolist()
        [2.5]
    """
    if qrule not in QRULES:
        raise DesignError(f"quantile: qrule={qrule!r} is not available; use one of {QRULES}.")
    p = np.atleast_1d(np.asarray(p, dtype=float))
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    keep = w != 0
    x, w = x[keep], w[keep]
    n = len(x)
    if n == 0:
        return np.full(p.shape, np.nan)
    if qrule == "hf3":
        ux, inv = np.unique(x, return_inverse=True)
        wu = np.zeros(len(ux))
        np.add.at(wu, inv.ravel(), w)  # rowsum(): double sums in data order
        pos, nxt, wlow, _ = _qs(_ldcumsum(wu), _ldsum(wu), p)
        return np.where((wlow == 0) & ((pos + 1) % 2 == 0), ux[pos], ux[nxt])
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cumw = _ldcumsum(ws)
    if qrule in ("math", "hf1", "school", "hf2", "hf4"):
        pos, nxt, wlow, wup = _qs(cumw, _ldsum(w), p)
        if qrule in ("math", "hf1"):
            return np.where(wlow == 0, xs[pos], xs[nxt])
        if qrule in ("school", "hf2"):
            return np.where(wlow == 0, (xs[pos] + xs[nxt]) / 2, xs[nxt])
        with np.errstate(invalid="ignore", divide="ignore"):
            gamma = wlow / (wup + wlow)
        return xs[pos] * (1 - gamma) + xs[nxt] * gamma
    before = np.concatenate([[0.0], cumw[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        if qrule == "shahvaish":
            pk = (_ldcumsum(ws / _ldmean(ws)) + 0.5 - ws / 2) / (n + 1)
            return _approx(pk, xs, p, linear=False)
        if qrule == "hf5":
            pk = (cumw - ws / 2) / cumw[-1]
        elif qrule == "hf6":
            pk = cumw / (cumw[-1] + ws[-1])
        elif qrule == "hf7":
            if n < 2:
                return np.full(p.shape, np.nan)  # R: approx() of no points fails
            pk = before / cumw[n - 2]
        elif qrule == "hf8":
            pk = (before * 1 / 3 + cumw * 2 / 3) / (cumw[-1] + ws[-1] / 3)
        else:  # hf9
            pk = (before * 3 / 8 + cumw * 5 / 8) / (cumw[-1] + ws[-1] / 4)
    return _approx(pk, xs, p, linear=True)


# -- Francisco-Fuller score interval: R's uniroot (Brent's zeroin, R_zeroin2) --------------
def _zeroin(f: Callable[[float], float], ax: float, bx: float, fa: float, fb: float,
            tol: float, maxit: int = 1000) -> float:
    a, b, c, fc = ax, bx, ax, fa
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    for _ in range(maxit + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * _EPS * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q, t1, t2 = fa / fc, fb / fc, fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    return b


def _r_quantile7(x: np.ndarray, prob: float) -> float:
    """R's ``quantile(x, prob)`` (type 7)."""
    xs = np.sort(x)
    index = 1 + (len(xs) - 1) * prob
    lo, hi = math.floor(index), math.ceil(index)
    qs = xs[lo - 1]
    h = index - lo
    return float((1 - h) * qs + h * xs[hi - 1]) if index > lo and xs[hi - 1] != qs else float(qs)


def _no_score_root(what: str, lower: float, upper: float) -> DataError:
    """R's ``uniroot`` stops where the score test has no sign change (or no value) between
    the ends it searches: a tied variable whose few values hold most of the weight."""
    return DataError(
        f"quantile: the score interval (interval_type='score') of {what} cannot be found: the "
        f"score test does not change sign (or has no variance) between {lower:g} and {upper:g}, "
        "the ends R searches, as when a few tied values hold most of the weight. R's svyquantile "
        "stops here too ('f() values at end points not of opposite sign'). Use "
        "interval_type='mean' (Woodruff's interval, R's default) or 'beta'."
    )


def _score_ci(design: Design, rows: np.ndarray, x: np.ndarray, xr: np.ndarray, p: float,
              qrule: str, alpha: float, df: float, nrow: int, what: str = "the quantile") -> tuple[float, float]:
    """R's ``ffullerCI`` for one domain (``rows``: its rows; ``xr``: R's x vector); where
    R's ``uniroot`` stops, a DataError naming ``what`` (the quantile, variable and group)."""
    w = design.weights[rows]
    xd = x[rows]
    psum = _ldsum(w)
    scores = np.zeros((design.n, 1))

    def crit(prob: float) -> float:
        return float(norm_ppf(prob) if np.isinf(df) else t_ppf(prob, df))

    def scoretest(theta: float, qlimit: float) -> float:
        u = (xd > theta).astype(float) - (1 - p)
        mean = _ldsum(u * (w / psum))
        scores[rows, 0] = (u - mean) * w / psum
        se = math.sqrt(max(vcov(design, scores)[0, 0], 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.float64(mean) / np.float64(se) - qlimit)

    iqr = _r_quantile7(xr, 0.75) - _r_quantile7(xr, 0.25)
    lower_t, upper_t = float(xr.min()) + iqr / 100, float(xr.max()) - iqr / 100
    tol = 1 / (100 * math.sqrt(nrow))
    roots = []
    for qlimit in (crit(1 - alpha / 2), crit(alpha / 2)):
        fl, fu = scoretest(lower_t, qlimit), scoretest(upper_t, qlimit)
        if np.isnan(fl) or np.isnan(fu) or np.sign(fl) * np.sign(fu) > 0:
            raise _no_score_root(what, lower_t, upper_t)  # R's uniroot stops

        def f(theta: float, qlimit: float = qlimit) -> float:
            v = scoretest(theta, qlimit)
            if np.isnan(v):
                raise FloatingPointError
            return float(np.clip(v, -_DBL_MAX, _DBL_MAX))

        try:
            roots.append(_zeroin(f, lower_t, upper_t, fl, fu, tol))
        except FloatingPointError:
            raise _no_score_root(what, lower_t, upper_t) from None
    lo, hi = (qrule_value(qrule, xd, w, [np.count_nonzero(xr <= r) / len(xr)])[0] for r in roots)
    return float(lo), float(hi)


def _woodruff_p(share, var, method, alpha, df, nrow, degf):
    """Limits (p_low, p_high) of the share at or below the estimate (R ``woodruffCI``)."""
    se = np.sqrt(var)
    with np.errstate(invalid="ignore", divide="ignore"):
        fac_lo, fac_hi = t_ppf(alpha / 2, df), t_ppf(1 - alpha / 2, df)
        if method == "mean":
            return share + se * fac_lo, share + se * fac_hi
        if method == "xlogit":
            est, s = np.log(share / (1 - share)), se / (share * (1 - share))
            lo, hi = est + s * fac_lo, est + s * fac_hi
            return np.exp(lo) / (1 + np.exp(lo)), np.exp(hi) / (1 + np.exp(hi))
        if method == "asin":
            est = np.arcsin(np.sqrt(share))
            s = se / (2 * np.sqrt(share) * np.sqrt(1 - share))
            return np.sin(est + s * fac_lo) ** 2, np.sin(est + s * fac_hi) ** 2
        n_eff = share * (1 - share) / var
        n_eff = n_eff * (t_ppf(alpha / 2, nrow - 1) / t_ppf(alpha / 2, degf)) ** 2
        return (beta_ppf(alpha / 2, n_eff * share, n_eff * (1 - share) + 1),
                beta_ppf(1 - alpha / 2, n_eff * share + 1, n_eff * (1 - share)))


def quantile(
    design: Design,
    variable: str | Sequence[str],
    q: float | Sequence[float] = (0.5,),
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    qrule: str = "math",
    interval_type: str = "mean",
) -> pd.DataFrame:
    """Quantiles of numeric variables; the ``level`` column holds the quantile (e.g. "0.5").

    ``variable`` is a column or a list of columns, each estimated on its own rows with a value
    (as means: R's ``na.rm=TRUE`` one variable at a time; R's ``svyquantile(~a + b)`` would
    keep only the rows where both have one). ``qrule`` and ``interval_type`` as R's
    ``svyquantile`` (see the module docstring). Missing values are left out (domain).
    Suppression and ``n`` as for means. Groups (``by=``) share one sort and one variance pass
    (``"score"`` solves per group).

    Example:
        >>> quantile(design, "age", [0.25, 0.5], qrule="hf7", interval_type="score")  # doctest: +SKIP
    """
    check_conf_level(conf_level, "quantile")
    names = variable_list(variable, "quantile: variable")
    if not names or not all(isinstance(v, str) for v in names):
        raise DesignError(f"quantile: variable= takes a column name or a list of names; "
                          f"got {variable!r}.")
    check_columns(design, names, "quantile")
    if len(names) > 1:
        return pd.concat([quantile(design, v, q, by=by, conf_level=conf_level, qrule=qrule,
                                   interval_type=interval_type) for v in names],
                         ignore_index=True)
    variable = names[0]
    if qrule not in QRULES:
        raise DesignError(f"quantile: qrule={qrule!r} is not available; use one of {QRULES}.")
    if interval_type not in (*INTERVAL_TYPES, *REPLICATE_INTERVAL_TYPES):
        raise DesignError(
            f"quantile: interval_type={interval_type!r} is not available; "
            f"use one of {(*INTERVAL_TYPES, *REPLICATE_INTERVAL_TYPES)}."
        )
    qs = _probabilities(q)
    s = design.data[variable]
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        shown = pd.unique(s.dropna())[:5].tolist()
        fix = ("an ordered categorical has no quantile here: take its shares with mean()"
               if isinstance(s.dtype, pd.CategoricalDtype) and s.cat.ordered else
               f"make a number of it first: df[{variable!r}] = {date_number(f'df[{variable!r}]', s.dtype)}"
               if s.dtype.kind in "mM" else
               f"if they are numbers, convert them: df[{variable!r}] = "
               f"{numeric_conversion(f'df[{variable!r}]', s.dropna().unique())}"
               f"{comma_note(s.dropna().unique())}")
        raise DesignError(f"quantile: {variable!r} must be numeric, got {s.dtype} (values such as "
                          f"{', '.join(map(repr, shown))}); {fix}.")
    alpha = 1 - conf_level
    g, keys = group_index(design, by)
    n_groups, k = len(keys), len(qs)
    x = pd.to_numeric(s).to_numpy(dtype=float, na_value=np.nan)
    ok = ~np.isnan(x) & (design.weights != 0) & (g >= 0)
    w = np.where(ok, design.weights, 0.0)
    members = [np.flatnonzero(ok & (g == i)) for i in range(n_groups)]
    counts = np.array([len(m) for m in members])
    empty = counts == 0
    est = np.full((n_groups, k), np.nan)
    for i, rows in enumerate(members):
        if len(rows):
            est[i] = qrule_value(qrule, x[rows], w[rows], qs)
    if qrule == "shahvaish":
        _warn_weight_scale(variable, x, w, members, qs, est)
    degf = group_degf(design, np.where(ok, g, -1), n_groups)  # rows with a value only
    df = degf[:, None] * np.ones((1, k))
    with np.errstate(invalid="ignore"):
        tq = t_ppf(1 - alpha / 2, np.where(df > 0, df, np.nan))
    # R's nrow(design) of the domain: its rows with a value, zero weights included (R drops
    # the rows without a value; Design.held: a calibrated design keeps every row)
    nrow = design.held_count(np.where(np.isnan(x), -1, g), n_groups)
    lo, hi = np.full(est.shape, np.nan), np.full(est.shape, np.nan)
    # the share at or below the estimate: Woodruff's interval, and the design effect
    qhat = est[np.maximum(g, 0)]  # (n, k)
    ind = (x[:, None] <= qhat).astype(float)
    tot = segsum(g, n_groups, w)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = segsum(g, n_groups, w[:, None] * ind) / tot[:, None]
        gi = np.maximum(g, 0)
        scores = w[:, None] * (ind - share[gi]) / tot[gi][:, None]
        scores = np.where(ok[:, None], scores, 0.0)
    reps = None
    if design.replicates is not None:
        if interval_type == "score":
            raise DesignError("quantile: interval_type='score' is for designs without replicate "
                              "weights (as R); use 'mean' (the default) or 'quantile'.")
        interval_type = _replicate_interval(design.replicates.type, interval_type)
        okk = np.broadcast_to(ok[:, None], ind.shape)
        rr = replicate_ratios(design, ind * okk, okk, g, n_groups)
        reps = (rr[1:], rr[0])
    elif interval_type == "quantile":
        raise DesignError("quantile: interval_type='quantile' needs replicate weights (as R); "
                          "use design.to_replicate() or another interval type.")
    with warnings.catch_warnings():
        if interval_type == "quantile":  # a replicate without weight: said once, by the quantiles' variance
            warnings.simplefilter("ignore", SurveykitWarning)
        var = vcov(design, scores, groups=g, n_groups=n_groups, replicates=reps)
    deff = design_effect(var, srs_variance(w, scores, g, n_groups))
    se = None
    if interval_type == "quantile":
        var_q = _replicate_quantile_var(design, qrule, x, members, qs, est)
        se = np.sqrt(var_q)
        lo, hi = est - tq * se, est + tq * se
    elif interval_type == "score":
        for i, rows in enumerate(members):
            if not len(rows) or degf[i] <= 0:
                continue
            # R's x: the values of the rows its design holds, 0 for no value (calibrated)
            xr = x[design.held(~np.isnan(x) & (g == i))]
            xr = np.where(np.isnan(xr), 0.0, xr)
            for j, p in enumerate(qs):
                group = ", ".join(f"{c}={keys[c].iloc[i]!r}" for c in keys.columns)
                what = f"the {p:g} quantile of {variable!r}" + (f" ({group})" if group else "")
                lo[i, j], hi[i, j] = _score_ci(design, rows, x, xr, float(p), qrule, alpha,
                                               float(degf[i]), int(nrow[i]), what)
    else:
        dfv = np.where(df > 0, df, np.nan)
        p_lo, p_hi = _woodruff_p(share, var, interval_type, alpha, dfv, nrow[:, None], dfv)
        # no sampling variance (every PSU with certainty): both limits are the share F(estimate)
        # itself, which equals a step of the weighted CDF only up to round-off (another order of
        # summation), so the rule could take the next value, an interval beside its estimate;
        # a relative 1e-12 below the share takes the step the share is (R: the estimate)
        flat = (var == 0) & np.isfinite(p_lo) & np.isfinite(p_hi)  # not where there is no interval
        p_lo = np.where(flat, share * (1 - 1e-12), p_lo)
        p_hi = np.where(flat, share * (1 - 1e-12), p_hi)
        for i, rows in enumerate(members):
            if not len(rows):
                continue
            good_lo = ~(np.isnan(p_lo[i]) | (p_lo[i] < 0))
            good_hi = ~(np.isnan(p_hi[i]) | (p_hi[i] > 1))
            lo[i, good_lo] = qrule_value(qrule, x[rows], w[rows], p_lo[i, good_lo])
            hi[i, good_hi] = qrule_value(qrule, x[rows], w[rows], p_hi[i, good_hi])
    if se is None:
        se = (hi - lo) / (2 * tq)
    n = np.broadcast_to(counts[:, None], est.shape).astype(float)
    est = np.where(empty[:, None], np.nan, est)
    labels = [format(v, "g") for v in qs]
    tails = _tails(x, members, (est, lo, hi), design.min_cell)
    return assemble(design, keys, g, [variable] * k, labels, est, se, n, deff, conf_level,
                    df=df, ci=(lo, hi), suppress=tails)


def _warn_weight_scale(variable: str, x, w, members: list, qs: np.ndarray, est: np.ndarray) -> None:
    """Warn when R's ``qrule_shahvaish`` (kept for parity) gives other quantiles than with the
    weights scaled to mean 1, where its mix of normalised and raw weights is Shah & Vaish's rule."""
    for i, rows in enumerate(members):
        if not len(rows):
            continue
        unit = qrule_value("shahvaish", x[rows], w[rows] / w[rows].mean(), qs)
        if np.array_equal(unit, est[i], equal_nan=True):
            continue
        warnings.warn(
            f"quantile: qrule='shahvaish' of {variable!r} gives R's numbers ({_listed(est[i])}), which "
            "change with the scale of the weights: R's survey:::qrule_shahvaish subtracts w/2, the raw "
            "weight, where Shah & Vaish's positions subtract the normalised weight w/mean(w)/2 (weights "
            f"x100 make every quantile the largest value). With the weights scaled to mean 1 (normalised "
            f"weights throughout, as the rule means) it gives {_listed(unit)}: build the design with the weights divided by their mean "
            "for those, or use another qrule (e.g. 'hf7'). README: departures and notes.",
            SurveykitWarning, stacklevel=3)
        return


def _listed(values: np.ndarray) -> str:
    return ", ".join(format(float(v), ".6g") for v in values)


def _probabilities(q) -> np.ndarray:
    """``q`` as an array of probabilities, refused (as R refuses NaN) when one is not a number
    within [0, 1]: NaN gave the maximum with SE 0, True was taken as 1 and "0.5" as 0.5."""
    values = np.atleast_1d(np.asarray(q, dtype=object)).ravel().tolist()
    for v in values:
        if isinstance(v, bool | np.bool_) or not isinstance(v, int | float | np.number):
            raise DesignError(
                f"quantile: q holds {v!r} ({type(v).__name__}); q takes probabilities, numbers "
                "within [0, 1], e.g. q=[0.25, 0.5, 0.75].")
        if math.isnan(float(v)):
            raise DesignError(
                "quantile: q holds NaN, which is no probability (R's svyquantile fails on it); "
                "give numbers within [0, 1], e.g. q=[0.25, 0.5, 0.75]. A computed q may have "
                "divided by zero.")
    qs = np.asarray(values, dtype=float)
    if ((qs < 0) | (qs > 1)).any():
        raise DesignError(f"quantile: q must be within [0, 1], got {qs.tolist()}.")
    return qs


def _replicate_interval(rep_type: str, interval_type: str) -> str:
    """The interval R's ``svyquantile.svyrep.design`` computes, with its warnings: ``"beta"``,
    ``"xlogit"`` and ``"asin"`` give ``"mean"``; ``"quantile"`` on a jackknife is doubtful."""
    if interval_type in ("beta", "xlogit", "asin"):
        warnings.warn(
            f"quantile: interval_type={interval_type!r} is ignored on a replicate design, as R's "
            "svyquantile.svyrep.design ignores it (its code passes no interval type on, though its help "
            "says it applies): the interval is the 'mean' (Woodruff) one. Pass interval_type='mean' to "
            "say so.", SurveykitWarning, stacklevel=3)
        return "mean"
    if interval_type == "quantile" and rep_type in ("JK1", "JKn"):
        warnings.warn(
            f"quantile: Jackknife replicate weights ({rep_type}) may not give valid standard errors for "
            "quantiles (R's warning: the jackknife is not consistent for quantiles). Prefer the default "
            "interval_type='mean', or bootstrap replicates.", SurveykitWarning, stacklevel=3)
    return interval_type


def _replicate_quantile_var(design: Design, qrule: str, x: np.ndarray, members: list,
                            qs: np.ndarray, est: np.ndarray) -> np.ndarray:
    """R's ``repCI``: the quantiles with every replicate's weights, their svrVar (G, k)."""
    rep = design.replicates
    out = np.full(est.shape, np.nan)
    for i, rows in enumerate(members):
        if not len(rows):
            continue
        wr = rep.rows(rows)  # (rows, R)
        reps = np.array([qrule_value(qrule, x[rows], wr[:, r], qs) for r in range(rep.count)])
        out[i] = vcov(design, groups=np.zeros(1, dtype=np.int64), n_groups=1,
                      replicates=(reps, est[i]))
    return out


def _tails(x: np.ndarray, members: list[np.ndarray], values: tuple, min_cell: int) -> np.ndarray:
    """(G, k): True where the estimate or a limit is a value with fewer than ``min_cell``
    respondents at or beyond it (a maximum, a minimum: one person's answer)."""
    est = values[0]
    out = np.zeros(est.shape, dtype=bool)
    if min_cell <= 0:
        return out
    for i, rows in enumerate(members):
        xs = np.sort(x[rows])
        for v in values:
            vi = v[i]
            fin = np.isfinite(vi)
            below = np.searchsorted(xs, vi[fin], side="right")  # x <= v
            above = len(xs) - np.searchsorted(xs, vi[fin], side="left")  # x >= v
            small = np.zeros(len(vi), dtype=bool)
            small[fin] = np.minimum(below, above) < min_cell
            out[i] |= small
    return out
