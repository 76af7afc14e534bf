"""The one result schema every estimator returns.

One row per estimate; always the same columns whatever the options (STYLE.md principle 2):
the grouping columns (a ``by=`` column named as a column of the schema, e.g. ``level`` or
``n``, is named ``by_level``, ``by_n``: :func:`by_names`), then :data:`RESULT_COLUMNS`; contrasts and tests add
:data:`CONTRAST_COLUMNS` after them. ``level`` is the answer category for shares and
missing (``pd.NA``) for numeric variables. Results never hold formatted strings.

``contrast`` is the contrast's code ("wave: 2 - 1"); :data:`CONTRAST_PARTS` say what it
compares, as values (None where a part does not apply), so that nothing has to read the code:

- ``contrast_over``: the column whose levels are compared (``compare``'s ``between``, the wave
  of ``change`` and ``did``); for a test of a table (``chisq``, a table's tests): its column
  variable, tested against ``variable``, with no levels;
- ``contrast_from``, ``contrast_to``: the two levels of ``contrast_over``; the estimate is
  the mean at ``contrast_to`` minus the mean at ``contrast_from``;
- ``contrast_within``, ``contrast_control``, ``contrast_treated``: a difference in
  differences: the column of the groups and its two levels; the estimate is the change
  (``contrast_to`` - ``contrast_from``) of ``contrast_treated`` minus that of
  ``contrast_control``.

A contrast given by its coefficients (``contrast()``), or a model's coefficients, has no parts.

``statistic`` is a t statistic on ``df`` degrees of freedom, or, for a test of a table or of
several coefficients, an F statistic: ``df_num`` is then its numerator df and ``df`` its
denominator df (R's ``svychisq`` ``ndf`` and ``ddf``); ``df_num`` is empty for a t statistic.

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

__all__ = ["CONTRAST_COLUMNS", "CONTRAST_PARTS", "RESULT_COLUMNS", "by_names", "result_frame"]

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
CONTRAST_PARTS = ["contrast_over", "contrast_from", "contrast_to", "contrast_within", "contrast_control",
                  "contrast_treated"]
CONTRAST_COLUMNS = ["contrast", *CONTRAST_PARTS, "statistic", "df_num", "p_value", "p_adjusted", "effect_size"]
_LABEL_COLUMNS = {"variable", "contrast", "level", *CONTRAST_PARTS}  # values as they are (object)

_FLOAT = ["estimate", "std_error", "conf_low", "conf_high", "df", "n_eff", "deff"]


def by_names(by: Sequence[str], *, warn: bool = True) -> dict[str, str]:
    """The result's name of each grouping column: its own, or ``by_<name>`` when it is also a
    column of the schema (a ``by=`` column named ``level``, ``estimate``, ``n``, ...), which it
    would overwrite; a warning says so (``warn=False``: a reader of a result, no warning).

    Example:
        >>> by_names(["site"])
        {'site': 'site'}
    """
    import warnings

    from surveykit.errors import SurveykitWarning

    taken = {*RESULT_COLUMNS, *CONTRAST_COLUMNS, *by}
    out = {}
    for c in by:
        name = c
        if c in RESULT_COLUMNS or c in CONTRAST_COLUMNS:
            while name in taken:
                name = f"by_{name}"
            taken.add(name)
        if name != c and warn:
            warnings.warn(
                f"by: the column {c!r} is named {name!r} in the result, since {c!r} is a column of "
                "every result (see surveykit.estimate.schema); rename the column in the data to keep "
                "its name.",
                SurveykitWarning,
                stacklevel=4,
            )
        out[c] = name
    return out


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
    floats = set(_FLOAT) | (set(CONTRAST_COLUMNS) - _LABEL_COLUMNS if contrast else set())
    data, index = {}, pd.RangeIndex(n_rows)
    for col in wanted:  # each column typed once, then one DataFrame (no per-column inserts)
        if col not in columns:
            v = np.zeros(n_rows, dtype=bool) if col == "suppressed" else np.full(n_rows, np.nan)
        else:
            v = columns[col]
        if col in floats:
            v = _floats(v)
        elif col == "n":
            v = _counts(v)
        elif col == "suppressed":
            v = np.asarray(v).astype(bool)
        elif col in _LABEL_COLUMNS:  # object, not inferred as str
            v = np.array(v, dtype=object)
            if col != "variable" and col != "contrast":
                v[pd.isna(v)] = None
            v = pd.Series(v, index=index, dtype=object, copy=False)
        data[col] = v
    return pd.DataFrame(data, index=index, columns=wanted)


def _floats(v) -> np.ndarray:
    """Numbers as float64; anything that is not a number becomes NaN (``errors="coerce"``)."""
    try:
        return np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        return pd.to_numeric(pd.Series(np.asarray(v, dtype=object)), errors="coerce").to_numpy(float)


def _counts(v) -> pd.arrays.IntegerArray:
    """Counts as nullable Int64 (NaN -> NA)."""
    a = np.asarray(v)
    if a.dtype.kind in "iub":
        return pd.arrays.IntegerArray(a.astype(np.int64), np.zeros(len(a), dtype=bool))
    return pd.Series(_floats(v)).astype("Int64").array  # fractions raise, as pandas does
