"""The one result schema every estimator returns.

One row per estimate; always the same columns whatever the options (STYLE.md principle 2):
the grouping columns, then :data:`RESULT_COLUMNS`; contrasts and tests add
:data:`CONTRAST_COLUMNS` after them. ``level`` is the answer category for shares and
missing (``pd.NA``) for numeric variables. Results never hold formatted strings.

Example:
    >>> frame = result_frame({"variable": ["x"], "level": [None], "estimate": [1.0],
    ...                       "std_error": [0.1], "conf_low": [0.8], "conf_high": [1.2],
    ...                       "df": [10], "n": [11], "n_eff": [11.0], "deff": [1.0]})
    >>> list(frame.columns) == RESULT_COLUMNS
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["CONTRAST_COLUMNS", "RESULT_COLUMNS", "result_frame"]

RESULT_COLUMNS = [
    "variable",
    "level",
    "estimate",
    "std_error",
    "conf_low",
    "conf_high",
    "df",
    "n",
    "n_eff",
    "deff",
    "suppressed",
]
CONTRAST_COLUMNS = ["contrast", "statistic", "p_value", "p_adjusted", "effect_size"]

_FLOAT = ["estimate", "std_error", "conf_low", "conf_high", "df", "n_eff", "deff"]


def result_frame(
    columns: Mapping[str, Sequence | np.ndarray],
    *,
    by: Sequence[str] = (),
    contrast: bool = False,
) -> pd.DataFrame:
    """Assemble a result in the canonical column order and dtypes.

    Missing schema columns are filled (``suppressed`` with False, the others with NA), so
    estimators only pass what they computed. ``by`` names the grouping columns that lead.
    With ``contrast=True`` the contrast columns are appended.
    """
    wanted = [*by, *RESULT_COLUMNS, *(CONTRAST_COLUMNS if contrast else [])]
    unknown = set(columns) - set(wanted)
    if unknown:
        raise KeyError(f"result_frame: columns not in the schema: {sorted(unknown)}")
    n_rows = len(next(iter(columns.values()))) if columns else 0
    frame = pd.DataFrame({k: columns[k] for k in columns}, index=pd.RangeIndex(n_rows))
    for col in wanted:
        if col not in frame:
            frame[col] = False if col == "suppressed" else np.nan
    for col in _FLOAT + (["statistic", "p_value", "p_adjusted", "effect_size"] if contrast else []):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["n"] = pd.to_numeric(frame["n"], errors="coerce").astype("Int64")
    frame["suppressed"] = frame["suppressed"].astype(bool)
    frame["variable"] = frame["variable"].astype(object)
    frame["level"] = frame["level"].astype(object).where(frame["level"].notna(), None)
    if contrast:
        frame["contrast"] = frame["contrast"].astype(object)
    return frame[wanted]
