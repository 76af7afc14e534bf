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

from surveykit.design import (
    Design,
    design_effect,
    replicate_ratios,
    segsum,
    srs_variance,
    vcov,
)
from surveykit.errors import DataError
from surveykit.estimate.conversions import comma_note, date_code, held_number, numeric_conversion
from surveykit.estimate.grouping import (
    assemble,
    check_columns,
    check_conf_level,
    column_name,
    group_index,
)

__all__ = ["ratio"]


def _numbers(design: Design, column: str, role: str) -> np.ndarray:
    """The column as float; text, categories or another non-numeric column is refused (R's
    svyratio: "non-numeric argument"), numbers held as text too: convert them knowingly."""
    s = design.data[column]
    if pd.api.types.is_numeric_dtype(s.dtype):  # numbers, booleans (R: TRUE = 1)
        return pd.to_numeric(s).to_numpy(dtype=float, na_value=np.nan)
    values = list(pd.unique(s.dropna()))[:5]
    source = f"design.data[{column!r}]"
    if s.dtype.kind in "mM":
        raise DataError(
            f"ratio: the {role} {column!r} holds dates, times or durations ({s.dtype}), not numbers; "
            f"make a number of it first: design.with_columns(**{{{column!r}: "
            f"{date_code(source, s.dtype)}}})."
        )
    held = bool(values) and all(held_number(v) for v in values)  # Decimal of pd.read_sql
    kind = ("categorical" if isinstance(s.dtype, pd.CategoricalDtype) else
            "numbers held as Python objects" if held else "text")
    raise DataError(
        f"ratio: the {role} {column!r} is {kind} ({s.dtype}, values such as "
        f"{', '.join(map(repr, values))}), {'not a numeric column' if held else 'not numbers'}; "
        "a ratio needs numbers. If they are "
        f"numbers, convert them: design.with_columns(**{{{column!r}: "
        f"{numeric_conversion(source, s.dropna().unique())}}}){comma_note(s.dropna().unique())}; "
        "for a category's share use sk.proportion."
    )


def ratio(
    design: Design,
    numerator: str,
    denominator: str,
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Ratio estimate with its linearised SE and t-interval (domain df); on a replicate
    design the SE is that of the replicates' ratios (R ``svyratio.svyrep.design``)."""
    check_conf_level(conf_level, "ratio")
    numerator = column_name(numerator, "ratio: numerator")
    denominator = column_name(denominator, "ratio: denominator")
    check_columns(design, [numerator, denominator], "ratio")
    g, keys = group_index(design, by)
    n_groups = len(keys)
    y, x = (_numbers(design, c, role) for c, role in ((numerator, "numerator"), (denominator, "denominator")))
    ok = ~(np.isnan(y) | np.isnan(x))
    for c, v in ((numerator, y), (denominator, x)):
        bad = np.flatnonzero(ok & np.isinf(v) & (design.weights != 0))
        if len(bad):
            raise DataError(
                f"ratio: {c!r} has {len(bad)} infinite value(s) (first at row {int(bad[0])}); a total "
                "with them is not a number. Make them missing (np.nan) or correct them, then "
                "estimate again."
            )
    w = np.where(ok, design.weights, 0.0)
    y, x = np.where(ok, y, 0.0), np.where(ok, x, 0.0)
    ty, tx = segsum(g, n_groups, w * y), segsum(g, n_groups, w * x)
    has = segsum(g, n_groups, (w != 0).astype(float)) > 0
    if (has & (tx == 0)).any():  # R: Inf with an SE of NaN
        j = int(np.flatnonzero(has & (tx == 0))[0])
        where = (" in the group " + ", ".join(f"{c}={v!r}" for c, v in keys.iloc[j].items())
                 if keys.shape[1] else "")
        raise DataError(
            f"ratio: the denominator {denominator!r} sums to 0{where} (every respondent's value is "
            "0), so the ratio has no value (R gives Inf with no standard error). Check the "
            "denominator, or leave those respondents out with design.subset(...)."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        r = ty / tx
        gi = np.maximum(g, 0)
        scores = np.where(w != 0, w * (y - r[gi] * x) / tx[gi], 0.0)
    reps = None
    if design.replicates is not None:  # R: the ratio of every replicate's totals
        rr = replicate_ratios(design, y, x, g, n_groups)
        reps = (rr[1:], rr[0])
    var = vcov(design, scores[:, None], groups=g, n_groups=n_groups, replicates=reps)
    deff = design_effect(var, srs_variance(w, scores[:, None], g, n_groups))
    n = segsum(g, n_groups, (w != 0).astype(float))[:, None]
    return assemble(design, keys, g, [f"{numerator}/{denominator}"], [None], r[:, None],
                    np.sqrt(var), n, deff, conf_level)
