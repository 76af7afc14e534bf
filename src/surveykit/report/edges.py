"""Intervals of shares of 0 % and 100 % in a report.

The design-based (logit) interval of a share of exactly 0 or 1 has no width: R's
``svyciprop`` gives [0, 0] and [1, 1], and so do the estimators (R parity). Printed as
"0,0 % [0,0; 0,0]" beside a group of 20 respondents it reads as certainty. A report shows
instead the exact binomial (Clopper–Pearson) interval for the row's ``n`` respondents:
[0, 1 − (α/2)^(1/n)] for 0 and [(α/2)^(1/n), 1] for 1, and the method notes say so. It does
not widen for weights or clusters (at 0 % the design effect cannot be estimated), so it is if
anything too narrow, never falsely certain. Only shares are touched (rows with an answer
category in ``level``, and the rows of the ``shares`` variables: a multi-select question's
options, ``<item>__<option>``, carry no level, the option is the variable; outside contrasts
and models), only unsuppressed rows with ``n > 0`` whose interval has no width.

Example:
    >>> f = pd.DataFrame({"variable": ["q"], "level": ["Nei"], "estimate": [0.0], "conf_low": [0.0],
    ...                   "conf_high": [0.0], "n": [20], "suppressed": [False]})
    >>> out, k = edge_intervals(f)
    >>> round(float(out["conf_high"][0]), 4), k
    (0.1684, 1)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from surveykit.report.disclosure import map_frames

__all__ = ["edge_intervals", "widen_edges"]

_EDGE = 1e-12   # as the estimators' logit interval: this close to 0 or 1 is 0 or 1


def edge_intervals(frame: pd.DataFrame, conf_level: float = 0.95,
                   shares: Collection[str] = ()) -> tuple[pd.DataFrame, int]:
    """``frame`` with the no-width intervals of its 0 % and 100 % shares replaced by the exact
    binomial interval for ``n``, and how many rows were changed (the frame itself when none).
    A share is a row with an answer in ``level``, or a row whose ``variable`` is one of
    ``shares`` (a multi-select option's share of those who answered: no level)."""
    need = {"estimate", "conf_low", "conf_high", "n"}
    if not need <= set(frame.columns) or "outcome" in frame or not len(frame) \
            or not ("level" in frame or (shares and "variable" in frame)):
        return frame, 0
    est = pd.to_numeric(frame["estimate"], errors="coerce").to_numpy(float)
    lo = pd.to_numeric(frame["conf_low"], errors="coerce").to_numpy(float)
    hi = pd.to_numeric(frame["conf_high"], errors="coerce").to_numpy(float)
    n = pd.to_numeric(frame["n"], errors="coerce").to_numpy(float)
    share = np.zeros(len(frame), dtype=bool)
    if "level" in frame:
        level = frame["level"]
        share |= (level.notna() & level.astype(str).str.strip().ne("")).to_numpy()
    if shares and "variable" in frame:
        share |= frame["variable"].astype(str).isin([str(s) for s in shares]).to_numpy()
    if "contrast" in frame:
        share &= ~(frame["contrast"].notna() & frame["contrast"].astype(str).str.strip().ne("")).to_numpy()
    if "suppressed" in frame:
        share &= ~frame["suppressed"].fillna(False).astype(bool).to_numpy()
    with np.errstate(invalid="ignore"):
        zero = share & (np.abs(est) <= _EDGE) & (np.abs(hi - est) <= _EDGE) & (n > 0)
        one = share & (np.abs(1 - est) <= _EDGE) & (np.abs(est - lo) <= _EDGE) & (n > 0)
    changed = zero | one
    if not changed.any():
        return frame, 0
    tail = (1 - conf_level) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.power(tail, 1 / n)
    out = frame.copy()
    out["conf_high"] = np.where(zero, 1 - bound, hi)
    out["conf_low"] = np.where(one, bound, lo)
    return out, int(changed.sum())


def widen_edges(results: Mapping[str, Any], conf_level: float = 0.95,
                shares: Mapping[str, Collection[str]] | None = None) -> tuple[dict[str, Any], int]:
    """Every frame of every result value with :func:`edge_intervals` applied; the results (same
    types back) and the number of rows changed over all of them. ``shares`` gives per result
    the variables whose rows are shares without a level (a multi-select question's options)."""
    count = 0
    shares = shares or {}

    def widened(name: str):
        def one(frame: pd.DataFrame) -> pd.DataFrame:
            nonlocal count
            out, k = edge_intervals(frame, conf_level, shares.get(name, ()))
            count += k
            return out
        return one

    return {name: map_frames(result, widened(name)) for name, result in results.items()}, count
