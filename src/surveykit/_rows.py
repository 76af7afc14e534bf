"""How a message names a row of the user's data: its position, and its line in the file when
surveykit's reader labelled it so (used by the design's and the replicate weights' checks)."""

from __future__ import annotations

import numbers

import pandas as pd

__all__ = ["where"]


def where(df: pd.DataFrame, pos: int) -> str:
    """Row ``pos`` (0-based position) as a message names it, with its index label when that
    differs: surveykit's readers label rows by their line in the file.

    Example:
        >>> where(pd.DataFrame({"a": [1, 2]}, index=pd.Index([2, 3], name="row")), 1)
        'row 1 (row 3 of the file)'
        >>> where(pd.DataFrame({"a": [1, 2]}), 1)
        'row 1'
        >>> where(pd.DataFrame({"a": [1, 2]}, index=pd.Index(["x", "y"], name="id")), 0)
        "row 0 (index id 'x')"
    """
    label = df.index[pos]
    if isinstance(label, numbers.Integral) and int(label) == pos:
        return f"row {pos}"
    name = df.index.name
    tail = f"row {label} of the file" if name == "row" else f"index {name + ' ' if name else ''}{label!r}"
    return f"row {pos} ({tail})"
