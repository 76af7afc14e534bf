"""Weight diagnostics and trimming: weight summary (with Kish's effective n), design effects.

Kish's effective sample size itself is :func:`surveykit.design.kish_n_eff` (exported here too).

Example:
    >>> import pandas as pd
    >>> d = Design(pd.DataFrame({"w": [1.0, 1.0, 2.0, 4.0]}), weights="w")
    >>> round(float(weight_summary(d)["n_eff"].iloc[0]), 6)
    2.909091
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design, kish_n_eff
from surveykit.errors import DesignError, SurveykitWarning

__all__ = ["design_effects", "kish_n_eff", "trim_weights", "weight_summary"]


def weight_summary(design: Design) -> pd.DataFrame:
    """One-row tidy summary of the weights (as the oracle's ``weights_summary``)."""
    w = np.asarray(design.weights, dtype=float)
    nz = w[w != 0]
    n_eff = kish_n_eff(w)
    q = np.quantile(w, [0.25, 0.5, 0.75])
    return pd.DataFrame([{
        "n": len(w), "n_nonzero": len(nz), "sum": w.sum(), "mean": w.mean(),
        "sd": w.std(ddof=1), "min": w.min(), "q25": q[0], "median": q[1], "q75": q[2],
        "max": w.max(), "cv_nonzero": nz.std(ddof=1) / nz.mean() if len(nz) > 1 else np.nan,
        "kish_deff": len(nz) / n_eff if n_eff else np.nan, "n_eff": n_eff,
    }])


def design_effects(design: Design, variables: str | Sequence[str], *, by=None) -> pd.DataFrame:
    """Design effects (R ``deff="replace"``) and effective n of the means/shares of ``variables``."""
    from surveykit.estimate.means import mean

    res = mean(design, variables, by=by)
    keep = [c for c in res.columns if c not in ("conf_low", "conf_high", "df", "suppressed")]
    return res[keep]


def trim_weights(design: Design, lower: float, upper: float, *, relative: bool = True,
                 strict: bool = False) -> Design:
    """Trim weights to [lower, upper], spreading the trimmed weight evenly over the others.

    R ``trimWeights`` semantics with ``relative=False`` (``lower`` and ``upper`` are weights);
    with ``relative=True`` (the default) the bounds are multiples of the mean non-zero weight.
    The spread weight can push a weight above ``upper`` again; ``strict=True`` repeats the
    trimming until none is (R's ``strict = TRUE``). Only the total weight is kept: weight moves
    between strata and margin cells. To trim and keep the margins, bound the calibration instead:
    ``calibrate(design, margins, calfun="raking", bounds=(L, U))`` (what ``weighting.trim``
    of a study does).
    """
    if design.replicates is not None:
        raise DesignError(
            "trim_weights: a replicate design's replicates would need trimming too (R's "
            "trimWeights for replicate designs does not do it consistently); bound the "
            "calibration instead, which weights every replicate: calibrate(design, margins, "
            "calfun='raking', bounds=(L, U))."
        )
    w = np.asarray(design.weights, dtype=float)
    active = w != 0
    given = (lower, upper)
    if relative:
        m = w[active].mean()
        lower, upper = lower * m, upper * m
    if not lower < upper:
        raise DesignError(f"trim_weights: lower ({lower:g}) must be below upper ({upper:g}).")
    outside = active & ((w < lower) | (w > upper))
    if not outside.any():
        if relative:
            warnings.warn(
                f"trim_weights: no weight is outside [{lower:g}, {upper:g}], {given[0]:g} to {given[1]:g} "
                f"times the mean weight {m:g} (relative=True, the default); nothing was trimmed. For bounds "
                "that are weights, as R's trimWeights(lower=, upper=), pass relative=False.",
                SurveykitWarning, stacklevel=2)
        return design
    inside = active & ~outside
    if not inside.any():
        scale = (f" With relative=True (the default) they are {given[0]:g} and {given[1]:g} times the "
                 f"mean weight {m:g}; for bounds that are weights, as R's trimWeights(lower=, upper=), "
                 "pass relative=False." if relative else "")
        raise DesignError(
            f"trim_weights: every weight is outside the bounds [{lower:g}, {upper:g}] (the weights "
            f"run from {w[active].min():g} to {w[active].max():g}).{scale}"
        )
    trimmed = np.where(active, np.clip(w, lower, upper), 0.0)
    trimmed[inside] += (w - trimmed).sum() / inside.sum()
    out = design.with_weights(trimmed)
    if strict and (trimmed > upper).any():
        return trim_weights(out, lower, upper, relative=False, strict=True)
    return out
