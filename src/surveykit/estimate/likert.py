"""Likert summaries: top-box share ("andel enig") and mean score, also on a 0–100 scale.

Items are ordered Categoricals of the substantive levels (non-substantive answers such as
"Vet ikke" are missing), so both summaries are over substantive answers only. A level's
score is its position 1..k unless ``codes`` maps levels to scores. Standard errors come
from the one variance engine, for all items and ``by`` groups in one pass.

Example:
    >>> topbox(design, ["welcome", "help"], top=("Litt enig", "Helt enig"), by="wave")  # doctest: +SKIP
    >>> score(design, ["welcome", "help"], to_100=True)                                # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit, logit

from surveykit.errors import DataError
from surveykit.estimate.grouping import Items, as_list, assemble, check_columns, group_index
from surveykit.estimate.means import domain_stats

__all__ = ["score", "topbox"]


def _item_columns(design: Any, items: list[str], codes: Mapping | None) -> tuple[list, list]:
    """Scores of each item (one float column per item, NaN for missing); each item's categories
    (or None)."""
    check_columns(design, items, "likert")
    cols, cats = [], []
    for name in items:
        s = design.data[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats.append(list(s.cat.categories))
            if codes is not None:
                unknown = [c for c in s.cat.categories if c not in codes]
                if unknown:
                    raise DataError(
                        f"likert: codes= has no score for level(s) {unknown} of {name!r}; give a "
                        "score for every level."
                    )
                mapped = s.astype(object).map(codes)
                cols.append(pd.to_numeric(mapped, errors="coerce").to_numpy(float))
            else:
                c = s.cat.codes.to_numpy().astype(float)
                cols.append(np.where(c < 0, np.nan, c + 1.0))
        elif pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            cats.append(None)
            cols.append(pd.to_numeric(s).to_numpy(dtype=float, na_value=np.nan))
        else:
            raise DataError(
                f"likert: item {name!r} has dtype {s.dtype}; expected an ordered categorical "
                "(from the codebook) or numeric scores."
            )
    return cols, cats


def _domain_means(design: Any, it: Items, by):
    """Per group and item: mean, SE, respondents, df — one pass of the means engine.

    Groups where an item has no respondents keep an SE of 0 (the estimate is NaN).
    """
    g, keys = group_index(design, by)
    est, var, n, _, wsum, _, df = domain_stats(design, it, g, len(keys), item_df=True)
    se = np.sqrt(np.where(wsum > 0, var, 0.0))
    return keys, g, est, se, n, df


def topbox(
    design: Any,
    items: str | Sequence[str],
    *,
    top: Sequence[Any] = ("Litt enig", "Helt enig"),
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of substantive answers in the top box, with a logit confidence interval.

    ``top`` lists level labels, or level positions (1..k) as integers. The CI is R's
    ``svyciprop(method="logit")``: logit(p) ± t·se/(p(1−p)), back-transformed, t on the
    design df. ``level`` names the top box ("Litt enig / Helt enig").

    Example:
        >>> topbox(design, "help", top=("Litt enig", "Helt enig"), by="site_type")  # doctest: +SKIP
    """
    names = as_list(items)
    if not names:
        raise DataError("topbox: no items given; pass a column name or a list of names.")
    check_columns(design, names, "topbox")
    top = tuple(top)
    if not top:
        raise DataError("topbox: top= is empty; name the levels of the top box.")
    cols = []
    for name in names:
        s = design.data[name]
        if all(isinstance(t, (int, np.integer)) for t in top):
            if not isinstance(s.dtype, pd.CategoricalDtype):
                cols.append(_numeric_box_codes(s, top))
                continue
            cats = list(s.cat.categories)
            bad = [t for t in top if not 1 <= t <= len(cats)]
            if bad:
                raise DataError(
                    f"topbox: position(s) {bad} outside 1..{len(cats)} for item {name!r} "
                    f"(levels {cats})."
                )
            labels = [cats[t - 1] for t in top]
        else:
            if not isinstance(s.dtype, pd.CategoricalDtype):
                raise DataError(
                    f"topbox: item {name!r} is not categorical (dtype {s.dtype}); give top= as "
                    "positions/codes or code the item in the codebook."
                )
            labels = list(top)
            unknown = [t for t in labels if t not in list(s.cat.categories)]
            if unknown:
                raise DataError(
                    f"topbox: level(s) {unknown} are not levels of {name!r}; its levels are "
                    f"{list(s.cat.categories)}. Pass top= with those labels or with positions."
                )
        codes = s.cat.codes.to_numpy()
        top_codes = [list(s.cat.categories).index(t) for t in labels]
        cols.append(_box_codes(codes < 0, np.isin(codes, top_codes)))
    level = " / ".join(map(str, top))
    k = len(names)
    it = Items(cols, [1] * k, names, [level] * k, [True] * k)
    keys, g, est, se, n, df = _domain_means(design, it, by)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = stats.t.ppf(0.5 + conf_level / 2, np.where(df > 0, df, np.nan))
        half = q * se / (est * (1 - est))
        lo, hi = expit(logit(est) - half), expit(logit(est) + half)
    return assemble(
        design,
        keys,
        g,
        names,
        [level] * len(names),
        est,
        se,
        n,
        None,
        conf_level,
        df=df,
        ci=(lo, hi),
    )


def score(
    design: Any,
    items: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    scale_min: float = 1,
    scale_max: float | None = None,
    to_100: bool = False,
    codes: Mapping[Any, float] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Mean score of Likert items over substantive answers; optionally on a 0–100 scale.

    With ``to_100=True`` the score is DFØ's ``(mean − scale_min)/(scale_max − scale_min)·100``
    (estimate, SE and CI transformed alike). ``scale_max`` defaults to the number of levels
    of each item (to the largest code with ``codes=``).

    Example:
        >>> score(design, ["welcome", "help"], by="wave", to_100=True)  # doctest: +SKIP
    """
    names = as_list(items)
    if not names:
        raise DataError("score: no items given; pass a column name or a list of names.")
    cols, cats = _item_columns(design, names, codes)
    k = len(names)
    it = Items(cols, [None] * k, names, [None] * k, [False] * k)
    keys, g, est, se, n, df = _domain_means(design, it, by)
    lo, hi = _t_ci(est, se, df, conf_level)
    if to_100:
        tops = []
        for name, c in zip(names, cats, strict=True):
            if scale_max is not None:
                tops.append(float(scale_max))
            elif codes is not None:
                tops.append(float(max(codes.values())))
            elif c is not None:
                tops.append(float(len(c)))
            else:
                raise DataError(
                    f"score: item {name!r} is numeric; give scale_max= for the 0–100 score."
                )
        span = np.asarray(tops) - float(scale_min)
        if (span <= 0).any():
            raise DataError(f"score: scale_max must exceed scale_min={scale_min}, got {tops}.")
        f = 100.0 / span
        est, se = (est - scale_min) * f, se * f
        lo, hi = (lo - scale_min) * f, (hi - scale_min) * f
    return assemble(
        design,
        keys,
        g,
        names,
        [None] * len(names),
        est,
        se,
        n,
        None,
        conf_level,
        df=df,
        ci=(lo, hi),
    )


def _box_codes(missing: np.ndarray, top: np.ndarray) -> np.ndarray:
    """One int8 code per row: -1 missing, 1 in the top box, 0 otherwise (no row is both)."""
    return np.subtract(top.view(np.int8), missing.view(np.int8))


def _numeric_box_codes(s: pd.Series, top: tuple) -> np.ndarray:
    """Top-box codes of a numeric item (NaN, and text that is not a number, are missing).

    float64 and numpy integer columns are read in place (no float copy of the column).
    """
    if s.dtype == np.float64 or (isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu"):
        vals = s.to_numpy()
    else:
        vals = pd.to_numeric(s, errors="coerce").to_numpy(float, na_value=np.nan)
    missing = np.isnan(vals) if vals.dtype.kind == "f" else np.zeros(len(vals), dtype=bool)
    return _box_codes(missing, np.isin(vals, top))


def _t_ci(est, se, df, conf_level):
    with np.errstate(invalid="ignore"):
        q = stats.t.ppf(0.5 + conf_level / 2, np.where(df > 0, df, np.nan))
    return est - q * se, est + q * se
