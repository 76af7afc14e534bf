"""Reliability of an index: weighted Cronbach's alpha (with a design-based SE) and item–rest
correlations.

Computed on the respondents who answered every item (listwise), from the weighted
covariance matrix S of the item scores: ``alpha = k/(k−1) · (1 − tr S / 1'S1)``. Alpha is a
smooth function of weighted moments, so its influence values go through the one variance
engine like any other estimate (strata, clusters, calibration count).

Example:
    >>> cronbach_alpha(design, ["meet1", "meet2", "meet3"], by="wave")  # doctest: +SKIP
    >>> item_rest(design, ["meet1", "meet2", "meet3"])                 # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.design import (
    design_effect,
    group_degf,
    replicate_totals,
    segsum,
    srs_variance,
    vcov,
)
from surveykit.errors import DataError, SurveykitWarning
from surveykit.estimate.contrast import item_values
from surveykit.estimate.grouping import (
    as_list,
    assemble,
    check_columns,
    check_conf_level,
    group_index,
)

__all__ = ["cronbach_alpha", "item_rest"]


def _moments(design: Any, items: list[str], by):
    """Complete-case weighted covariance matrices per group: (G, k, k) and row deviations."""
    if len(items) < 2:
        raise DataError(f"reliability: needs at least 2 items, got {items}.")
    check_columns(design, items, "reliability")
    twice = list(dict.fromkeys(v for v in items if items.count(v) > 1))
    if twice:  # an item twice would count as two perfectly correlated items: alpha too high
        raise DataError(
            f"reliability: {', '.join(map(repr, twice))} named more than once in the items "
            f"{items}; an item given twice counts as two items that agree perfectly, which raises "
            "alpha. Name each item once."
        )
    active = np.asarray(design.weights) != 0
    x = np.column_stack([item_values(design.data, v, caller="reliability", active=active)
                         for v in items])
    g, keys = group_index(design, by)
    n_g, k = len(keys), len(items)
    w = np.asarray(design.weights, dtype=float)
    ok = ~np.isnan(x).any(axis=1) & (w > 0) & (g >= 0)
    if not ok.any():
        raise DataError(
            f"reliability: no respondent with a positive weight answered all of {items}; the "
            "domain is empty."
        )
    wc = np.where(ok, w, 0.0)
    gi = np.where(ok, g, -1)
    wsum = segsum(gi, n_g, wc)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = segsum(gi, n_g, wc[:, None] * np.nan_to_num(x)) / wsum[:, None]
    d = np.where(ok[:, None], np.nan_to_num(x) - np.nan_to_num(mean)[np.maximum(g, 0)], 0.0)
    # the weighted cross-products pair by pair: no (rows, k * k) matrix (200 MB at 1M rows, 5 items)
    total = np.empty((n_g, k, k))
    for a in range(k):
        for b in range(a, k):
            total[:, a, b] = total[:, b, a] = segsum(gi, n_g, wc * (d[:, a] * d[:, b]))
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = total / wsum[:, None, None]
    n = segsum(gi, n_g, ok.astype(float))
    return keys, g, gi, ok, wc, wsum, d, cov, n


def cronbach_alpha(
    design: Any,
    items: Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    name: str | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Weighted Cronbach's alpha of ``items`` with a linearised design-based SE and t CI.

    One row per ``by`` group; ``variable`` is ``name`` (default: the items joined by "+").
    Under equal weights the estimate equals the textbook formula.

    Example:
        >>> cronbach_alpha(design, ["meet1", "meet2", "meet3"], name="moteplass")  # doctest: +SKIP
    """
    check_conf_level(conf_level, "cronbach_alpha")
    items = as_list(items)
    keys, g, gi, ok, wc, wsum, d, cov, n = _moments(design, items, by)
    k = len(items)
    c = k / (k - 1)
    tr = np.trace(cov, axis1=1, axis2=2)  # (G,)
    tot = cov.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = c * (1 - tr / tot)
        gg = np.maximum(g, 0)
        a = (d**2).sum(axis=1)
        b = d.sum(axis=1) ** 2
        scale = wc / wsum[gg]
        z = c * scale * (-(a - tr[gg]) / tot[gg] + tr[gg] * (b - tot[gg]) / tot[gg] ** 2)
    z = np.where(ok, z, 0.0)
    _warn_reversed(items, keys, cov, design.data)
    reps = _replicate_alpha(design, d, ok, gi, len(keys), c) if design.replicates is not None else None
    var = vcov(design, z[:, None], groups=gi, n_groups=len(keys), replicates=reps)
    deff = design_effect(var, srs_variance(wc, z[:, None], gi, len(keys)))
    df = group_degf(design, gi, len(keys))[:, None]
    label = name or "+".join(items)
    return assemble(
        design, keys, g, [label], [None], alpha[:, None], np.sqrt(var), n[:, None], deff,
        conf_level, df=df
    )


def _rest_correlations(cov: np.ndarray) -> np.ndarray:
    """(G, k) correlations of each item with the sum of the others, from (G, k, k) covariances."""
    diag = np.diagonal(cov, axis1=1, axis2=2)
    rowsum = cov.sum(axis=2)
    tot = cov.sum(axis=(1, 2))[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rowsum - diag) / np.sqrt(diag * (tot - 2 * rowsum + diag))


def _reversal(data: pd.DataFrame, item: str) -> tuple[str, str]:
    """The ``codes=`` that reverses ``item`` in :func:`surveykit.with_scores` (written as Python) and
    what it assumes: a categorical's own levels (the codebook's codes when a study's design carries
    them, else the positions 1..k) mirrored; a number's whole values seen, mirrored.

    >>> q = pd.Categorical(["Nei", "Ja"], ["Nei", "Vet ikke", "Ja"], ordered=True)
    >>> _reversal(pd.DataFrame({"q": q}), "q")[0]
    "{'Nei': 2, 'Ja': 1}"
    >>> _reversal(pd.DataFrame({"q": [0.0, 2.0, 4.0, 1.0]}), "q")[0]
    '{0: 4, 1: 3, 2: 2, 4: 0}'
    """
    from surveykit.estimate.scoring import study_codes, substantive_levels

    s = data[item]
    if isinstance(s.dtype, pd.CategoricalDtype):
        levels = substantive_levels(s)
        try:
            own = study_codes(data, item)
        except DataError:
            own = None
        scores = {lv: float(own[lv]) for lv in levels} if own else {lv: float(i + 1) for i, lv in enumerate(levels)}
        lo, hi = min(scores.values()), max(scores.values())
        codes = {lv: lo + hi - v for lv, v in scores.items()}
        return ("{" + ", ".join(f"{lv!r}: {v:g}" for lv, v in codes.items()) + "}",
                "its levels' scores mirrored")
    seen = pd.to_numeric(s, errors="coerce").dropna().unique()
    if 1 < len(seen) <= 11 and all(float(v).is_integer() for v in seen):
        lo, hi = float(min(seen)), float(max(seen))
        return ("{" + ", ".join(f"{v:g}: {lo + hi - v:g}" for v in sorted(seen)) + "}",
                f"the values seen, {lo:g} to {hi:g}, mirrored")
    return "{1: 5, 2: 4, 3: 3, 4: 2, 5: 1}", "a 1-5 item"


def _warn_reversed(items: list[str], keys: pd.DataFrame, cov: np.ndarray, data: pd.DataFrame) -> None:
    """Warn of items that correlate negatively with the sum of the others: alpha assumes every
    item points the same way, and a reversed item ("I often wait too long", among items of
    satisfaction) lowers it to a plausible-looking number (psych's alpha warns the same). Below
    -0.1 only: items that do not correlate at all scatter around 0."""
    r = _rest_correlations(cov)
    negative = np.nan_to_num(r, nan=0.0) < -0.1  # not the noise of items that do not correlate
    if not negative.any():
        return
    # the most negative first: one reversed item among three can pull the others' item-rest
    # correlations below 0 too, and it is the one to reverse
    cols = sorted(np.flatnonzero(negative.any(axis=0)), key=lambda j: float(np.nanmin(r[:, j])))
    shown = []
    for j in cols[:5]:
        gi = int(np.flatnonzero(negative[:, j])[0])
        where = (" in " + ", ".join(f"{c} == {v!r}" for c, v in keys.iloc[gi].items())) if len(keys.columns) else ""
        shown.append(f"{items[j]!r} (r = {r[gi, j]:.2f}{where})")
    first = items[cols[0]]
    codes, assumed = _reversal(data, first)
    warnings.warn(
        f"cronbach_alpha: {', '.join(shown)} correlate{'s' if len(cols) == 1 else ''} negatively with "
        "the sum of the other items; alpha assumes every item points the same way, so a reversed "
        "item lowers it. If "
        + ("it is" if len(cols) == 1 else f"{first!r}, the most negative, is") + " worded the other way round, "
        "reverse its scores first (then check the others again), e.g. "
        f"design = sk.with_scores(design, [{first!r}], codes={codes}) ({assumed}; then use "
        f"{first + '_score'!r}), as psych's alpha(check.keys=TRUE) would.",
        SurveykitWarning,
        stacklevel=3,
    )


def _replicate_alpha(design, d, ok, gi, n_g, c) -> tuple:
    """Alpha with every replicate's weights, (R, G, 1), and with the full sample's: from the
    replicates' totals of 1, d and d d' (d: deviations from the full-sample means)."""
    k = d.shape[1]
    iu = np.triu_indices(k)

    def fill(rows, out: np.ndarray) -> None:  # [1, d, d d'] chunk by chunk: no (rows, m) copy
        part = d[rows]
        out[0] = ok[rows]
        out[1 : k + 1] = part.T
        out[k + 1 :] = (part[:, iu[0]] * part[:, iu[1]]).T

    t = replicate_totals(design.replicates, design.weights, fill, 1 + k + len(iu[0]),
                         design.in_domain(np.asarray(gi, dtype=np.int64)), n_g)  # (R + 1, G, m)
    with np.errstate(invalid="ignore", divide="ignore"):
        wsum = t[..., 0]
        m = t[..., 1 : k + 1] / wsum[..., None]
        cov = np.zeros((*wsum.shape, k, k))
        cov[..., iu[0], iu[1]] = t[..., k + 1 :] / wsum[..., None]
        cov = cov + np.triu(cov, 1).swapaxes(-1, -2)
        cov = cov - m[..., :, None] * m[..., None, :]
        alpha = c * (1 - np.trace(cov, axis1=-2, axis2=-1) / cov.sum(axis=(-2, -1)))
    return alpha[1:, :, None], alpha[0, :, None]


def item_rest(
    design: Any, items: Sequence[str], *, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Weighted correlation of each item with the sum of the other items (no SE).

    Example:
        >>> item_rest(design, ["meet1", "meet2", "meet3"])  # doctest: +SKIP
    """
    items = as_list(items)
    keys, g, _gi, _ok, _wc, _wsum, _d, cov, n = _moments(design, items, by)
    r = _rest_correlations(cov)
    k = len(items)
    nan = np.full_like(r, np.nan)
    return assemble(
        design,
        keys,
        g,
        items,
        [None] * k,
        r,
        nan,
        np.repeat(n[:, None], k, 1),
        nan,  # a descriptive correlation: no variance, so no design effect
        0.95,
        df=np.full_like(r, np.nan),
        ci=(nan, nan),
    )
