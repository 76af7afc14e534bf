"""Linear contrasts of domain means, through the one variance engine.

A *cell* is a combination of the ``by`` and ``over`` columns. Each domain mean is a ratio
estimator whose influence values are ``w·(y − ȳ_cell)/Ŵ_cell`` inside the cell and 0
elsewhere; a contrast Σ c_j ȳ_j has the same combination of influence values, so one call to
:func:`surveykit.design.vcov` gives every standard error at once (all variables, all
contrasts, all groups). ``compare``, ``change`` and ``did`` are contrasts.

The t reference uses ``df = degf(rows of the cells involved) + 1 − #cells``, the residual df
of the saturated design-based regression on those cells: for two cells this is R's
``svyttest`` (degf − 1), for four cells the interaction test of ``svyglm(y ~ a*b)``.

Example:
    >>> contrast(design, "help", over="site_type",  # doctest: +SKIP
    ...          contrasts={"co-located - separate": {"separate": -1, "co-located": 1}})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.design import (
    design_effect,
    group_degf,
    replicate_ratios,
    segsum,
    srs_variance,
    vcov,
)
from surveykit.errors import DataError
from surveykit.estimate._dist import t_ppf, t_sf
from surveykit.estimate.adjust import p_adjust
from surveykit.estimate.grouping import (
    as_list,
    check_columns,
    check_conf_level,
    group_index,
    variable_list,
)
from surveykit.estimate.schema import CONTRAST_PARTS, by_names, result_frame
from surveykit.estimate.scoring import item_scores

__all__ = ["contrast", "item_values"]


def item_values(data: pd.DataFrame, variable: str, *, caller: str = "contrast",
                active: np.ndarray | None = None) -> np.ndarray:
    """The analysis values of one column as floats (NaN = missing).

    Numbers stay numbers; booleans are 0/1; a Categorical (e.g. a Likert item) gives the
    position of its level among the substantive levels, 1..k: a non-substantive level
    ("Vet ikke") is missing, with a warning giving its share among the ``active`` rows
    (:func:`surveykit.estimate.scoring.item_scores`). Text columns and unordered categoricals
    are refused.

    Example:
        >>> q = pd.Categorical(["b", None, "a"], ["a", "b"], ordered=True)
        >>> item_values(pd.DataFrame({"q": q}), "q")
        array([ 2., nan,  1.])
    """
    return item_scores(data, variable, caller=caller, active=active)


def _key_index(keys: pd.DataFrame, key: Any) -> int | None:
    """Row of ``keys`` equal to ``key`` (a value, or a tuple for several columns)."""
    key = key if isinstance(key, tuple) else (key,)
    if len(key) != keys.shape[1]:
        return None
    hit = np.ones(len(keys), dtype=bool)
    for col, val in zip(keys.columns, key, strict=True):
        hit &= (keys[col].astype(object) == val).to_numpy(dtype=bool)
    idx = np.flatnonzero(hit)
    return int(idx[0]) if idx.size else None


def _describe(keys: pd.DataFrame, row: int) -> str:
    def plain(v: Any) -> Any:
        return v.item() if isinstance(v, np.generic) else v

    return ", ".join(f"{c} == {plain(keys[c].iloc[row])!r}" for c in keys.columns)


def _check_contrasts(contrasts: Any, over: list[str], caller: str) -> None:
    """A DataError unless ``contrasts`` maps labels to ``{cell: coefficient}`` mappings: R's
    forms (a vector of coefficients, ``c(E = 1, M = -1)``, ``quote(E/H)``) are named with the
    form meant."""
    import numbers

    example = '{"E - M": {"E": 1, "M": -1}}'
    if not isinstance(contrasts, Mapping):
        raise DataError(
            f"{caller}: contrasts must map a label to {{level of {over[0] if over else 'over'}: "
            f"coefficient}}, e.g. {example}; got {type(contrasts).__name__} {contrasts!r:.80}. "
            "Coefficients by position (R's svycontrast(x, c(1, 0, -1))) are not taken: name the levels."
        )
    for label, coefs in contrasts.items():
        if isinstance(coefs, Mapping) and all(
                isinstance(c, numbers.Real) and not isinstance(c, bool) for c in coefs.values()):
            continue
        if isinstance(coefs, numbers.Real):
            hint = (f"this looks like one contrast written as R's c(E = 1, M = -1): wrap it in a label, "
                    f"e.g. {{'contrast': {dict(contrasts)!r:.80}}}")
        elif isinstance(coefs, str):
            hint = ("a nonlinear contrast (R's svycontrast(x, quote(E/H))) is not supported: contrasts "
                    "here are linear combinations of domain means; for a ratio use sk.ratio")
        else:
            hint = f"give {{level: coefficient}} for each label, e.g. {example}"
        raise DataError(f"{caller}: the contrast {label!r} is {coefs!r:.80}, not {{level: coefficient}}; {hint}.")


def contrast(
    design: Any,
    variables: str | Sequence[str],
    over: str | Sequence[str],
    contrasts: Mapping[str, Mapping[Any, float]],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    adjust: str | None = "holm",
    caller: str = "contrast",
    parts: Mapping[str, Mapping[str, Any]] | None = None,
    no_answers: str = "error",
    refit: bool = False,
) -> pd.DataFrame:
    """Linear contrasts of domain means, one row per (by-group, contrast, variable).

    ``contrasts`` maps a label to ``{cell: coefficient}``, where a cell is a value of
    ``over`` (or a tuple of values for several ``over`` columns); every ``by`` group gets the
    same contrasts. Within each group the p-values of all its rows form the family adjusted
    by ``adjust`` ("holm", "bh"; None copies ``p_value``). ``effect_size`` is the contrast
    divided by the pooled within-cell weighted SD (NaN when the coefficients do not sum to 0:
    a sum or average of means is no difference to standardise). Rows resting on a cell with fewer than
    ``design.min_cell`` respondents are suppressed (numbers blanked, ``suppressed`` True).

    ``refit=True`` (``compare``, as R's ``svyttest``, a ``svyglm``): on a replicate design
    the replicates' cell means are those of a ``glm.fit`` refit, over the rows whose replicate
    weight is above 0; the default, as ``svycontrast`` of ``svyby``, keeps every weight (they
    differ only when some replicate weights are negative, as in ACS files).

    A compared cell whose respondents (with a positive weight) have no value of a variable (a
    question not asked in one wave, a column missing for one group) gives no number:
    ``no_answers="error"`` (the default) raises a DataError naming the variable, the cell and
    what to do; ``no_answers="keep"`` returns such rows without numbers, not suppressed
    (nothing to protect), as a report shows a question not asked in a wave.

    ``parts`` maps a label to what its contrast compares, as the columns of
    :data:`surveykit.estimate.schema.CONTRAST_PARTS` (``{"contrast_over": "wave",
    "contrast_from": 1, "contrast_to": 2}``): a report shows the contrast by them. A label
    without parts has them empty (None) and is shown as it is.

    Example:
        >>> contrast(design, ["help"], over=["wave", "switched"], contrasts={  # doctest: +SKIP
        ...     "did": {(2, True): 1, (1, True): -1, (2, False): -1, (1, False): 1}})
    """
    variables = variable_list(variables, f"{caller}: variables")
    over_cols, by_cols = as_list(over, f"{caller}: over"), as_list(by, "by")
    if not variables:
        raise DataError(f"{caller}: no variables given; pass a column name or a list of names.")
    if not contrasts:
        raise DataError(f"{caller}: no contrasts given.")
    _check_contrasts(contrasts, over_cols, caller)
    check_conf_level(conf_level, caller)
    _check_parts(parts, contrasts, caller)
    if no_answers not in NO_ANSWERS:
        raise DataError(f"{caller}: no_answers={no_answers!r}; use one of {list(NO_ANSWERS)}.")
    w = np.asarray(design.weights, dtype=float)
    if not np.any(w > 0):
        raise DataError(
            f"{caller}: the design is empty (no rows with a positive weight).",
            advice="Check the subset() that made this domain.")
    check_columns(design, over_cols, caller)
    bcode, bkeys = group_index(design, by_cols)
    ocode, okeys = group_index(design, over_cols)
    n_g, n_o = len(bkeys), len(okeys)
    labels = list(contrasts)
    coef = np.zeros((len(labels), n_o))
    for i, label in enumerate(labels):
        for key, c in contrasts[label].items():
            j = _key_index(okeys, key)
            if j is None:
                found = ", ".join(  # (False, True), not (False, np.True_)
                    repr(tuple(v.item() if isinstance(v, np.generic) else v for v in r))
                    if len(r) > 1 else repr(r[0].item() if isinstance(r[0], np.generic) else r[0])
                    for r in okeys.itertuples(index=False)
                )
                raise DataError(
                    f"{caller}: the domain {over_cols} == {key!r} is empty (no respondents with "
                    f"a positive weight); the levels present are {found}."
                )
            coef[i, j] = float(c)
    active = w > 0

    def matrix(names: list[str]) -> np.ndarray:  # a fresh (rows, variables) matrix
        out = np.empty((len(w), len(names)))
        for j, v in enumerate(names):
            out[:, j] = item_values(design.data, v, caller=caller, active=active)
        return out

    # variables in batches of at most CONTRAST_VALUES values: the table's (rows, variables)
    # arrays stay a few times one batch at any number of rows (one batch up to 4M values)
    step = max(1, CONTRAST_VALUES // max(len(w), 1))
    batches = [_contrast_table(design, lambda b=variables[v0 : v0 + step]: matrix(b), bcode, n_g,
                               ocode, n_o, coef, conf_level, refit)
               for v0 in range(0, len(variables), step)]
    tab = {key: np.concatenate([batch[key] for batch in batches], axis=-1) for key in batches[0]
           if key not in ("empty_cell", "cell_rows")}
    empty_cell = batches[0]["empty_cell"]  # (G, L): the same for every variable
    if empty_cell.any():
        g, lab = np.argwhere(empty_cell)[0]
        where = _describe(bkeys, g) if by_cols else "the design"
        raise DataError(
            f"{caller}: contrast {labels[lab]!r} needs a domain that is empty in {where} "
            f"(no respondents with a positive weight in one of its {over_cols} levels).",
            advice="Drop that group with design.subset() or choose other levels.")
    if no_answers == "error" and tab["empty"].any():
        raise _no_answers(caller, tab, batches[0]["cell_rows"], coef, okeys, bkeys, by_cols, labels,
                          variables)
    return _frame(tab, bkeys, by_cols, labels, variables, adjust, parts or {})


NO_ANSWERS = ("error", "keep")


def _no_answers(caller, tab, cell_rows, coef, okeys, bkeys, by_cols, labels, variables) -> DataError:
    """The DataError for a contrast of a cell whose respondents have no value of the variable."""
    empty = tab["empty"]
    g, lab, v = (int(i) for i in np.argwhere(empty)[0])
    o = next(int(j) for j in np.flatnonzero(coef[lab]) if tab["unanswered"][g, j, v])
    where = f" (in {_describe(bkeys, g)})" if by_cols else ""
    others = int(empty.sum()) - 1
    more = f" The same holds for {others} other row(s) of the result." if others else ""
    return DataError(
        f"{caller}: no answer to {variables[v]!r} in {_describe(okeys, o)}{where}: none of its "
        f"{int(cell_rows[g, o])} respondent(s) with a positive weight has a value of {variables[v]!r} "
        f"(missing, or only non-substantive answers), so {labels[lab]!r} of {variables[v]!r} has no "
        f"estimate.{more}",
        advice=(f"Compare levels that have answers, leave {variables[v]!r} out, or pass "
                "no_answers='keep' to get its row without numbers (as a report shows a question not "
                "asked in a wave)."))


def _check_parts(parts: Mapping[str, Mapping[str, Any]] | None, contrasts: Mapping, caller: str) -> None:
    """``parts`` name only contrasts given and only the columns of CONTRAST_PARTS."""
    for label, named in (parts or {}).items():
        if label not in contrasts:
            raise DataError(f"{caller}: parts= names the contrast {label!r}, which contrasts= does not "
                            f"give; its labels are {list(contrasts)}.")
        unknown = sorted(set(named) - set(CONTRAST_PARTS))
        if unknown:
            raise DataError(f"{caller}: parts= of {label!r} has {unknown}, which are not contrast parts; "
                            f"use {CONTRAST_PARTS}.")


CONTRAST_VALUES = 1 << 22  # rows x variables per batch of the contrast table


def _contrast_table(design, make_y, bcode, n_g, ocode, n_o, coef, conf_level, refit=False) -> dict[str, np.ndarray]:
    """Arrays (G, L, V) of the contrasts ``coef`` (L, O) of cell means, all at once, of the
    (n, V) values ``make_y()`` (a fresh matrix, written over and freed here)."""
    y = make_y()
    w = np.asarray(design.weights, dtype=float)
    n_l, n_v = coef.shape[0], y.shape[1]
    inside = (bcode >= 0) & (ocode >= 0) & (w > 0) & design.domain
    cell = np.where(inside, bcode * n_o + ocode, -1)
    n_c = n_g * n_o
    valid = ~np.isnan(y) & inside[:, None]
    wv = np.where(valid, w[:, None], 0.0)
    y0 = y  # the values, 0 where not valid: written over the caller's fresh matrix
    y0[~valid] = 0.0
    wsum = segsum(cell, n_c, wv)  # (C, V)
    count = segsum(cell, n_c, valid.astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(wsum > 0, segsum(cell, n_c, wv * y0) / wsum, np.nan)
        inv_w = np.where(wsum > 0, 1.0 / wsum, 0.0)
    safe = np.vstack([np.nan_to_num(means), np.zeros((1, n_v))])
    inv_safe = np.vstack([inv_w, np.zeros((1, n_v))])
    # (rows, V) arrays made in place: at a million rows each is 8 MB a variable
    dev = safe[cell]
    np.subtract(y0, dev, out=dev)
    dev[~valid] = 0.0
    sq = dev * dev
    sq *= wv
    ss = segsum(cell, n_c, sq)
    del sq
    resid = dev  # influence values of the row's cell mean (n, V): wv * dev / cell weight
    resid *= wv
    resid *= inv_safe[cell]
    del dev, wv
    cell_weight = segsum(cell, n_c, np.where(inside, w, 0.0)).reshape(n_g, n_o)
    cell_rows = segsum(cell, n_c, inside.astype(float)).reshape(n_g, n_o)

    ocoef = np.hstack([coef, np.zeros((n_l, 1))])[:, np.where(ocode >= 0, ocode, n_o)].T  # (n, L)
    scores = (ocoef[:, :, None] * resid[:, None, :]).reshape(len(w), n_l * n_v)
    del resid
    if design.replicates is None:
        var = vcov(design, scores, groups=np.where(inside, bcode, -1), n_groups=n_g)
    else:
        var = vcov(design, groups=bcode, n_groups=n_g,
                   replicates=_replicate_contrasts(design, valid, y0, cell, n_c, coef, n_g, refit))
        var = var.reshape(n_g, -1)
    del y, y0
    se = np.sqrt(var).reshape(n_g, n_l, n_v)
    involved = ((ocoef != 0)[:, :, None] & valid[:, None, :]).reshape(len(w), n_l * n_v)
    srs = srs_variance(w, scores, np.where(inside, bcode, -1), n_g, involved)
    deff = design_effect(var, srs).reshape(n_g, n_l, n_v)

    inv = coef != 0  # (L, O)
    invf = inv.astype(float)
    r = lambda a: a.reshape(n_g, n_o, n_v)  # noqa: E731
    est = np.einsum("lo,gov->glv", coef, np.nan_to_num(r(means)))
    empty_item = np.einsum("lo,gov->glv", invf, (r(wsum) <= 0).astype(float)) > 0
    est = np.where(empty_item, np.nan, est)
    n = np.einsum("lo,gov->glv", invf, r(count))
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(
            np.einsum("lo,gov->glv", invf, r(ss)) / np.einsum("lo,gov->glv", invf, r(wsum))
        )
    # a cell with no answer (a question not asked in a wave) makes the contrast empty, not small
    small = np.einsum("lo,gov->glv", invf, ((r(count) > 0) & (r(count) < design.min_cell)).astype(float)) > 0
    empty_cell = (invf @ (cell_weight <= 0).T.astype(float)).T > 0  # (G, L)

    df = np.empty((n_g, n_l, n_v))
    patterns: dict[bytes, int] = {}
    for v in range(n_v):
        j = patterns.setdefault(np.packbits(valid[:, v]).tobytes(), v)
        if j != v:
            df[:, :, v] = df[:, :, j]
            continue
        for lab in range(n_l):
            rows = valid[:, v] & np.isin(ocode, np.flatnonzero(inv[lab]))
            df[:, lab, v] = group_degf(design, np.where(rows, bcode, -1), n_g)
    df = df + 1 - inv.sum(axis=1)[None, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = est / se
        dfp = np.where(df > 0, df, np.nan)
        p = 2 * t_sf(np.abs(t), dfp)
        q = t_ppf(0.5 + conf_level / 2, dfp)
        effect = est / sd
    # a standardised difference only for a contrast (coefficients summing to 0); a sum or an
    # average of means (any linear combination is allowed, as svycontrast) has none
    differs = np.abs(coef.sum(axis=1)) <= 1e-9 * np.abs(coef).sum(axis=1)
    effect = np.where(differs[None, :, None], effect, np.nan)
    return {
        "estimate": est,
        "std_error": se,
        "conf_low": est - q * se,
        "conf_high": est + q * se,
        "df": df,
        "n": n,
        "statistic": t,
        "p_value": p,
        "effect_size": effect,
        "deff": deff,
        "suppressed": small,
        "empty": empty_item,
        "unanswered": r(wsum) <= 0,  # (G, O, V) cells without an answer of positive weight
        "empty_cell": empty_cell,
        "cell_rows": cell_rows,
    }


def _replicate_contrasts(design, valid, y0, cell, n_c, coef, n_g, refit=False) -> tuple:
    """Replicate designs: the contrasts (G, L, V) of every replicate's cell means and of the
    full sample's (R: ``svycontrast`` of ``svyby(..., covmat=TRUE)``; with ``refit``, as the
    ``glm.fit`` refits of ``svyttest``: the replicates' rows of weight 0 or below left out)."""
    rep = design.replicates
    if refit:
        design = design.positive_replicates()
    n_v = y0.shape[1]
    means = replicate_ratios(design, y0, valid, cell, n_c)  # y0 is 0 where not valid; (R + 1, C, V)
    means = means.reshape(rep.count + 1, n_g, -1, n_v)
    est = np.einsum("lo,rgov->rglv", coef, np.nan_to_num(means))
    lost = np.einsum("lo,rgov->rglv", (coef != 0).astype(float), np.isnan(means).astype(float))
    est = np.where(lost > 0, np.nan, est)
    return est[1:], est[0]


def _frame(tab, bkeys, by_cols, labels, variables, adjust, parts) -> pd.DataFrame:
    n_g, n_l, n_v = tab["estimate"].shape
    flat = {k: v.reshape(-1) for k, v in tab.items()}
    hide = flat["suppressed"]
    blanked = hide | flat["empty"]   # no number where a compared cell has no answer (not suppressed)
    cols: dict[str, Any] = {}
    gidx = np.repeat(np.arange(n_g), n_l * n_v)
    names = by_names(by_cols)
    for col in by_cols:
        cols[names[col]] = bkeys[col].take(gidx).reset_index(drop=True)
    cols["variable"] = np.tile(np.asarray(variables, dtype=object), n_g * n_l)
    cols["level"] = [None] * len(gidx)
    with np.errstate(divide="ignore", invalid="ignore"):
        flat["n_eff"] = flat["n"] / flat["deff"]
    for key in ("estimate", "std_error", "conf_low", "conf_high", "statistic", "p_value",
                "effect_size", "deff", "n_eff"):
        cols[key] = np.where(blanked, np.nan, flat[key])
    cols["df"] = np.where(flat["empty"], np.nan, flat["df"])
    cols["n"] = flat["n"].astype(np.int64)
    cols["suppressed"] = hide
    lab = np.tile(np.repeat(np.arange(len(labels)), n_v), n_g)
    cols["contrast"] = np.asarray(labels, dtype=object)[lab]
    for part in CONTRAST_PARTS:
        values = np.array([parts.get(label, {}).get(part) for label in labels] + [None], dtype=object)[:-1]
        cols[part] = values[lab]
    cols["p_adjusted"] = _adjust_by_group(cols["p_value"], gidx, adjust)
    return result_frame(cols, by=list(names.values()), contrast=True)


def _adjust_by_group(p: np.ndarray, groups: np.ndarray, method: str | None) -> np.ndarray:
    if method is None:
        return p.copy()
    out = np.empty_like(p)
    for g in np.unique(groups):
        sel = groups == g
        out[sel] = p_adjust(p[sel], method=method)
    return out
