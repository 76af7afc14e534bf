"""Likert summaries: top-box share ("andel enig") and mean score, also on a 0–100 scale.

Both are over substantive answers only: missing and non-substantive answers ("Vet ikke",
whether kept apart by the codebook or still a level of the item) are left out, with a
warning giving their share when the item holds them (:mod:`surveykit.estimate.scoring`).
A level's score is its position 1..k among the substantive levels unless ``codes`` maps
levels to scores. Standard errors come from the one variance engine, for all items and
``by`` groups in one pass; intervals use the domain's design df, as ``proportion`` and
``mean`` (R's ``svyciprop``).

Example:
    >>> topbox(design, ["welcome", "help"], top=("Litt enig", "Helt enig"), by="wave")  # doctest: +SKIP
    >>> score(design, ["welcome", "help"], to_100=True)                                # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.design import Items, domain_stats, group_degf, positive_shares
from surveykit.errors import DataError, SurveykitWarning
from surveykit.estimate.grouping import (
    assemble,
    check_columns,
    check_conf_level,
    group_index,
    logit_interval,
    t_interval,
    variable_list,
)
from surveykit.estimate.scoring import (
    as_scale_hint,
    item_scores,
    study_codes,
    substantive_levels,
    top_indicator,
)

__all__ = ["score", "topbox"]


def _domain_means(design: Any, it: Items, by):
    """Per group and item: the domain statistics and the SE — one pass of the means engine.

    Groups where an item has no respondents keep an SE of 0 (the estimate is NaN).
    """
    g, keys = group_index(design, by)
    st = domain_stats(design, it, g, len(keys))
    se = np.sqrt(np.where(st.wsum > 0, st.variance, 0.0))
    return keys, g, st, se


def _active(design: Any) -> np.ndarray:
    return np.asarray(design.weights) != 0


def topbox(
    design: Any,
    items: str | Sequence[str],
    *,
    top: Sequence[Any],
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of substantive answers in the top box, with a logit confidence interval.

    ``top`` lists level labels, or level positions (1..k among the substantive levels) as
    integers. The CI is R's ``svyciprop(method="logit")``: logit(p) ± t·se/(p(1−p)),
    back-transformed, t on the domain's design df. ``level`` names the top box
    ("Litt enig / Helt enig").

    Example:
        >>> topbox(design, "help", top=("Litt enig", "Helt enig"), by="site_type")  # doctest: +SKIP
    """
    check_conf_level(conf_level, "topbox")
    names = variable_list(items, "topbox: items")
    if not names:
        raise DataError("topbox: no items given; pass a column name or a list of names.")
    check_columns(design, names, "topbox")
    active = _active(design)
    cols, level = [], None
    for name in names:
        box, level = top_indicator(design.data, name, top, caller="topbox", active=active)
        cols.append(box)
    k = len(names)
    it = Items(cols, [1] * k, names, [level] * k, [True] * k)
    keys, g, st, se = _domain_means(design, it, by)
    est = st.estimate
    df = np.broadcast_to(group_degf(design, g, len(keys))[:, None], est.shape)
    se_logit = st.logit_se(design.replicates, positive_shares(design, it, g, len(keys)))
    lo, hi = logit_interval(est, se, df, conf_level, se_logit=se_logit)
    return assemble(design, keys, g, names, [level] * k, est, se, st.n, st.deff, conf_level,
                    df=df, ci=(lo, hi))


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
    (estimate, SE and CI transformed alike). ``scale_max`` defaults to the number of
    substantive levels of each item (to the largest code with ``codes=``). A numeric item
    with values outside ``[scale_min, scale_max]`` (given) is refused: such a value is
    usually a code such as 9 = "Vet ikke". A categorical item whose scores (1..k, or
    ``codes``) fall outside a stated scale is refused too (its 0–100 score would leave 0–100);
    one that does not span it (a 1–5 item on a 1–7 scale) gets a warning with ``to_100``.

    Example:
        >>> score(design, ["welcome", "help"], by="wave", to_100=True)  # doctest: +SKIP
    """
    check_conf_level(conf_level, "score")
    names = variable_list(items, "score: items")
    if not names:
        raise DataError("score: no items given; pass a column name or a list of names.")
    check_columns(design, names, "score")
    active = _active(design)
    cols, tops = [], []
    for name in names:
        s = design.data[name]
        if not (isinstance(s.dtype, pd.CategoricalDtype) or (
                pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype))):
            raise DataError(
                f"score: item {name!r} has dtype {s.dtype}; expected an ordered categorical "
                "(from the codebook) or numeric scores."
                + (f" {as_scale_hint(s, name)}" if s.dtype == object or pd.api.types.is_string_dtype(s.dtype) else "")
            )
        own = codes if codes is not None else study_codes(design.data, name)   # a study's: the codebook's codes
        values = item_scores(design.data, name, codes=own, caller="score", active=active)
        if not isinstance(s.dtype, pd.CategoricalDtype):
            _check_range(name, values[active], scale_min, scale_max)
        elif to_100 or scale_max is not None:
            _check_level_scores(name, s, own, scale_min, scale_max, to_100, study=codes is None and own is not None)
        cols.append(values)
        if scale_max is not None:
            tops.append(float(scale_max))
        elif own is not None:   # the highest score given to an answer (numbers: to a value)
            kept = substantive_levels(s) if isinstance(s.dtype, pd.CategoricalDtype) else list(own)
            tops.append(float(max(own[c] for c in kept)))
        elif isinstance(s.dtype, pd.CategoricalDtype):
            tops.append(float(len(substantive_levels(s))))
        else:
            tops.append(None)
    k = len(names)
    it = Items(cols, [None] * k, names, [None] * k, [False] * k)
    keys, g, st, se = _domain_means(design, it, by)
    est, n, deff = st.estimate, st.n, st.deff
    df = np.broadcast_to(group_degf(design, g, len(keys))[:, None], est.shape)
    lo, hi = t_interval(est, se, df, conf_level)
    if to_100:
        missing = [name for name, t in zip(names, tops, strict=True) if t is None]
        if missing:
            raise DataError(
                f"score: item {missing[0]!r} is numeric; give scale_max= for the 0–100 score."
            )
        span = np.asarray(tops, dtype=float) - float(scale_min)
        if (span <= 0).any():
            raise DataError(f"score: scale_max must exceed scale_min={scale_min}, got {tops}.")
        f = 100.0 / span
        est, se = (est - scale_min) * f, se * f
        lo, hi = (lo - scale_min) * f, (hi - scale_min) * f
    return assemble(design, keys, g, names, [None] * k, est, se, n, deff, conf_level, df=df,
                    ci=(lo, hi))


def _check_level_scores(name: str, s: pd.Series, codes, lo: float, hi: float | None,
                        to_100: bool, study: bool = False) -> None:
    """A categorical item's scores (1..k over its substantive levels, or ``codes``) outside
    the declared scale would give a 0-100 score beyond 0-100: refused. Inside it but not
    spanning it (a 1-5 item on a 1-7 scale) is allowed with a warning on the 0-100 score."""
    substantive = substantive_levels(s)
    scores = ([float(codes[c]) for c in substantive if c in codes] if codes is not None
              else [float(i) for i in range(1, len(substantive) + 1)])
    if not scores:
        return
    low, top = min(scores), max(scores)
    high = top if hi is None else float(hi)
    how = ("the codebook's codes" if study else "codes=") if codes is not None else \
        "its substantive levels in order, from 1"
    if low < lo or top > high:
        raise DataError(
            f"score: the scores of {name!r} run {low:g}–{top:g} ({how}), outside the scale "
            f"scale_min={lo:g} to scale_max={high:g}"
            f"{'; its 0–100 score would leave 0–100' if to_100 else ''}. Give "
            f"scale_min={low:g}, scale_max={top:g} (or leave scale_max out: it is then {top:g})."
        )
    if to_100 and (low > lo or top < high):
        warnings.warn(
            f"score: the scores of {name!r} run {low:g}–{top:g} ({how}) on the scale "
            f"{lo:g}–{high:g}: its 0–100 score cannot reach "
            f"{'0' if low > lo else '100'}. Leave scale_min/scale_max out to use the item's "
            "own range.",
            SurveykitWarning,
            stacklevel=3,
        )


def _check_range(name: str, values: np.ndarray, lo: float, hi: float | None) -> None:
    """Numeric scores outside the declared scale are refused (e.g. 9 = "Vet ikke")."""
    if hi is None:
        return
    bad = values[~np.isnan(values) & ((values < lo) | (values > hi))]
    if len(bad):
        vals, counts = np.unique(bad, return_counts=True)
        shown = ", ".join(f"{v:g} ×{c}" for v, c in zip(vals[:5], counts[:5], strict=True))
        raise DataError(
            f"score: item {name!r} has values outside the scale {lo:g}–{hi:g}: {shown}. A code "
            "such as 9 = 'Vet ikke' is not a score: make the item categorical from its value "
            "labels (non-substantive levels are then left out) or set those codes to missing."
        )
