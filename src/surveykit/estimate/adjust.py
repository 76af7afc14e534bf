"""Multiple-comparison adjustment of p-values (Holm, Benjamini–Hochberg), as R's ``p.adjust``.

Example:
    >>> p_adjust([0.01, 0.04, 0.03], method="holm").round(2).tolist()
    [0.03, 0.06, 0.06]
    >>> p_adjust([0.01, 0.04, 0.03], method="bh").round(2).tolist()
    [0.03, 0.04, 0.04]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["METHODS", "p_adjust"]

METHODS = ("holm", "bh")


def p_adjust(
    p: Sequence[float] | np.ndarray | pd.Series, method: str = "holm"
) -> np.ndarray | pd.Series:
    """Adjust p-values for multiple comparisons; equals R's ``p.adjust(p, method)``.

    ``method`` is ``"holm"`` (family-wise error rate) or ``"bh"`` (false discovery rate,
    Benjamini–Hochberg; R's ``"BH"``/``"fdr"``). Missing p-values stay missing and do not
    count in the family size, as in R. A Series comes back as a Series with its index.
    """
    key = str(method).lower()
    key = {"fdr": "bh", "benjamini-hochberg": "bh"}.get(key, key)
    if key not in METHODS:
        from surveykit.errors import DataError

        raise DataError(
            f"p_adjust: unknown method {method!r}; use one of {', '.join(METHODS)} (Holm for the "
            "family-wise error rate, BH for the false discovery rate); an estimator's adjust= "
            "takes these or None (no adjustment)."
        )
    values = np.asarray(p, dtype=float)
    if values.ndim != 1:
        raise ValueError(
            f"p_adjust: expected a 1-d sequence of p-values, got shape {values.shape}."
        )
    out = np.full(values.shape, np.nan)
    ok = ~np.isnan(values)
    q = values[ok]
    m = q.size
    if m:
        if np.any((q < 0) | (q > 1)):
            raise ValueError("p_adjust: p-values must lie in [0, 1].")
        if key == "holm":
            order = np.argsort(q, kind="stable")
            scaled = (m - np.arange(m)) * q[order]
            adj = np.minimum(1.0, np.maximum.accumulate(scaled))
        else:
            order = np.argsort(q, kind="stable")[::-1]
            scaled = m / np.arange(m, 0, -1) * q[order]
            adj = np.minimum(1.0, np.minimum.accumulate(scaled))
        res = np.empty(m)
        res[order] = adj
        out[ok] = res
    if isinstance(p, pd.Series):
        return pd.Series(out, index=p.index, name=p.name)
    return out
