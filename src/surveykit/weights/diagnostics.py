"""Weight diagnostics and trimming: Kish effective n, weight summary, design effects.

Example:
    >>> kish_n_eff([1.0, 1.0, 2.0, 4.0])
    2.909090909090909
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design
from surveykit.errors import DesignError

__all__ = ["design_effects", "kish_n_eff", "trim_weights", "weight_summary"]


def kish_n_eff(weights) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2 over non-zero weights."""
    w = np.asarray(weights, dtype=float)
    w = w[w != 0]
    return float(w.sum() ** 2 / (w**2).sum()) if len(w) else 0.0


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


def trim_weights(design: Design, lower: float, upper: float, *, relative: bool = True) -> Design:
    """Trim weights to [lower, upper], spreading the trimmed weight evenly over the others.

    R ``trimWeights(strict=FALSE)`` semantics; with ``relative=True`` the bounds are multiples
    of the mean non-zero weight. Only the total weight is kept: weight moves between strata
    and margin cells. To trim and keep the margins, bound the calibration instead:
    ``calibrate(design, margins, calfun="raking", bounds=(L, U))`` (what ``weighting.trim``
    of a study does).
    """
    w = np.asarray(design.weights, dtype=float)
    active = w != 0
    if relative:
        m = w[active].mean()
        lower, upper = lower * m, upper * m
    if not lower < upper:
        raise DesignError(f"trim_weights: lower ({lower:g}) must be below upper ({upper:g}).")
    outside = active & ((w < lower) | (w > upper))
    if not outside.any():
        return design
    trimmed = np.where(active, np.clip(w, lower, upper), 0.0)
    inside = active & ~outside
    if not inside.any():
        raise DesignError("trim_weights: every weight is outside the bounds; widen them.")
    trimmed[inside] += (w - trimmed).sum() / inside.sum()
    return design.with_weights(trimmed)
