"""Ratio of two totals (R ``svyratio``): sum(w y) / sum(w x), linearised.

Rows with a missing numerator or denominator are left out (domain). The ``variable`` column
reads ``"numerator/denominator"``.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2, 3], "x": [2.0, 4, 6]}))
    >>> float(ratio(d, "y", "x")["estimate"][0])
    0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design, segsum
from surveykit.estimate.grouping import assemble, check_columns, check_conf_level, group_index
from surveykit.variance import design_effect, grouped_variance, srs_variance

__all__ = ["ratio"]


def ratio(
    design: Design,
    numerator: str,
    denominator: str,
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Ratio estimate with its linearised SE and t-interval (domain df)."""
    check_conf_level(conf_level, "ratio")
    check_columns(design, [numerator, denominator], "ratio")
    g, keys = group_index(design, by)
    n_groups = len(keys)
    y = pd.to_numeric(design.data[numerator]).to_numpy(dtype=float, na_value=np.nan)
    x = pd.to_numeric(design.data[denominator]).to_numpy(dtype=float, na_value=np.nan)
    ok = ~(np.isnan(y) | np.isnan(x))
    w = np.where(ok, design.weights, 0.0)
    y, x = np.where(ok, y, 0.0), np.where(ok, x, 0.0)
    ty, tx = segsum(g, n_groups, w * y), segsum(g, n_groups, w * x)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = ty / tx
        gi = np.maximum(g, 0)
        scores = np.where(w != 0, w * (y - r[gi] * x) / tx[gi], 0.0)
    var = grouped_variance(design, scores[:, None], g, n_groups)
    deff = design_effect(var, srs_variance(w, scores[:, None], g, n_groups))
    n = segsum(g, n_groups, (w != 0).astype(float))[:, None]
    return assemble(design, keys, g, [f"{numerator}/{denominator}"], [None], r[:, None],
                    np.sqrt(var), n, deff, conf_level)
