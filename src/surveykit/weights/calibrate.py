"""Calibration (R ``calibrate``): linear (GREG), raking and logit, with optional bounds.

Newton iterations as R's ``grake``: stop when every ``|misfit| / (1 + |total|) < epsilon``;
standard errors use the GREG residuals of the auxiliary variables (base-weighted fit).
Auxiliaries come from a formula (``"~stype + api99"``, ``"~a * b"``; factors in treatment
coding, population named as R's model matrix: ``(Intercept)``, ``stypeH``, ``a1:b2``...) or
from margins ``[{variable: {level: total}}, ...]``.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> df = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0]})
    >>> d = calibrate(Design(df), "~x", {"(Intercept)": 8, "x": 24})
    >>> round(float(d.weights @ df["x"]), 9)
    24.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from surveykit.design import Calibration, Design
from surveykit.errors import DesignError
from surveykit.weights._margins import check_same_total, margins_of
from surveykit.weights.rake import margin_matrix

__all__ = ["calibrate", "model_matrix"]

CALFUNS = ("linear", "raking", "logit")


def _factor_cols(s: pd.Series, name: str) -> tuple[list[np.ndarray], list[str]]:
    if isinstance(s.dtype, pd.CategoricalDtype):
        levels = list(s.cat.categories)
    elif pd.api.types.is_bool_dtype(s.dtype):
        levels = [False, True]
    else:
        levels = sorted(pd.unique(s.dropna()).tolist())
    arr = s.to_numpy(dtype=object)
    cols = [(arr == lv).astype(float) for lv in levels[1:]]
    names = [f"{name}{'TRUE' if lv is True else lv}" for lv in levels[1:]]
    return cols, names


def _term(df: pd.DataFrame, name: str) -> tuple[list[np.ndarray], list[str]]:
    if name not in df.columns:
        raise DesignError(f"calibrate: formula variable {name!r} not in the design's data.")
    s = df[name]
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype) \
            and not isinstance(s.dtype, pd.CategoricalDtype):
        return [s.to_numpy(dtype=float)], [name]
    return _factor_cols(s, name)


def model_matrix(df: pd.DataFrame, formula: str) -> tuple[np.ndarray, list[str]]:
    """R-style model matrix for ``~a + b + a:b`` / ``~a * b`` (treatment coding, intercept)."""
    rhs = formula.split("~", 1)[-1].replace(" ", "")
    terms: list[tuple[str, ...]] = []
    for part in rhs.split("+"):
        if not part or part == "1":
            continue
        if "*" in part:
            vs = part.split("*")
            new = [(v,) for v in vs] + [tuple(vs)]
        else:
            new = [tuple(part.split(":"))]
        terms.extend(t for t in new if t not in terms)
    terms.sort(key=len)
    cols, names = [np.ones(len(df))], ["(Intercept)"]
    for t in terms:
        parts = [_term(df, v) for v in t]
        c_acc, n_acc = parts[0]
        for c2, n2 in parts[1:]:
            c_acc = [a * b for a in c_acc for b in c2]
            n_acc = [f"{a}:{b}" for a in n_acc for b in n2]
        cols.extend(c_acc)
        names.extend(n_acc)
    x = np.column_stack(cols)
    if np.isnan(x).any():
        raise DesignError("calibrate: auxiliary variables have missing values; impute or drop them.")
    return x, names


def _calfun(name: str, bounds):
    lo, hi = (-np.inf, np.inf) if bounds is None else (float(bounds[0]), float(bounds[1]))
    if name == "linear":
        return (lambda u: np.clip(u + 1, lo, hi),
                lambda u: ((u < hi - 1) & (u > lo - 1)).astype(float))
    if name == "raking":
        return np.exp, np.exp
    if name == "logit":
        if not (np.isfinite(lo) and np.isfinite(hi)) or not lo < 1 < hi:
            raise DesignError(f"calibrate: calfun='logit' needs finite bounds (L, U) with L < 1 < U; got {bounds}.")
        a = (hi - lo) / ((hi - 1) * (1 - lo))

        def fm1(u):
            eu = np.exp(a * u)
            return (lo * (hi - 1) + hi * (1 - lo) * eu) / (hi - 1 + (1 - lo) * eu)

        def df(u):
            eu = np.exp(a * u)
            den = hi - 1 + (1 - lo) * eu
            num = lo * (hi - 1) + hi * (1 - lo) * eu
            return hi * (1 - lo) * eu * a / den - num * ((1 - lo) * eu * a) / den**2

        return fm1, df
    raise DesignError(f"calibrate: calfun={name!r} is not supported; use one of {list(CALFUNS)}.")


def _grake(x, w, target, calfun, bounds, maxit, epsilon) -> np.ndarray:
    fm1, dfun = _calfun(calfun, bounds)
    if np.any((w @ x) == 0):
        raise DesignError("calibrate: an auxiliary variable is zero for every sampled unit.")
    eta = np.zeros(x.shape[1])
    for _ in range(maxit + 1):
        u = x @ eta
        misfit = target - (w * fm1(u)) @ x
        if np.max(np.abs(misfit) / (1 + np.abs(target))) < epsilon:
            return fm1(x @ eta)
        tmat = (x * (w * dfun(u))[:, None]).T @ x
        eta = eta + np.linalg.pinv(tmat, rcond=256 * np.finfo(float).eps) @ misfit
    raise DesignError(
        f"calibrate: did not converge in {maxit} iterations (relative misfit "
        f"{np.max(np.abs(misfit) / (1 + np.abs(target))):.3g}). The bounds may be too tight "
        "or the totals inconsistent with the sample; widen bounds or raise maxit."
    )


def calibrate(
    design: Design,
    formula_or_margins: str | Sequence | Mapping,
    population: Mapping[str, float] | None = None,
    *,
    calfun: str = "linear",
    bounds: tuple[float, float] | None = None,
    maxit: int = 50,
    epsilon: float = 1e-7,
    count: str = "Freq",
) -> Design:
    """Calibrate the weights to population totals; returns a new Design.

    ``population`` maps model-matrix names to totals when a formula is given; with margins
    (``[{var: {level: total}}, ...]`` or DataFrames) it is ignored.
    """
    w0 = design.weights
    if isinstance(formula_or_margins, str):
        x, names = model_matrix(design.data, formula_or_margins)
        if population is None:
            raise DesignError("calibrate: a formula needs population totals, e.g. {'(Intercept)': N, ...}.")
        missing = [nm for nm in names if nm not in population]
        if missing:
            raise DesignError(
                f"calibrate: population totals missing for {missing}; expected names {names}."
            )
        target = np.array([float(population[nm]) for nm in names])
    else:
        ms = margins_of(design, formula_or_margins, count=count, what="calibrate")
        check_same_total(ms, "calibrate")
        x = margin_matrix(ms, design.n)
        target = np.concatenate([m.target for m in ms])
    g = _grake(x, w0, target, calfun, bounds, maxit, epsilon)
    w = w0 * g
    return design.with_weights(w, Calibration.build(x, w0, w))
