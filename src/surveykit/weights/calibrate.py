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

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from surveykit.design import Calibration, Design
from surveykit.design.kernels import sorted_levels
from surveykit.errors import DataError, DesignError, SurveykitWarning
from surveykit.weights._margins import (
    check_same_total,
    from_formulas,
    key_str,
    protect_backticks,
    r_name,
    warn_fewer_than_sampled,
)
from surveykit.weights._replicate import cell_totals, reweighted
from surveykit.weights.rake import joint_margins, margin_matrix

__all__ = ["calibrate", "model_matrix"]

CALFUNS = ("linear", "raking", "logit")


def _factor_cols(s: pd.Series, name: str, full: bool = False) -> tuple[list[np.ndarray], list[str]]:
    if isinstance(s.dtype, pd.CategoricalDtype):
        levels = list(s.cat.categories)
    elif pd.api.types.is_bool_dtype(s.dtype):
        levels = [False, True]
    else:
        levels = sorted_levels(pd.unique(s.dropna()).tolist(), name, "calibrate")
    arr = s.to_numpy(dtype=object)
    kept = levels if full else levels[1:]
    cols = [(arr == lv).astype(float) for lv in kept]
    names = [f"{r_name(name)}{str(lv).upper() if isinstance(lv, bool) else lv}" for lv in kept]
    return cols, names


def _is_factor(s: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
                and not isinstance(s.dtype, pd.CategoricalDtype))


def _term(df: pd.DataFrame, name: str, full: bool = False,
          active: np.ndarray | None = None) -> tuple[list[np.ndarray], list[str]]:
    if name not in df.columns:
        raise DesignError(f"calibrate: formula variable {name!r} not in the design's data.")
    s = df[name]
    _refuse_missing(s, name, active)
    if not _is_factor(s):
        return [s.to_numpy(dtype=float)], [r_name(name)]
    return _factor_cols(s, name, full)


def _refuse_missing(s: pd.Series, name: str, active: np.ndarray | None = None) -> None:
    """A formula variable with missing values has no row of the model matrix there: a factor's
    indicators would be 0 (the row counted as the reference level, or left out of every level
    without an intercept), a number NaN. R's ``calibrate`` drops those rows from its model
    matrix and recycles the others onto the design's rows (only "longer object length"
    warnings: weights that mean nothing)."""
    na = s.isna().to_numpy()
    if active is not None:  # rows of weight 0 (outside a subset's domain) are not calibrated
        na = na & active
    if na.any():
        rows = np.flatnonzero(na)
        raise DataError(
            f"calibrate: auxiliary variables have missing values: {name!r} is missing in "
            f"{len(rows)} row(s) (first at row {int(rows[0])}); a missing value is no level and no "
            "number, so that row's weight cannot be calibrated. Impute or drop them (build the "
            f"design on the rows with {name!r}, or give the missing answers a level of their own "
            "with its population total)."
        )


def _terms(df: pd.DataFrame, formula: str) -> tuple[list[tuple[str, ...]], bool]:
    """The terms of ``~a + b + a:b`` / ``~a * b`` in R's order (by their order) and whether the
    model has an intercept (``- 1``, ``+ 0`` or ``0 +`` remove it, as in R)."""
    rhs, quoted = protect_backticks(formula.split("~", 1)[-1])  # R's `site type`, `a-b`
    rhs = rhs.replace(" ", "")
    terms: list[tuple[str, ...]] = []
    intercept = True
    for part in rhs.split("+"):
        head, removed = (part, []) if part in df.columns else (part.split("-")[0], part.split("-")[1:])
        for r in removed:
            if r == "1":
                intercept = False
            elif r != "0":  # R: "- 0" keeps the intercept
                raise DesignError(
                    f"calibrate: the formula {formula!r} removes {r!r} with '-'; only '- 1' (no "
                    "intercept) can be removed here. Write the formula with the terms to keep only."
                )
        if not head or head == "1":
            continue
        if head == "0":
            intercept = False
            continue
        if "*" in head:
            vs = head.split("*")
            new = [(v,) for v in vs] + [tuple(vs)]
        else:
            new = [tuple(head.split(":"))]
        terms.extend(t for t in new if t not in terms)
    terms = [tuple(quoted.get(v, v) for v in t) for t in terms]
    # R names an interaction's variables in their order of first appearance in the formula
    # (~sch.wide + stype:sch.wide has the term sch.wide:stype)
    first = list(dict.fromkeys(v for t in terms for v in t))
    terms = list(dict.fromkeys(tuple(sorted(t, key=first.index)) for t in terms))
    terms.sort(key=len)
    if not intercept and any(len(t) > 1 for t in terms):
        raise DesignError(
            f"calibrate: the formula {formula!r} has no intercept and an interaction; R then codes "
            "the factors in ways surveykit does not reproduce. Keep the intercept (population "
            "total '(Intercept)' = N) or calibrate to the margins of the interaction instead."
        )
    return terms, intercept


def model_matrix(df: pd.DataFrame, formula: str,
                 active: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """R-style model matrix for ``~a + b + a:b`` / ``~a * b`` (treatment coding, intercept);
    a factor of an interaction whose term without it is not in the formula gets a column for
    every level, as R codes it (``~a + a:b``: a's levels times b's contrasts); without an intercept (``~a + b - 1``, ``~0 + a + b``) the first factor has a column for
    every level, as R's ``model.matrix``. A missing value of a formula variable is refused in
    the ``active`` rows (bool, n; default all), those calibrated; elsewhere its row is 0."""
    terms, intercept = _terms(df, formula)
    cols, names = ([np.ones(len(df))], ["(Intercept)"]) if intercept else ([], [])
    full = not intercept  # no intercept: the first factor gets every level
    earlier: set[frozenset[str]] = set()
    for t in terms:
        parts = []
        for v in t:
            factor = v in df.columns and _is_factor(df[v])
            # R's model.matrix: a factor of an interaction gets every level when the term
            # without it is not in the formula (~a + a:b: a:b is a's levels times b's contrasts)
            indicator = factor and (full or (len(t) > 1 and frozenset(t) - {v} not in earlier))
            parts.append(_term(df, v, full=indicator, active=active))
            full = full and not factor
        earlier.add(frozenset(t))
        c_acc, n_acc = parts[0]
        for c2, n2 in parts[1:]:
            c_acc = [a * b for a in c_acc for b in c2]
            n_acc = [f"{a}:{b}" for a in n_acc for b in n2]
        cols.extend(c_acc)
        names.extend(n_acc)
    if not cols:
        raise DesignError(f"calibrate: the formula {formula!r} has no term to calibrate on.")
    x = np.column_stack(cols)
    if active is not None:
        x[~active] = 0.0  # rows of weight 0: a missing value there changes nothing
    if np.isnan(x).any():  # pragma: no cover (each variable is checked in _term)
        raise DesignError("calibrate: auxiliary variables have missing values; impute or drop them.")
    return x, names


def _calfun(name: str, bounds):
    """R's calibration functions ``(Fm1, dF)`` of ``calfun`` with ``bounds`` (survey 4.1):
    ``Fm1(u) = g - 1``; the raking ``dF`` tests ``u`` (not ``exp(u)``) against ``bounds - 1``,
    as R does."""
    if bounds is not None and (isinstance(bounds, str) or np.ndim(bounds) != 1 or len(bounds) != 2
                               or any(np.ndim(b) != 0 for b in bounds)):
        raise DesignError(
            f"calibrate: bounds must be two numbers (lower, upper) bounding every g-weight (final / "
            f"initial weight), as R's bounds = c(L, U); got {type(bounds).__name__} of "
            f"{np.shape(bounds) if not isinstance(bounds, str) else 'text'}. Bounds per row or on the "
            "weights themselves (R's bounds = list(lower, upper) with bounds.const = TRUE) are not "
            "supported: calibrate with bounds on g, then trim_weights(design, lower, upper, relative=False)."
        )
    lo, hi = (-np.inf, np.inf) if bounds is None else (float(bounds[0]), float(bounds[1]))
    if not lo < hi:
        raise DesignError(f"calibrate: bounds must be (lower, upper) with lower < upper; got {bounds}.")
    if name == "linear":
        return (lambda u: np.clip(u + 1, lo, hi) - 1,
                lambda u: ((u < hi - 1) & (u > lo - 1)).astype(float))
    if name == "raking":
        def fm1_raking(u):
            with np.errstate(over="ignore"):
                return np.clip(np.exp(u), lo, hi) - 1

        def df_raking(u):
            with np.errstate(over="ignore"):
                return np.where((u < hi - 1) & (u > lo - 1), np.exp(u), 0.0)

        return fm1_raking, df_raking
    if name == "logit":
        if not (np.isfinite(lo) and np.isfinite(hi)) or not lo < 1 < hi:
            raise DesignError(f"calibrate: calfun='logit' needs finite bounds (L, U) with L < 1 < U; got {bounds}.")
        a = (hi - lo) / ((hi - 1) * (1 - lo))

        def fm1(u):
            with np.errstate(over="ignore", invalid="ignore"):
                eu = np.exp(a * u)
                return (lo * (hi - 1) + hi * (1 - lo) * eu) / (hi - 1 + (1 - lo) * eu) - 1

        def df(u):
            with np.errstate(over="ignore", invalid="ignore"):
                eu = np.exp(a * u)
                den = hi - 1 + (1 - lo) * eu
                num = lo * (hi - 1) + hi * (1 - lo) * eu
                return hi * (1 - lo) * eu * a / den - num * ((1 - lo) * eu * a) / den**2

        return fm1, df
    raise DesignError(f"calibrate: calfun={name!r} is not supported; use one of {list(CALFUNS)}.")


_PRESCALE = 20  # R's SOMETHRESHOLD: weights this far below the totals are rescaled first


def _r_coded_totals(design: Design, margins, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Sample and population totals of the columns of R's model matrix for margins, i.e. of
    ``calibrate(design, list(~a*b, ~c), ...)``: the intercept and, for every subset of each
    margin's variables, the combinations of their levels but the first (treatment coding;
    the first level of a categorical is its first category, else the smallest value). R decides
    whether to rescale the weights, and by how much, from these totals. ``weights`` (n, R):
    the sample totals of each column instead of the design's weights (then (1 + p, R))."""
    import itertools

    w = np.asarray(design.weights if weights is None else weights, dtype=float)
    data = design.data
    keys, levels = {}, {}
    for col in sorted({c for m in margins for c in m.columns}):
        s = data[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            order = list(s.cat.categories)
        else:
            order = sorted(pd.unique(s.dropna()).tolist())
        levels[col] = [key_str(v) for v in order]
        keys[col] = s.map(key_str).to_numpy(dtype=object)
    sample, population = [w.sum(axis=0)], [float(margins[0].target.sum())]
    terms: dict[tuple[str, ...], object] = {}
    for m in margins:
        for r in range(1, len(m.columns) + 1):
            for sub in itertools.combinations(sorted(m.columns), r):
                terms.setdefault(sub, m)
    for sub, m in terms.items():
        for combo in itertools.product(*(levels[v][1:] for v in sub)):
            rows = np.logical_and.reduce([keys[v] == lv for v, lv in zip(sub, combo, strict=True)])
            sample.append(w[rows].sum(axis=0))
            pos = [m.columns.index(v) for v in sub]
            hit = [all(lab[p] == lv for p, lv in zip(pos, combo, strict=True)) for lab in m.labels]
            population.append(float(m.target[np.asarray(hit, dtype=bool)].sum()))
    return np.asarray(sample, dtype=float), np.asarray(population)


def _grake(x, w, target, calfun, bounds, maxit, epsilon, coded=None, names=None) -> np.ndarray:
    """R's ``grake``: the g-weights (w_final / w) of units with auxiliaries ``x`` and weights ``w``.

    Units may be rows or cells of rows with equal auxiliaries (``w`` their weight sums): g
    depends on x only. As R: weights more than 20 times below every population total are
    first scaled by the mean ratio (bounds then apply to the rescaled weights), Newton steps
    with ``ginv`` (tolerance 256 eps), step halving while g is not finite, convergence when
    every ``|misfit| / (1 + |total|) < epsilon`` after a step.
    """
    fm1, dfun = _calfun(calfun, bounds)
    w = np.asarray(w, dtype=float)
    sample_total = w @ x
    if np.any(sample_total == 0):
        zero = np.flatnonzero(sample_total == 0)
        if names is not None:
            shown = ", ".join(repr(names[j]) for j in zero[:5])
            raise DesignError(
                f"calibrate: the auxiliary variable(s) {shown} of the model matrix are zero for every "
                "sampled unit with a weight: for a factor, no respondent has that level (an unused "
                "category of a pd.Categorical, say), so no weights can reach its population total. "
                "Drop the unused level (s.cat.remove_unused_categories()) and its total, or merge it "
                "with another level and add their totals; on a domain (subset()) whose respondents "
                "lack the level, its population total within the domain is 0: give 0."
            )
        raise DesignError("calibrate: an auxiliary variable is zero for every sampled unit.")
    scale = None
    with np.errstate(divide="ignore", invalid="ignore"):  # R's coding of the totals, if given
        ratios = coded[1] / coded[0] if coded is not None else target / sample_total
    if np.min(ratios) > _PRESCALE:
        scale = float(np.mean(ratios))
        w = w * scale
        sample_total = sample_total * scale
    eta = np.zeros(x.shape[1])
    xeta = x @ eta
    deriv = dfun(xeta)
    it = 1
    while True:
        tmat = (x * (w * deriv)[:, None]).T @ x
        misfit = target - sample_total - (w * fm1(xeta)) @ x
        deta = np.linalg.pinv(tmat, rcond=256 * np.finfo(float).eps, hermitian=False) @ misfit
        eta = eta + deta
        xeta = x @ eta
        g = 1 + fm1(xeta)
        deriv = dfun(xeta)
        while it < maxit and not (np.isfinite(g).all() and np.isfinite(deriv).all()):
            it += 1
            deta = deta / 2
            eta = eta - deta
            xeta = x @ eta
            g = 1 + fm1(xeta)
            deriv = dfun(xeta)
        misfit = target - sample_total - (w * fm1(xeta)) @ x
        achieved = float(np.max(np.abs(misfit) / (1 + np.abs(target))))
        if achieved < epsilon:
            break
        it += 1
        if it > maxit:
            hint = ("The bounds may be too tight for these totals: widen them" if bounds is not None
                    else "Check that the totals are consistent with the sample")
            raise DesignError(
                f"calibrate: did not converge in {maxit} iterations (relative misfit "
                f"{achieved:.3g}). {hint}, or raise maxit."
            )
    return g * scale if scale is not None else g


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
    """Calibrate the weights to population totals; returns a new Design (R ``calibrate``).

    ``population`` maps model-matrix names to totals when a formula is given; with margins
    (``[{var: {level: total}}, ...]`` or DataFrames) it is ignored. ``bounds=(L, U)`` bound
    the g-weights (final / initial weight) for every ``calfun``, as R's ``grake``; weights
    far below the population scale (every total more than 20 times the weighted sample
    total) are first rescaled, as R does, and the bounds then apply to the rescaled weights.
    Margins are calibrated on the joint cells of their variables (g depends on the cell
    only), so the variance uses the fast factor form, as after :func:`rake`. A total of 0 for
    a margin cell, or a formula's column of one sign (a level's indicator), that respondents
    have is refused: weights >= 0 meet it only by giving them weight 0.
    """
    w0 = design.weights
    if (not isinstance(formula_or_margins, str | Mapping | pd.DataFrame) and population is not None
            and all(isinstance(f, str) for f in formula_or_margins)):
        # R's calibrate(formula = list(~a, ~b), population = list(table_a, table_b))
        formula_or_margins, population = from_formulas(formula_or_margins, population, count, "calibrate"), None
    if isinstance(formula_or_margins, str):
        active = design.domain if design.replicates is not None else w0 != 0
        x, names = model_matrix(design.data, formula_or_margins, active)
        if population is None:
            raise DesignError("calibrate: a formula needs population totals, e.g. {'(Intercept)': N, ...}.")
        if isinstance(population, pd.Series):  # R's named vector
            population = population.to_dict()
        if not isinstance(population, Mapping):
            given = [getattr(v, 'item', lambda v=v: v)() for v in np.ravel(population)] if not isinstance(population, str) else [population]
            named = (f": {dict(zip(names, given, strict=True))}" if len(given) == len(names)
                     else f" ({len(given)} given, {len(names)} columns)")
            raise DesignError(
                f"calibrate: the population totals are {type(population).__name__} without names; give them "
                f"as a dict keyed by the columns of the formula's model matrix, {names}. In R's order of "
                f"those columns, the numbers given would be{named}; check each before using it."
            )
        # R writes a name that is not syntactic in backticks (`site type`H); one without them
        # names the same column
        plain = {nm.replace("`", ""): nm for nm in names if "`" in nm}
        population = {plain.get(k, k) if isinstance(k, str) and k not in names else k: v
                      for k, v in population.items()}
        missing = [nm for nm in names if nm not in population]
        if missing:
            raise DesignError(
                f"calibrate: population totals missing for {missing}; expected names {names}."
            )
        extra = [nm for nm in population if nm not in names]
        if extra:  # R warns "Sample and population totals reordered" and goes on
            raise DesignError(
                f"calibrate: population totals given for {extra}, which name no column of the "
                f"formula's model matrix {names}; they would be ignored. Remove them, or add "
                "their variables to the formula."
            )
        target = _formula_totals(population, names)
        # a column no respondent has (a level outside the domain) with a total of 0 is met by any
        # weights: R's ginv passes it by, here it is left out
        void = ~np.any(x[w0 > 0] != 0, axis=0) & (target == 0)
        if void.any() and not void.all():
            x, target, names = x[:, ~void], target[~void], [nm for nm, v in zip(names, void, strict=True) if not v]
        _refuse_absent(x, w0, target, names)
        if "(Intercept)" in names:
            warn_fewer_than_sampled(float(target[names.index("(Intercept)")]), design, "calibrate", "'(Intercept)'")
    else:
        cells = joint_margins(design, formula_or_margins, count=count, what="calibrate")
        check_same_total(cells.margins, "calibrate", design=design)
        x = margin_matrix(cells.margins, cells.n_joint)  # the auxiliaries of each joint cell
        target = np.concatenate([m.target for m in cells.margins])
        # R rescales from the totals of its treatment-coded model matrix; only bounds notice
        coded = _r_coded_totals(design, cells.margins) if bounds is not None else None
        g = _grake(x, cells.weights, target, calfun, bounds, maxit, epsilon, coded)
        w = cells.expand(w0, g)
        _refuse_negative(w, calfun)
        if design.replicates is not None:
            reps = _calibrate_replicates(design, cells.joint, cells.n_joint, x, target,
                                         (calfun, bounds, maxit, epsilon),
                                         cells.margins if bounds is not None else None)
            return design.with_weights(w, replicates=reps)
        return design.with_weights(w, cells.calibration(w0, w))
    g = _grake(x, w0, target, calfun, bounds, maxit, epsilon, names=names)
    w = w0 * g
    _refuse_negative(w, calfun)
    if design.replicates is not None:
        ux, cell = np.unique(x, axis=0, return_inverse=True)  # g depends on x only
        reps = _calibrate_replicates(design, cell.ravel(), len(ux), ux, target,
                                     (calfun, bounds, maxit, epsilon), None)
        return design.with_weights(w, replicates=reps)
    return design.with_weights(w, Calibration.build(x, w0, w))


def _formula_totals(population: Mapping, names: list[str]) -> np.ndarray:
    """The totals of the model matrix's columns, each a finite number (named if not)."""
    out = []
    for nm in names:
        value = population[nm]
        try:
            total = float(value)
        except (TypeError, ValueError):
            total = float("nan")
        if not np.isfinite(total):
            raise DesignError(
                f"calibrate: the population total of {nm!r} is {value!r}, not a finite number. "
                "Give the population total of that column of the model matrix."
            )
        out.append(total)
    return np.array(out)


def _refuse_absent(x: np.ndarray, w0: np.ndarray, target: np.ndarray, names: list[str]) -> None:
    """A column of one sign among the respondents (a factor level's indicator, a count) whose
    total is 0 while some respondents have it non-zero: weights >= 0 meet that total only by
    giving those respondents weight 0 (the estimates then describe a population without them);
    a total of the other sign cannot be met at all."""
    inside = x[w0 > 0]
    for j, nm in enumerate(names):
        col = inside[:, j]
        hits = int(np.count_nonzero(col))
        if not hits or not ((col >= 0).all() or (col <= 0).all()):
            continue
        sign = 1.0 if (col >= 0).all() else -1.0
        if target[j] == 0:
            raise DesignError(
                f"calibrate: the population total of {nm!r} is 0, but {hits} respondent(s) with a "
                f"positive weight have a non-zero {nm!r}: weights >= 0 meet that total only by giving "
                "them weight 0, and the estimates would describe a population without them. Give the "
                f"population total of {nm!r}, or, if no one in the population has it, drop those "
                "respondents first (design.subset(), the domain without them)."
            )
        if sign * target[j] < 0:
            raise DesignError(
                f"calibrate: the population total of {nm!r} is {target[j]:g}, but {nm!r} is "
                f"{'>= 0' if sign > 0 else '<= 0'} for every respondent, so no weights >= 0 can meet it. "
                f"Check the total of {nm!r}."
            )


def _refuse_negative(w: np.ndarray, calfun: str) -> None:
    """Linear calibration can meet its totals only with negative weights; R keeps them, here
    they are refused with what to do (a weight is a number of people)."""
    neg = w < 0
    if neg.any():
        raise DesignError(
            f"calibrate: the {calfun} calibration meets the totals only with {int(neg.sum())} "
            f"negative weight(s) (smallest {float(w.min()):.4g}); R keeps such weights, surveykit "
            "refuses them, as a weight counts people. Bound the weights (bounds=(0, 5), or "
            "calfun='logit' with bounds), use calfun='raking', or check the totals against the "
            "sample."
        )


def _calibrate_replicates(design, cell, n_cells, x, target, how, margins):
    """R's ``calibrate.svyrep.design``: every replicate calibrated to the same totals (its own
    ``grake``, from eta = 0). R keeps the parent's degf unless the calibration is linear
    without bounds (``regcalibrate``)."""
    calfun, bounds, maxit, epsilon = how
    if calfun == "linear" and bounds is None and design.replicates.has_negative:
        warnings.warn(
            "calibrate: some replicate weights are negative (as in ACS-type successive-difference "
            "files). R's calibrate(calfun='linear') stops on them (sqrt() of the replicate weights: "
            "'NaNs produced', then 'system is computationally singular'); the weights here are the "
            "linear calibration of every replicate as R's grake gives it (R: calfun='linear' with "
            "wide finite bounds, e.g. bounds=c(-1e10, 1e10), which also keeps the parent's degf).",
            SurveykitWarning, stacklevel=3)
    t0 = cell_totals(design, cell, n_cells)  # (cells, R)
    coded = None
    if margins is not None:  # R's rescaling test on its coded totals, per replicate
        full = design.replicate_weights.to_numpy()
        coded = _r_coded_totals(design, margins, full)
    g = np.empty_like(t0)
    for r in range(t0.shape[1]):
        cr = None if coded is None else (coded[0][:, r], coded[1])
        try:
            g[:, r] = _grake(x, t0[:, r], target, calfun, bounds, maxit, epsilon, cr)
        except DesignError as e:
            if "zero for every sampled unit" in str(e):  # the full sample has it: this replicate not
                raise DesignError(
                    f"calibrate, replicate {r + 1}: an auxiliary variable (a level of a margin) is zero "
                    "in this replicate: every respondent with it is in the PSU(s) the replicate leaves "
                    "out, so its weights cannot reach that level's total (R's grake returns weights "
                    "that miss it, silently). Merge the level with another and add their totals."
                ) from e
            raise DesignError(f"calibrate, replicate {r + 1}: {e}") from e
    fixed = None if calfun == "linear" and bounds is None else design.degf
    return reweighted(design, cell, g, fixed_degf=fixed)
