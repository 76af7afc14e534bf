"""Array kernels of the design engine: integer codes of column combinations and sums per code.

Every pass over the rows of a design goes through these: :func:`codes_of` turns columns into
integer codes (strata, PSUs, groups, calibration cells), :func:`segsum` / :func:`wsegsum` sum
rows per code in one pass.

Example:
    >>> import numpy as np
    >>> segsum(np.array([0, 1, 0, -1]), 2, np.array([1.0, 2.0, 3.0, 4.0])).tolist()
    [4.0, 2.0]
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from surveykit.errors import DataError, SurveykitWarning

__all__ = ["codes_of", "segsum", "sorted_levels", "warn_spaced_twins", "wsegsum"]


def codes_of(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """Integer codes of the combination of ``columns`` (NA -> -1), in sorted key order."""
    if not columns:
        return np.zeros(len(frame), dtype=np.int64)
    codes = pd.MultiIndex.from_frame(frame[list(columns)]).codes if len(columns) > 1 else None
    if codes is None:
        c, _ = pd.factorize(frame[columns[0]], sort=True)
        return c.astype(np.int64)
    sizes = [max(int(np.max(c, initial=-1)) + 1, 1) for c in codes]
    key = np.zeros(len(frame), dtype=np.int64)
    bad = np.zeros(len(frame), dtype=bool)
    for c, size in zip(codes, sizes, strict=True):  # mixed radix: the order of the code tuples
        c = np.asarray(c, dtype=np.int64)
        bad |= c < 0
        key = key * size + c
    out = np.full(len(frame), -1, dtype=np.int64)
    if float(np.prod(sizes, dtype=float)) <= 4 * len(frame) + 1024:  # dense: count, no sort
        present = np.bincount(key[~bad], minlength=int(np.prod(sizes)))
        out[~bad] = (np.cumsum(present > 0) - 1)[key[~bad]]
    else:
        _, inv = np.unique(key[~bad], return_inverse=True)
        out[~bad] = inv.ravel()
    return out


def sorted_levels(values: Sequence, column: Any, caller: str = "",
                  why: str = "so its answers have no order") -> list:
    """The distinct values of a column sorted; a column that mixes numbers and text (1 and
    "Nei", as a spreadsheet export gives) has no order and is refused with examples (``why``
    says what the mixture would do).

    Example:
        >>> sorted_levels([3, 1], "q")
        [1, 3]
    """
    try:
        levels = sorted(values)
    except TypeError:
        examples: dict[str, Any] = {}
        for v in values:
            examples.setdefault(type(v).__name__, v)
        shown = ", ".join(f"{v!r} ({t})" for t, v in examples.items())
        raise DataError(
            f"{caller + ': ' if caller else ''}the column {column!r} mixes values of several types "
            f"({shown}), as a spreadsheet export can give, {why}. Make it one "
            f"type in the data: text (.astype(str)) if they are categories, or numbers "
            "(pd.to_numeric) with the text answers recoded or made missing."
        ) from None
    warn_spaced_twins(levels, column, caller)
    return levels


def warn_spaced_twins(levels: list, column: Any, caller: str) -> None:
    """Warn of text values that differ only in spaces around them ("E" and "E "): two groups,
    strata or PSUs, as in R, where the data almost surely mean one (with an fpc each would get the
    whole stratum's population)."""
    seen: dict[str, list[str]] = {}
    for v in sorted(x for x in levels if isinstance(x, str)):
        seen.setdefault(v.strip(), []).append(v)
    twins = [group for group in seen.values() if len(group) > 1]
    if twins:
        shown = "; ".join(" and ".join(map(repr, group)) for group in twins[:3])
        warnings.warn(
            f"{caller + ': ' if caller else ''}the column {column!r} has values that differ only in spaces around "
            f"them ({shown}{' …' if len(twins) > 3 else ''}): they count as different values, as in R. If they are "
            "one, strip the spaces first (df[col] = df[col].str.strip()).", SurveykitWarning, stacklevel=3)


def segsum(codes: np.ndarray, m: int, values: np.ndarray) -> np.ndarray:
    """Sums of the rows of ``values`` (n, k) per code: (m, k). Code -1 is ignored.

    One pass over the data: ``np.bincount`` for a vector, and for a matrix the transpose of a
    row-indexed sparse indicator (built in O(n), no sorting) times the values.
    """
    values = np.asarray(values, dtype=float)
    codes = np.asarray(codes)
    n = len(codes)
    shifted = codes.astype(np.intp, copy=False) + 1  # -1 -> 0, dropped below
    if values.ndim == 1:
        return np.bincount(shifted, weights=values, minlength=m + 1)[1:]
    if values.shape[1] == 1:
        return np.bincount(shifted, weights=values[:, 0], minlength=m + 1)[1:, None]
    ind = sp.csr_matrix((np.ones(n), shifted, np.arange(n + 1)), shape=(n, m + 1))
    return np.asarray(ind.T @ values)[1:]


def wsegsum(codes: np.ndarray, m: int, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``segsum(codes, m, weights[:, None] * values)`` without the (n, k) product."""
    values = np.asarray(values, dtype=float)
    n = len(codes)
    shifted = np.asarray(codes).astype(np.intp, copy=False) + 1
    if values.ndim == 1:
        return np.bincount(shifted, weights=weights * values, minlength=m + 1)[1:]
    ind = sp.csr_matrix((np.asarray(weights, dtype=float), shifted, np.arange(n + 1)),
                        shape=(n, m + 1))
    return np.asarray(ind.T @ values)[1:]
