"""Design-based generalised linear models, as R's ``svyglm`` (survey 4.1).

The coefficients solve the weighted estimating equations (IRLS as R's ``glm.fit``, with the
weights rescaled to mean 1); their covariance is the sandwich: the estimating-function
scores ``x · working residual · working weight`` times the inverse information go through
the one variance engine (:func:`surveykit.design.vcov`), so strata, clusters, fpc and the
calibration of the weights all count. On a replicate design every replicate is refitted and
the covariance is that of the replicates' coefficients (R's ``svyglm.svyrep.design``).
p-values use t on ``df_residual = degf + 1 − p``.
Formulas use `formulaic <https://matthewwardrop.github.io/formulaic/>`_ syntax:
``"y ~ x + C(g)"``, ``"I(a == 'Yes') ~ b"``, ``"y ~ C(g) - 1"``; term names are formulaic's
(``Intercept``, ``C(g)[T.b]``). Inside a call, operators and functions mean what they mean in R
(``I(x^2)`` is the square, ``&`` ``|`` ``!`` are logical; :mod:`surveykit.estimate.rformula`
rewrites them), and such terms are named as R deparses them (``I(x^2)``).

Example:
    >>> regress(design, "help ~ C(site_type) + age", family="gaussian")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.linalg import lapack

from surveykit.design import design_effect, replicate_totals, srs_variance, vcov
from surveykit.design.replicate import svrvar
from surveykit.errors import DataError, SurveykitWarning
from surveykit.estimate._dist import t_ppf, t_sf
from surveykit.estimate.adjust import p_adjust
from surveykit.estimate.conversions import (
    comma_note,
    date_code,
    decimal_comma,
    missing_token,
    numeric_conversion,
)
from surveykit.estimate.grouping import (
    check_conf_level,
    int_codes,
    refuse_containers,
    sorted_levels,
)
from surveykit.estimate.rcoding import (
    refuse_logical_indicators,
    refuse_split_terms,
    warn_locale_reference,
)
from surveykit.estimate.rformula import rename, translate
from surveykit.estimate.schema import result_frame
from surveykit.estimate.scoring import nonsubstantive_levels
from surveykit.estimate.separation import separated, warn_fit

__all__ = ["FAMILIES", "GlmFit", "coefficient_support", "fit_glm", "model_frame", "regress"]

FAMILIES = ("gaussian", "quasibinomial", "quasipoisson")
_EPS = np.finfo(float).eps
_THRESH = 30.0  # R's logit link: |eta| > 30 is clamped (family.c)


@dataclass(frozen=True)
class GlmFit:
    """A fitted design-based GLM: coefficients, sandwich covariance, residual df."""

    formula: str
    family: str
    response: str
    terms: list[str]
    coef: np.ndarray
    vcov: np.ndarray
    df_residual: float
    dispersion: float
    n: int
    converged: bool
    iterations: int
    srs_var: np.ndarray  # the coefficients' variances under SRS with replacement (deff)
    support: np.ndarray  # respondents each coefficient rests on (suppression)

    @property
    def std_error(self) -> np.ndarray:
        return np.sqrt(np.diag(self.vcov))

    @property
    def deff(self) -> np.ndarray:
        """Design effects of the coefficients: design over SRS-with-replacement variance."""
        return design_effect(np.diag(self.vcov), self.srs_var)


# -- families: R's linkinv, mu.eta, variance, dev.resids, initialize -------------------------
def _linkinv(family: str, eta: np.ndarray) -> np.ndarray:
    if family == "gaussian":
        return eta
    if family == "quasipoisson":
        return np.maximum(np.exp(eta), _EPS)
    with np.errstate(over="ignore"):  # exp of a clamped |eta| > 30 is not used
        tmp = np.where(eta < -_THRESH, _EPS, np.where(eta > _THRESH, 1 / _EPS, np.exp(eta)))
    return tmp / (1 + tmp)


def _mu_eta(family: str, eta: np.ndarray) -> np.ndarray:
    if family == "gaussian":
        return np.ones_like(eta)
    if family == "quasipoisson":
        return np.maximum(np.exp(eta), _EPS)
    ex = np.exp(np.clip(eta, -700, 700))
    with np.errstate(over="ignore"):  # |eta| > 30 is clamped
        return np.where(np.abs(eta) > _THRESH, _EPS, ex / (1 + ex) ** 2)


def _variance(family: str, mu: np.ndarray) -> np.ndarray:
    if family == "gaussian":
        return np.ones_like(mu)
    if family == "quasipoisson":
        return mu
    return mu * (1 - mu)


def _deviance(family: str, y: np.ndarray, mu: np.ndarray, wt: np.ndarray) -> float:
    if family == "gaussian":
        return float(np.sum(wt * (y - mu) ** 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        if family == "quasipoisson":
            r = np.where(y > 0, wt * (y * np.log(y / mu) - (y - mu)), mu * wt)
            return float(np.sum(2 * r))
        ylogy = np.where(y > 0, y * np.log(y / mu), 0.0)
        y1 = np.where(1 - y > 0, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(np.sum(2 * wt * (ylogy + y1)))


def _mustart(family: str, y: np.ndarray, wt: np.ndarray) -> np.ndarray:
    if family == "gaussian":
        return y
    if family == "quasipoisson":
        return y + 0.1
    return (wt * y + 0.5) / (wt + 1)


def _linkfun(family: str, mu: np.ndarray) -> np.ndarray:
    if family == "gaussian":
        return mu
    if family == "quasipoisson":
        return np.log(mu)
    return np.log(mu / (1 - mu))


def _valid(family: str, mu: np.ndarray) -> bool:
    if family == "gaussian":
        return True
    ok = np.isfinite(mu).all() and (mu > 0).all()
    return bool(ok and (family == "quasipoisson" or (mu < 1).all()))


QR_ROWS = 65536  # rows per block of the gaussian fit's blocked QR


def _weighted_qr(x, z, w, buf):
    """(R, Q'(z·w)) of the QR decomposition of ``x·w``.

    With ``buf`` (B, p+1), Fortran order: a Householder QR of ``[x·w | z·w]`` in place, Q never
    formed (the first p columns are reduced as a QR of ``x·w`` alone and the last comes out as
    ``Q'(z·w)``; LAPACK ``dgeqrf``, the routine behind ``numpy.linalg.qr``). More than B rows
    are reduced block by block (a tall-skinny QR: each block's triangle, then one QR of the
    stacked triangles; the same R and Q'(z·w) up to the signs of rows, which cancel in the
    solution), so the memory is one block whatever the number of rows. Without ``buf``
    (``None``): ``numpy.linalg.qr`` with an explicit Q, the numerics the iterative families
    were validated with (fits under separation depend on their round-off).

    Example:
        >>> x = np.column_stack([np.ones(5), np.arange(5.0)])
        >>> r, qtz = _weighted_qr(x, 1 + 2 * np.arange(5.0), np.ones(5), np.empty((2, 3), order="F"))
        >>> np.linalg.solve(r, qtz).round(12).tolist()
        [1.0, 2.0]
    """
    if buf is None:
        q, r = np.linalg.qr(x * w[:, None])
        return r, q.T @ (z * w)
    n, p = x.shape
    step = buf.shape[0]
    if n <= step:
        return _triangle(x, z, w, buf[:n] if n < step else buf, p)
    tops = []
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        part = buf if r1 - r0 == step else np.empty((r1 - r0, p + 1), order="F")
        # (p+1, p+1): the block's triangle of [x·w | z·w]
        tops.append(_triangle(x[r0:r1], z[r0:r1], w[r0:r1], part, p + 1)[0])
    stacked = np.asfortranarray(np.vstack(tops))
    return _triangle(stacked[:, :p], stacked[:, p], None, stacked, p)


def _triangle(x, z, w, buf, keep):
    """:func:`_weighted_qr` of one block in ``buf``; ``keep`` rows of R (p: R and Q'(z·w);
    p + 1: the whole triangle of ``[x·w | z·w]``, for the stacked QR). ``w=None``: ``buf``
    already holds ``[x | z]``."""
    p = x.shape[1]
    if w is not None:
        np.multiply(x, w[:, None], out=buf[:, :p])
        np.multiply(z, w, out=buf[:, p])
    lwork = int(lapack.dgeqrf_lwork(*buf.shape)[0])
    qr, _, _, info = lapack.dgeqrf(buf, lwork=max(lwork, 1), overwrite_a=True)
    if info != 0:  # pragma: no cover - LAPACK argument errors only
        raise DataError(f"regress: the QR decomposition failed (LAPACK info {info}).")
    if keep == p:
        return np.triu(qr[:p, :p]), qr[:p, p].copy()
    top = np.zeros((keep, p + 1))
    top[: min(keep, len(qr))] = np.triu(qr[:keep])
    return top, None


def _rank(r: np.ndarray, n: int) -> int:
    """Numerical rank of the n-row matrix whose R factor is ``r`` (numpy's matrix_rank rule)."""
    s = np.linalg.svd(r, compute_uv=False)
    return int((s > s.max(initial=0.0) * max(n, r.shape[1]) * _EPS).sum())


def _irls(x, y, wt, family, epsilon, maxit, collinear=None, start=None):
    """R's ``glm.fit``: returns coef, final eta, the last working weights, Ainv, conv, iter.

    ``collinear(rank)`` is called (to raise) when the weighted model matrix of the first
    step is rank deficient; the working weights are positive, so its rank is that of ``x``.
    ``start``: starting coefficients (R's ``start=``: eta = x start), else R's ``mustart``.
    Rows whose weight ``wt`` is not above 0 are left out of the fit, as ``glm.fit`` does
    (``good <- weights > 0``; replicate weights of ACS files can be negative), but count in the
    deviance of the convergence test, as there.
    """
    good = wt > 0
    fit_wt = wt if good.all() else np.where(good, wt, 0.0)
    if start is None:
        eta = _linkfun(family, _mustart(family, y, wt))
        coef = None
    else:
        eta = x @ start
        coef = np.asarray(start, dtype=float)
    mu = _linkinv(family, eta)
    devold = _deviance(family, y, mu, wt)
    # gaussian: one weighted least-squares step, solved without forming Q (2-3x faster at 1M)
    buf = (np.empty((min(x.shape[0], QR_ROWS), x.shape[1] + 1), order="F")
           if family == "gaussian" else None)
    for it in range(1, maxit + 1):
        mu_eta = _mu_eta(family, eta)
        z = eta + (y - mu) / mu_eta
        w = np.sqrt(fit_wt * mu_eta**2 / _variance(family, mu))
        r, qtz = _weighted_qr(x, z, w, buf)
        if it == 1 and collinear is not None:
            rank = _rank(r, x.shape[0])
            if rank < x.shape[1]:
                collinear(rank)
        new = np.linalg.solve(r, qtz)
        eta_new = x @ new
        mu_new = _linkinv(family, eta_new)
        dev = _deviance(family, y, mu_new, wt)
        halvings = 0
        while (not np.isfinite(dev) or not _valid(family, mu_new)) and coef is not None:
            halvings += 1
            if halvings > 30:
                raise DataError("regress: the IRLS fit diverged (no valid step); check the model.")
            new = (new + coef) / 2
            eta_new = x @ new
            mu_new = _linkinv(family, eta_new)
            dev = _deviance(family, y, mu_new, wt)
        coef, eta, mu = new, eta_new, mu_new
        ainv = np.linalg.inv(r.T @ r)
        if abs(dev - devold) / (abs(dev) + 0.1) < epsilon or family == "gaussian":
            return coef, eta, mu, w**2, ainv, True, it
        devold = dev
    return coef, eta, mu, w**2, ainv, False, maxit


def _dispersion(y, mu, wt, family) -> float:
    """R's ``summary.svyglm``: ``svyvar`` of the Pearson residuals (y − μ)/√V(μ)."""
    r = y - mu if family == "gaussian" else (y - mu) / np.sqrt(_variance(family, mu))
    n = len(r)
    rbar = np.sum(wt * r) / np.sum(wt)
    return float(np.sum(wt * (r - rbar) ** 2) / np.sum(wt) * n / (n - 1)) if n > 1 else np.nan


_C_CALL = re.compile(r"C\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)")


def _is_int(s: pd.Series) -> bool:
    dt = s.dtype
    return isinstance(dt, np.dtype) and (dt.kind == "i" or (dt.kind == "u" and dt.itemsize < 8))


def _is_number(s: pd.Series) -> bool:
    return isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf"


def _main_effects_frame(parsed, data: pd.DataFrame, rows: np.ndarray):
    """:func:`model_frame` of a main-effects formula, built without formulaic; else None.

    Handles ``y ~ 1 + a + C(b) + ...`` with an intercept, a numeric (numpy int/float) column
    as response, and terms that are a numeric column, a categorical column, or ``C(col)`` of a
    categorical or integer column. The result equals formulaic's: treatment dummies named
    ``term[T.level]`` for every level but the first; a categorical's levels are its categories
    present in the domain (before dropping incomplete rows), an integer column's the sorted
    values of the complete rows; rows with NaN (or a missing category) anywhere are dropped.
    Anything else (interactions, functions, ``- 1``, text or boolean columns): None.
    """
    try:
        lhs, rhs = list(parsed.lhs), list(parsed.rhs)
        if len(lhs) != 1 or len(lhs[0].factors) != 1:
            return None
        resp = lhs[0].factors[0]
        terms = [(str(t), t.factors) for t in rhs]
    except (AttributeError, TypeError):
        return None
    if str(getattr(resp.eval_method, "value", "")) != "lookup" or resp.expr not in data.columns:
        return None
    if not _is_number(data[resp.expr]) or "1" not in [t for t, _ in terms]:
        return None
    spec = []  # (name, column, kind) per non-intercept term, in formulaic's order
    for name, factors in terms:
        if name == "1":
            continue
        if len(factors) != 1:
            return None
        f = factors[0]
        method = str(getattr(f.eval_method, "value", ""))
        m = _C_CALL.fullmatch(f.expr) if method == "python" else None
        col = m.group(1) if m else f.expr if method == "lookup" else None
        if col is None or not col.isidentifier() or col not in data.columns:
            return None
        s = data[col]
        categorical = isinstance(s.dtype, pd.CategoricalDtype)
        if m and (categorical or _is_int(s)):
            spec.append((name, col, "cat" if categorical else "int"))
        elif not m and categorical:
            spec.append((name, col, "cat"))
        elif not m and _is_number(s):
            spec.append((name, col, "num"))
        else:
            return None
    ok = np.ones(len(rows), dtype=bool)
    parts = {}
    every = len(rows) == len(data)  # rows is then 0..n-1: columns are used in place
    for col in {resp.expr, *(c for _, c, _ in spec)}:
        s = data[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.to_numpy()
            codes = codes if every else codes[rows]
            ok &= codes >= 0
            parts[col] = codes
        else:
            vals = s.to_numpy() if every else s.to_numpy()[rows]
            if vals.dtype.kind == "f":
                ok &= ~np.isnan(vals)
            parts[col] = vals
    keep = np.flatnonzero(ok)
    if keep.size == 0:
        return None  # formulaic's route gives the error
    names, fill = ["Intercept"], [None]  # per column: (values, None) or (codes, code)
    for name, col, kind in spec:
        v = parts[col][keep] if len(keep) < len(rows) else parts[col]
        if kind == "num":
            names.append(name)
            fill.append((v, None))
            continue
        if kind == "cat":  # categories present in the domain, incomplete rows included
            cats = data[col].cat.categories
            codes = parts[col]
            present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(cats)))
            labels = [cats[i] for i in present]
        else:  # sorted distinct values of the complete rows
            labels, codes = int_codes(pd.Series(v))
            if labels is None:
                labels = np.unique(v).tolist()
                v = np.searchsorted(labels, v)
            else:
                v = codes
            present = np.arange(len(labels))
        for code, label in zip(present[1:], labels[1:], strict=True):
            names.append(f"{name}[T.{label}]")
            fill.append((v, code))
    x = np.empty((len(keep), len(names)), order="F")
    x[:, 0] = 1.0
    for j, (v, code) in enumerate(fill[1:], 1):
        if code is None:
            x[:, j] = v
        else:
            np.equal(v, code, out=x[:, j], casting="unsafe")
    y = parts[resp.expr][keep].astype(float)
    return y, x, names, resp.expr, rows[keep]


def _numbers_as_text(levels: list) -> bool:
    """Text levels that are all numbers (missing values written as text aside), '3,5' too."""
    if decimal_comma(levels):
        return True
    rest = pd.Series([v for v in levels if isinstance(v, str) and not missing_token(v)], dtype=object)
    return len(rest) > 0 and bool(pd.to_numeric(rest, errors="coerce").notna().all())


def _check_response(parsed, formula: str, data: pd.DataFrame, rows: np.ndarray, caller: str,
                    aliases: dict[str, str] | None = None) -> None:
    """A Likert item as the response: refused with the public helpers that make it a number.
    ``aliases``: alias -> column name of the columns whose names are not Python names."""
    aliases = aliases or {}
    try:
        lhs = sorted(v for v in parsed.lhs.required_variables if v in data.columns)
        plain = [aliases.get(str(t), str(t)) for t in parsed.lhs]
    except AttributeError:
        return
    for alias in lhs:
        s, name = data[alias], aliases.get(alias, alias)
        if plain == [name] and (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            levels = sorted_levels(pd.unique(s.iloc[rows].dropna()).tolist(), name, caller)
            shown = ", ".join(map(repr, levels[:5])) + (", ..." if len(levels) > 5 else "")
            example = repr(levels[-1]) if levels else "'Yes'"
            if _numbers_as_text(levels):  # '3,5' or '12' and 'NA': a 0/1 'I(y == ...)' is not meant
                convert = numeric_conversion(f"design.data[{name!r}]", levels)
                raise DataError(
                    f"{caller}: the response {name!r} of {formula!r} is text whose values are numbers "
                    f"({shown}); a regression needs them as numbers. Convert the column first: "
                    f"design = design.with_columns(**{{{name!r}: {convert}}}){comma_note(levels)}."
                )
            raise DataError(
                f"{caller}: the response {name!r} of {formula!r} is text ({shown}); a regression needs a "
                f"number. For a 0/1 response (family='quasibinomial') say which level counts as 1: "
                f"\"I({name} == {example}) ~ {formula.partition('~')[2].strip()}\" (as in R; rows where "
                f"{name!r} is missing are left out)."
            )
        if not isinstance(s.dtype, pd.CategoricalDtype):
            continue
        hint = (
            f"Make it a number first: sk.with_scores(design, [{name!r}]) adds {name + '_score'!r} "
            "(the score, 'Vet ikke' and missing left out, as score()), and sk.with_topbox(design, "
            f"[{name!r}], top=[...]) adds {name + '_top'!r} (1 = top box, 0 = another answer, "
            "'Vet ikke' and missing left out, as topbox())."
        )
        if plain == [name]:
            cats = [c for c in s.cat.categories if (s.cat.codes.to_numpy()[rows] == list(s.cat.categories).index(c)).any()]
            binary = (
                f"For a 0/1 response (family='quasibinomial') say which level counts as 1: "
                f"\"I({name} == {cats[-1]!r}) ~ {formula.partition('~')[2].strip()}\" (R's binomial family "
                f"takes a factor response as every level but the first, {cats[0]!r}, counting as 1). "
                if len(cats) == 2 else "")
            raise DataError(
                f"{caller}: the response {name!r} of {formula!r} is a categorical "
                f"{'(Likert) ' if s.cat.ordered else ''}item; "
                f"a regression needs a number. {binary}{hint}"
            )
        codes = s.cat.codes.to_numpy()[rows]
        drop = nonsubstantive_levels(s)
        cats = list(s.cat.categories)
        present = [d for d in drop if (codes == cats.index(d)).any()]
        if present:
            raise DataError(
                f"{caller}: the response of {formula!r} uses {name!r}, whose answers {present} "
                "are not substantive: an expression such as I(x == 'Helt enig') would count them "
                f"as 'not agree'. {hint}"
            )


def _empty_terms(caller: str, formula: str, empty: list[str], names: dict, data: pd.DataFrame,
                 columns: list[str]) -> None:
    """Terms left without a column. A categorical with one level among every row of the data
    that has all the formula's variables is refused, as R refuses it ("contrasts can be applied
    only to factors with 2 or more levels"): the model asked for cannot be fitted. One with a
    single level only within the domain (R fits the whole frame and reports NA) is warned about."""
    if not empty:
        return
    complete = data[columns].notna().all(axis=1) if columns else pd.Series(True, index=data.index)
    for term in empty:
        column = term[2:-1].strip() if term.startswith("C(") and term.endswith(")") and "," not in term else term
        if column in data.columns and data.loc[complete.to_numpy(), column].dropna().nunique() <= 1:
            only = data.loc[complete.to_numpy(), column].dropna().unique().tolist()
            raise DataError(
                f"{caller}: {rename(term, names)} in {formula!r} has {'only ' + repr(only[0]) if only else 'no level'} "
                "among the rows that have every variable of the formula (others miss one), so it has no contrast "
                "to estimate (R: 'contrasts can be applied only to factors with 2 or more levels'). Leave it out "
                "of the formula, or fill the missing values that leave its other levels out.")
    _warn_empty_terms(caller, formula, [rename(t, names) for t in empty])


def _warn_empty_terms(caller: str, formula: str, empty: list[str]) -> None:
    """A term left without a column: a categorical with one level among the rows the model
    uses (a domain of one site, one gender), so it has no coefficient. R's svyglm fits the
    whole frame and reports NA (aliased) for it; say so rather than lose it quietly."""
    if empty:
        warnings.warn(
            f"{caller}: term(s) {', '.join(empty)} of {formula!r} have a single level among the "
            "rows of the design (domain) the model uses, so they have no coefficient (R's svyglm "
            "reports NA for them). Leave them out of the formula for this domain.",
            SurveykitWarning,
            stacklevel=4,
        )


def _refuse_bare_ordered(parsed, formula: str, data: pd.DataFrame, caller: str, aliases: dict) -> None:
    """An ordered categorical written as a bare predictor: R codes it with polynomial contrasts
    (x.L, x.Q, x.C), formulaic with treatment dummies, so the coefficients of one formula would
    differ from R's (the fit is the same). Refused, saying how to write either in both."""
    for term in parsed.rhs:
        for factor in str(term).split(":"):
            name = factor.strip()
            column = aliases.get(name, name)
            if name in data.columns and isinstance(data[name].dtype, pd.CategoricalDtype) and data[name].cat.ordered:
                raise DataError(
                    f"{caller}: {column!r} in {formula!r} is an ordered categorical, which R codes with "
                    f"polynomial contrasts ({column}.L, {column}.Q, ...) and surveykit does not. Write "
                    f"C({column}) for treatment contrasts, each level against the first (in R: "
                    f"C({column}, contr.treatment), the same coefficients), or make the column unordered "
                    "in both.")


def _plain(exc: Exception) -> str:
    """An error's text without terminal colour codes (formulaic colours the faulty part of a
    formula for a terminal; in a notebook, log or file they are garbage).

    >>> _plain(ValueError("a \\x1b[1;31m+*\\x1b[0m b"))
    'a +* b'
    """
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", str(exc))


def model_frame(design: Any, formula: str, *, caller: str = "regress"):
    """Response vector, model matrix and the design rows they come from (complete cases).

    Rows outside the domain (weight 0) and rows with a missing value in any variable of the
    formula are left out, as R's ``svyglm`` does.
    """
    import formulaic

    if "~" not in formula:
        raise DataError(f"{caller}: formula {formula!r} has no response; write 'y ~ x + C(g)'.")
    before, _, after = formula.partition("~")
    if not before.strip():
        raise DataError(
            f"{caller}: formula {formula!r} has no response before '~'; a regression models one "
            "column (R's svyglm needs one too): write it first, e.g. 'api00 ~ ell'."
        )
    if not after.strip():  # R: a syntax error; formulaic: an intercept-only model
        raise DataError(
            f"{caller}: formula {formula!r} has nothing after '~' (R refuses it as a syntax error). "
            f"Write the predictors, e.g. '{before.strip()} ~ x + C(g)', or '{before.strip()} ~ 1' "
            "for the intercept-only model (the mean)."
        )
    data = design.data
    rf = translate(formula, data.columns, caller)
    try:
        parsed = formulaic.Formula(rf.formula)
        needed = sorted(set(parsed.required_variables) | {
            next((a for a, c in rf.aliases.items() if c == v), v) for v in rf.columns})
    except Exception as exc:  # formulaic raises several parser errors
        raise DataError(f"{caller}: cannot parse formula {formula!r}: {_plain(exc)}") from exc
    if "Intercept" in rf.columns:
        raise DataError(
            f"{caller}: formula {formula!r} uses the data column 'Intercept', whose coefficient would "
            "carry the same label as the model's intercept. Rename the column in the data (pandas' "
            "DataFrame.rename) and use the new name."
        )
    if rf.aliases:  # columns whose names are not Python names (R's sch.wide), under aliases
        data = data.rename(columns={c: a for a, c in rf.aliases.items()})
    unknown = [v for v in needed if v not in data.columns and v not in ("np", "C", "I")]
    if "offset" in unknown:  # R's svyglm(y ~ x + offset(log(t))): a term of coefficient 1
        raise DataError(
            f"{caller}: formula {formula!r} has an offset(), which surveykit's models do not take (R's "
            "svyglm fixes its coefficient at 1). Model a rate with sk.ratio, or put the offset's "
            "variable in as a predictor."
        )
    if unknown:
        raise DataError(
            f"{caller}: formula {formula!r} names unknown column(s) {unknown}; the design's data "
            f"has {', '.join(map(str, design.data.columns))}. Check the spelling."
        )
    refuse_containers(design.data, [rf.aliases.get(v, v) for v in needed if v in data.columns], caller)
    dated = [v for v in needed if v in data.columns and data[v].dtype.kind in "mM"]
    if dated:  # formulaic's "ufunc 'multiply' cannot use operands ... dtype('<M8[us]')"
        name = rf.aliases.get(dated[0], dated[0])
        raise DataError(
            f"{caller}: formula {formula!r} uses {name!r}, which holds dates, times or durations "
            f"({data[dated[0]].dtype}); a model needs numbers or categories. Make a number of it "
            f"first: design = design.with_columns(**{{{name + '_n'!r}: "
            f"{date_code(f'design.data[{name!r}]', data[dated[0]].dtype)}}}), "
            f"and use {name + '_n'!r} in the formula."
        )
    w = np.asarray(design.weights, dtype=float)
    rows = np.flatnonzero(w > 0)
    if rows.size == 0:
        raise DataError(f"{caller}: the design (domain) is empty: no rows with a positive weight.")
    _check_response(parsed, formula, data, rows, caller, rf.aliases)
    _refuse_bare_ordered(parsed, formula, data, caller, rf.aliases)
    direct = _main_effects_frame(parsed, data, rows)
    if direct is not None:
        names = direct[2]
        terms = [str(t) for t in parsed.rhs if str(t) != "1"]
        _empty_terms(caller, formula, [t for t in terms if not any(n == t or n.startswith(f"{t}[") for n in names)],
                     rf.names, data, [v for v in needed if v in data.columns])
        return _finite(caller, formula, direct[0], direct[1], [rename(n, rf.names) for n in names],
                       rename(direct[3], rf.names), direct[4])
    cols = [v for v in needed if v in data.columns]
    sub = data.iloc[rows][cols].reset_index(drop=True)
    # R's model frame: a row missing any variable of the formula is left out, also when an
    # expression such as I(x == 'a') would turn the missing value into False
    complete = sub.notna().all(axis=1).to_numpy()
    if not complete.all():
        rows, sub = rows[complete], sub[complete].reset_index(drop=True)
    if rf.row_dependent and len(rows) < len(data):
        raise DataError(
            f"{caller}: formula {formula!r} has {', '.join(rf.row_dependent)}, whose values R "
            "computes from every row of the data (orthogonal polynomials, B-spline knots, centring and scaling), but "
            f"this model uses {len(rows)} of the {len(data)} rows (a domain, zero weights or missing "
            "values). Write poly(x, 2, raw = TRUE) or I(x^2) instead of poly(x, 2) (the same fit, "
            "other coefficients), compute a scaled column yourself, or fit the model on data holding "
            "only the rows it uses."
        )
    for c in cols:
        if isinstance(sub[c].dtype, pd.CategoricalDtype):
            sub[c] = sub[c].cat.remove_unused_categories()
        elif sub[c].dtype == object or pd.api.types.is_string_dtype(sub[c].dtype):
            # text (pandas' string dtypes as object): a factor of its sorted values (mixed types
            # refused); R sorts them by its locale, which can give another reference level
            sub[c] = sub[c].astype(object)
            levels = sorted_levels(pd.unique(sub[c].dropna()).tolist(), rf.aliases.get(c, c), caller)
            warn_locale_reference(levels, rf.aliases.get(c, c), formula, caller)
    try:
        mm = formulaic.model_matrix(rf.formula, sub, na_action="drop")
    except Exception as exc:
        raise DataError(f"{caller}: cannot build the model matrix of {formula!r}: {_plain(exc)}") from exc
    lhs, rhs = mm.lhs, mm.rhs
    if lhs.shape[1] != 1:
        raise DataError(
            f"{caller}: the response of {formula!r} expands to {lhs.shape[1]} columns "
            f"({list(lhs.columns)}); use a numeric response, or for a Likert item the columns "
            "of sk.with_scores(design, items) or sk.with_topbox(design, items, top=[...])."
        )
    if len(rhs) == 0:
        raise DataError(f"{caller}: no complete rows for {formula!r} in the design (domain).")
    spec = getattr(rhs, "model_spec", None)
    if spec is not None:
        refuse_split_terms(spec, formula, rf.names, caller)
        refuse_logical_indicators(spec, str(lhs.columns[0]), sub, rhs.shape[1], formula, rf.names, caller)
        _empty_terms(caller, formula, [str(t) for t, c in spec.term_indices.items() if str(t) != "1" and not c],
                     rf.names, data, cols)
    used = rows[rhs.index.to_numpy()]
    y = np.asarray(lhs.iloc[:, 0], dtype=float)
    return _finite(caller, formula, y, np.asarray(rhs, dtype=float), [rename(str(c), rf.names) for c in rhs.columns],
                   rename(str(lhs.columns[0]), rf.names), used)


def _finite(caller, formula, y, x, terms, response, used):
    """model_frame's result, or an error naming the response or term with an infinite value
    (an "inf" in the data, log(0)): the fit has no numbers with it (it raised LinAlgError)."""
    for name, col in ((response, y), *zip(terms, x.T, strict=True)):
        bad = np.flatnonzero(~np.isfinite(col))
        if len(bad):
            raise DataError(
                f"{caller}: {name!r} of {formula!r} has {len(bad)} infinite value(s) (first at row "
                f"{int(used[bad[0]])} of the data); a model has no estimate with them. Make them "
                "missing (np.nan) or correct them (an 'inf' in the data, or e.g. log(0) in the "
                "formula: log(x + 1)), then fit again."
            )
    return y, x, terms, response, used


def fit_glm(
    design: Any,
    formula: str,
    *,
    family: str = "gaussian",
    epsilon: float = 1e-12,
    maxit: int = 100,
) -> GlmFit:
    """Fit a design-based GLM (R ``svyglm``) and return coefficients and sandwich covariance.

    Example:
        >>> fit = fit_glm(design, "I(help >= 4) ~ C(site_type)", family="quasibinomial")  # doctest: +SKIP
        >>> fit.coef, fit.std_error, fit.df_residual  # doctest: +SKIP
    """
    if family not in FAMILIES:
        raise DataError(
            f"regress: family={family!r} is not available; use one of {', '.join(FAMILIES)}."
        )
    y, x, terms, response, used = model_frame(design, formula)
    if family == "quasibinomial" and ((y < 0) | (y > 1)).any():
        raise DataError(
            f"regress: quasibinomial needs a response in [0, 1]; {response!r} ranges "
            f"{y.min()}–{y.max()}. Use a 0/1 indicator, e.g. from sk.with_topbox(design, items, "
            "top=[...])."
        )
    if family == "quasipoisson" and (y < 0).any():
        raise DataError(f"regress: quasipoisson needs a response >= 0; {response!r} has negatives.")

    def collinear(rank):
        raise DataError(
            f"regress: the terms of {formula!r} are collinear in the design (domain) "
            f"(rank {rank} of {x.shape[1]} columns: {terms}); drop a term or merge levels."
        )

    w_all = np.asarray(design.weights, dtype=float)
    wt = w_all[used] / w_all[w_all > 0].mean()
    coef, eta, mu, work_w, ainv, conv, it = _irls(x, y, wt, family, epsilon, maxit, collinear)
    fitted01, sep_terms = separated(x, y, wt, mu, terms) if family == "quasibinomial" else (False, [])
    resid = (y - mu) / _mu_eta(family, eta)
    # scores x_i · resid_i · work_w_i · Ainv of the used rows (R's order: Ainv applied per row,
    # which keeps ill-conditioned fits, e.g. under separation, equal to R)
    scores = _scores(x, resid * work_w, ainv)
    srs = srs_variance(w_all[used], scores, np.zeros(len(used), dtype=np.int64), 1)[0]
    if design.replicates is not None:
        del scores  # not needed by the replicates: their memory is free for the refits
    sep_reps: Counter = Counter()
    if design.replicates is None:
        v = vcov(design, scores, rows=used)
        mask = np.zeros(len(w_all), dtype=bool)
        mask[used] = True
        df_res = float(design.subset(mask).degf + 1 - x.shape[1])
    else:  # R's svyglm.svyrep.design: every replicate refitted from the full fit
        betas, sep_reps = _replicate_coefs(design, x, y, used, family, coef, epsilon, maxit, terms)
        v = svrvar(betas, coef, design.replicates, cov=True, warn=False)
        _warn_lost(formula, sep_reps.pop("!zero", 0), sep_reps.pop("!aliased", 0),
                   int(np.isnan(betas).any(axis=1).sum()), design.replicates)
        df_res = float(design.degf + 1 - x.shape[1])
    dispersion = _dispersion(y, mu, wt, family)
    warn_fit("regress", converged=conv, maxit=maxit, fitted01=fitted01, terms=sep_terms,
             replicates=sep_reps.pop("", 0), replicate_terms=list(sep_reps))
    return GlmFit(
        formula, family, response, terms, coef, v, df_res, dispersion, len(used), conv, it,
        srs, coefficient_support(x, terms),
    )


def _warn_lost(formula: str, zero: int, aliased: int, lost: int, rep) -> None:
    """A warning naming why the ``lost`` replicate refits that gave no coefficients did (they
    are left out of the variance, as R's svrVar leaves out their NA coefficients)."""
    said = []
    if zero:
        said.append(f"{zero} with replicate weights summing to 0 over the model's rows")
    if aliased:
        why = ("a level or term without positive weight: R's glm.fit leaves out the rows whose "
               "replicate weight is 0 or negative" if rep.has_negative else "a level or term without weight")
        said.append(f"{aliased} with a rank-deficient model matrix ({why})")
    if lost > zero + aliased:
        said.append(f"{lost - zero - aliased} whose refit gave no finite coefficients")
    if lost:
        warnings.warn(
            f"regress: {formula!r}: {lost} replicate(s) gave no estimate ({'; '.join(said)}) and "
            "were left out of the variance, as R's svrVar does (R: NA coefficients).",
            SurveykitWarning, stacklevel=4)


def _scores(x: np.ndarray, factor: np.ndarray, ainv: np.ndarray) -> np.ndarray:
    """Rows ``x_i · factor_i`` times ``ainv``, in row blocks (no n × p temporary)."""
    out = np.empty((x.shape[0], ainv.shape[1]))
    for r0 in range(0, x.shape[0], QR_ROWS):
        r1 = min(x.shape[0], r0 + QR_ROWS)
        np.matmul(x[r0:r1] * factor[r0:r1, None], ainv, out=out[r0:r1])
    return out


class _Aliased(Exception):
    """A replicate's weighted model matrix is rank deficient (R: NA coefficients)."""


def _aliased(rank: int) -> None:
    raise _Aliased(rank)


def _replicate_coefs(design, x, y, used, family, coef, epsilon, maxit, terms) -> tuple[np.ndarray, Counter]:
    """The coefficients (R, p) refitted with every replicate's weights (R: ``glm.fit`` with
    weights w_r / sum(w_r), ``start`` = the full-sample fit), and a count of the separated refits
    (key ``""``), of each term that separates one, and of the refits without an estimate (keys
    ``"!zero"``: the replicate's weights of the model's rows sum to 0; ``"!aliased"``: its
    weighted model matrix is rank deficient).

    ``glm.fit`` leaves out the rows whose weight is not above 0 (``good <- weights > 0``): a
    replicate is fitted to its rows of positive weight (successive-difference replicates of
    ACS files have negative cells). A replicate whose model matrix is then rank deficient (a
    level without positive weight) gives NaN, which the variance leaves out (R: NA
    coefficients, dropped by svrVar). A separated replicate (fitted probabilities numerically
    0 or 1) is counted, for the warning.

    Gaussian: the least-squares step from the full fit, ``b_r = b + (X'W_r X)^-1 X'W_r e``
    (e the full fit's residuals, W_r the positive part of the replicate's weights), from one
    chunked pass of products with all replicates; other families (and a gaussian replicate
    whose weights sum to less than 0, which R fits to its negative rows): IRLS per replicate
    from ``b``.
    """
    rep = design.replicates
    n, p = design.n, x.shape[1]
    n_sep = Counter()  # "": separated refits; a term: refits it separates; "!...": no estimate

    def refit(r: int) -> np.ndarray:
        wr = design.replicates.column(r)[used]
        total = wr.sum()
        if total == 0:
            n_sep["!zero"] += 1
            return np.full(p, np.nan)
        wt = wr / total  # R: weights w_r / sum(w_r); glm.fit fits the rows where they are > 0
        try:
            fit = _irls(x, y, wt, family, epsilon, maxit, _aliased, start=coef)
        except (_Aliased, np.linalg.LinAlgError):
            n_sep["!aliased"] += 1
            return np.full(p, np.nan)
        fitted01, found = separated(x, y, wt, fit[2], terms) if family == "quasibinomial" else (0, [])
        if fitted01 or found:
            n_sep.update(found)
            n_sep[""] += 1
        return fit[0]

    if family != "gaussian":
        out = np.empty((rep.count, p))
        for r in range(rep.count):
            out[r] = refit(r)
        return out, n_sep
    odd = np.zeros(rep.count, dtype=bool)  # replicates R fits otherwise than the one pass
    if rep.has_negative:
        pos0 = np.full(n, -1, dtype=np.int64)
        pos0[used] = 0

        def ones(rows, out: np.ndarray) -> None:
            out[0] = pos0[rows] >= 0

        sums = replicate_totals(rep, np.zeros(n), ones, 1, pos0, 1)[1:, 0, 0]
        odd = ~(sums > 0)
        rep = rep.positive()
    scale = np.sqrt((x**2).sum(axis=0))  # equilibrated columns: a better conditioned solve
    scale = np.where(scale > 0, scale, 1.0)
    e = y - x @ coef
    iu = np.triu_indices(p)
    pos = np.full(n, -1, dtype=np.int64)
    pos[used] = np.arange(len(used))
    g = np.where(pos >= 0, 0, -1)
    m = len(iu[0]) + p

    def fill(rows, out: np.ndarray) -> None:
        out.fill(0.0)
        k = pos[rows]
        hit = np.flatnonzero(k >= 0)
        xr = x[k[hit]] / scale
        out[: len(iu[0]), hit] = (xr[:, iu[0]] * xr[:, iu[1]]).T
        out[len(iu[0]) :, hit] = (xr * e[k[hit], None]).T

    t = replicate_totals(rep, np.zeros(n), fill, m, g, 1)[1:, 0]  # (R, m)
    out = np.empty((rep.count, p))
    for r in range(rep.count):
        if odd[r]:
            out[r] = refit(r)
            continue
        mat = np.zeros((p, p))
        mat[iu] = t[r, : len(iu[0])]
        mat = mat + np.triu(mat, 1).T
        try:
            out[r] = coef + np.linalg.solve(mat, t[r, len(iu[0]) :]) / scale
        except np.linalg.LinAlgError:
            n_sep["!aliased"] += 1
            out[r] = np.nan
    return out, n_sep


_DUMMY = re.compile(r"(.+)\[T\.[^\]]*\]")


def coefficient_support(x: np.ndarray, terms: Sequence[str]) -> np.ndarray:
    """The number of respondents each coefficient rests on.

    A 0/1 column (a factor level's dummy, a boolean) rests on the respondents with a 1 and on
    its reference: those with 0 in every column of the same factor (its reference level); the
    coefficient is a contrast of the two, so it rests on the smaller. The intercept rests on
    every reference; other columns on all n. With one respondent in a level, that level's
    coefficient (intercept + coefficient = the person's value) has support 1.

    Example:
        >>> x = np.column_stack([np.ones(6), [0, 1, 0, 0, 0, 0], [0, 0, 1, 1, 1, 1], np.arange(6)])
        >>> coefficient_support(x, ["Intercept", "C(g)[T.b]", "C(g)[T.c]", "age"]).tolist()
        [1, 1, 1, 6]
    """
    n, p = x.shape
    support = np.full(p, n, dtype=np.int64)
    groups: dict[str, list[int]] = {}
    for j, term in enumerate(terms):
        col = x[:, j]
        if term in ("Intercept", "(Intercept)") or not ((col == 0.0) | (col == 1.0)).all():
            continue
        m = _DUMMY.fullmatch(term)
        key = m.group(1) if m and ":" not in term else term
        groups.setdefault(key, []).append(j)
    reference = n
    for cols in groups.values():
        ref = int((x[:, cols] == 0).all(axis=1).sum())
        reference = min(reference, ref)
        for j in cols:
            support[j] = min(int(x[:, j].sum()), ref)
    for j, term in enumerate(terms):
        if term in ("Intercept", "(Intercept)"):
            support[j] = reference
    return support


def regress(
    design: Any,
    formula: str,
    *,
    family: str = "gaussian",
    conf_level: float = 0.95,
    adjust: str | None = None,
) -> pd.DataFrame:
    """Design-based regression (R ``svyglm``) as a tidy result, one row per term.

    ``variable`` is the term, ``contrast`` the response, ``statistic`` t, ``df`` the residual
    df; ``p_adjusted`` adjusts the non-intercept terms by ``adjust`` (None: equals
    ``p_value``). Coefficients of quasibinomial/quasipoisson models are on the link scale
    (log-odds, log).

    Example:
        >>> regress(design, "help ~ C(site_type) + C(gender) + age")  # doctest: +SKIP
    """
    check_conf_level(conf_level, "regress")
    fit = fit_glm(design, formula, family=family)
    slope = np.array([term != "Intercept" for term in fit.terms])
    return coefficient_table(fit.terms, fit.coef, fit.std_error, df_residual=fit.df_residual, n=fit.n,
                             response=fit.response, min_cell=design.min_cell, conf_level=conf_level,
                             adjust=adjust, adjusted=slope, support=fit.support, deff=fit.deff)


def coefficient_table(terms: Sequence[str], est: np.ndarray, se: np.ndarray, *, df_residual: float, n: int,
                      response: str, min_cell: int, conf_level: float = 0.95, adjust: str | None = None,
                      adjusted: np.ndarray | None = None, support: np.ndarray | None = None,
                      deff: np.ndarray | None = None, caller: str = "regress") -> pd.DataFrame:
    """Model coefficients as a tidy contrast result: t statistics, p-values and CIs on ``df_residual``.

    ``adjust`` (Holm / BH) applies to the rows flagged in ``adjusted`` (default: all); the
    others keep their raw p-value in ``p_adjusted``. Shared by :func:`regress` and ``olr``.
    A row is suppressed (numbers blanked) when the model's ``n`` or the coefficient's
    ``support`` (respondents it rests on) is below ``min_cell``; ``n_eff = n / deff``.

    Example:
        >>> coefficient_table(["x"], np.array([2.0]), np.array([1.0]), df_residual=10, n=12,
        ...                   response="y", min_cell=0)["p_value"].round(4).tolist()
        [0.0734]
    """
    check_conf_level(conf_level, caller)
    k = len(terms)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = est / se
    df = df_residual if df_residual > 0 else np.nan
    p = 2 * t_sf(np.abs(t), df)
    q = t_ppf(0.5 + conf_level / 2, df)
    hide = np.full(k, n < min_cell)
    if support is not None:
        hide |= np.asarray(support) < min_cell
    p = np.where(hide, np.nan, p)
    p_adj = p.copy()
    if adjust is not None:
        rows = np.ones(k, bool) if adjusted is None else np.asarray(adjusted, bool)
        rows = rows & ~hide
        p_adj[rows] = p_adjust(p[rows], method=adjust)
    deff = np.full(k, np.nan) if deff is None else np.asarray(deff, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = n / deff
    cols = {"estimate": est, "std_error": se, "conf_low": est - q * se, "conf_high": est + q * se,
            "statistic": t, "deff": deff, "n_eff": n_eff}
    return result_frame(
        {
            "variable": list(terms),
            "level": [None] * k,
            **{c: np.where(hide, np.nan, np.asarray(v, dtype=float)) for c, v in cols.items()},
            "df": [df_residual] * k,
            "n": [n] * k,
            "suppressed": hide,
            "contrast": [response] * k,
            "p_value": p,
            "p_adjusted": p_adj,
        },
        contrast=True,
    )
