"""Item columns: the variables an estimator works on, without a dense (rows x items) matrix.

Built from a design's data by :func:`surveykit.estimate.grouping.items`; read in row chunks by
the engine (:mod:`surveykit.design.cellsums`, :mod:`surveykit.design.domain`).

Example:
    >>> import numpy as np
    >>> it = Items([np.array([1.0, np.nan]), np.array([0, 1])], [None, 1], ["y", "g"],
    ...            [None, "b"], [False, True])
    >>> values, valid = it.block(0, 2)
    >>> values.tolist(), valid.tolist()
    ([[1.0, 0.0], [0.0, 1.0]], [[True, True], [False, True]])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

__all__ = ["Items", "NeedShift"]

_EXACT32 = float(2**24)
_LOW29 = (1 << 29) - 1  # mantissa bits of a float64 that float32 drops


class NeedShift(Exception):
    """:meth:`Items.fill_whole32` without a shift met a numeric value below 1: the caller
    takes :meth:`Items.whole_shift` and starts again."""


@dataclass(frozen=True)
class Items:
    """Variables expanded to item columns, held without a dense (n, k) matrix.

    Column ``j`` is ``data[j]`` itself (numbers, NaN = missing) when ``code[j]`` is None, else
    the indicator ``data[j] == code[j]`` of integer category codes (-1 = missing).
    :meth:`block` materialises rows ``r0:r1``; ``values``/``valid`` all rows (n, k).
    """

    data: list
    code: list
    variable: list[str]
    level: list
    categorical: list[bool]
    # float64 columns whose every value :meth:`whole_shift` found exact in float32
    exact32: set = field(default_factory=set, compare=False, repr=False)

    @property
    def k(self) -> int:
        return len(self.data)

    @property
    def n(self) -> int:
        return len(self.data[0]) if self.data else 0

    @cached_property
    def stacked(self) -> np.ndarray | None:
        """The item columns as one (k, n) float64 view when they are numeric columns held as
        equally spaced rows of one 2-D array (pandas keeps columns of one type in such a
        block), else None: a chunk of every column is then one slice, one call per step."""
        if self.k < 2 or any(c is not None for c in self.code):
            return None
        owner = base = self.data[0].base if isinstance(self.data[0], np.ndarray) else None
        if isinstance(base, np.ndarray) and base.ndim == 2 and base.strides[0] == 8:
            base = base.T  # (rows, columns) in Fortran order: the columns are its rows
        if (not isinstance(base, np.ndarray) or base.ndim != 2 or base.dtype != np.float64
                or base.shape[1] != self.n or base.strides[1] != 8 or base.strides[0] <= 0):
            return None
        start = base.__array_interface__["data"][0]
        rows = []
        for arr in self.data:
            if (not isinstance(arr, np.ndarray) or arr.base is not owner or arr.dtype != np.float64
                    or arr.shape != (self.n,) or arr.strides != (8,)):
                return None
            offset = arr.__array_interface__["data"][0] - start
            if offset % base.strides[0]:
                return None
            rows.append(offset // base.strides[0])
        step = rows[1] - rows[0]
        if step <= 0 or np.any(np.diff(rows) != step):
            return None
        return base[rows[0] : rows[-1] + 1 : step]  # row j is data[j] itself

    def block(self, r0: int, r1: int, shift=None) -> tuple[np.ndarray, np.ndarray]:
        """Values (B, k), 0 where missing (minus ``shift[j]`` where present), and validity."""
        out = np.empty((2 * self.k, r1 - r0))
        self.fill(out, r0, r1, shift)
        return out[self.k :].T, out[: self.k].T.astype(bool)

    def fill(self, out: np.ndarray, r0: int, r1: int, shift=None) -> None:
        """Write validity (1/0) of rows ``r0:r1`` to ``out[:k]`` and values to ``out[k:2k]``.

        ``out`` is (>= 2k, B), one contiguous row per item column (no (B, k) transposes).
        """
        self.fill_rows(out, slice(r0, r1), shift)

    def fill_rows(self, out: np.ndarray, rows, shift=None) -> None:
        """:meth:`fill` for ``rows``: a slice, or an array of row indices (gathered)."""
        k = self.k
        mask = None
        for j, (arr, code) in enumerate(zip(self.data, self.code, strict=True)):
            part = arr[rows]
            if code is None:
                if part.dtype.kind == "f":
                    if mask is None or len(mask) != len(part):
                        mask = np.empty(len(part), dtype=bool)
                    np.isnan(part, out=mask)
                    np.logical_not(mask, out=out[j], casting="unsafe")
                    np.subtract(part, 0.0 if shift is None else shift[j], out=out[k + j])
                    np.copyto(out[k + j], 0.0, where=mask)
                else:
                    out[j].fill(1.0)
                    np.subtract(part, 0.0 if shift is None else shift[j], out=out[k + j],
                                casting="unsafe")
            else:
                np.greater_equal(part, 0, out=out[j], casting="unsafe")
                np.equal(part, code, out=out[k + j], casting="unsafe")

    def whole_shift(self) -> np.ndarray | None:
        """Per item column a whole number to subtract before :meth:`fill_whole32`: one less
        than the smallest value of a numeric column (every answer is then at least 1, a
        missing one 0), 0 for an indicator; or None when a column's smallest value is not a
        whole number below 2^24, or a float64 value is not held exactly in float32 (then no
        float32 fill). The float64 columns checked here are not checked again chunk by chunk
        in :meth:`fill_whole32`."""
        out = np.zeros(self.k)
        for j, (arr, code) in enumerate(zip(self.data, self.code, strict=True)):
            if code is None and len(arr):
                kind = np.asarray(arr).dtype.kind
                if kind not in "fiub":
                    return None
                low = float(np.fmin.reduce(arr)) if kind == "f" else float(np.min(arr))
                if np.isnan(low):  # no value at all
                    continue
                if isinstance(arr, np.ndarray) and arr.dtype == np.float64:
                    if int(np.bitwise_or.reduce(arr.view(np.uint64))) & _LOW29:
                        return None
                    self.exact32.add(j)
                if not (abs(low) < _EXACT32 and low == np.floor(low)):
                    return None
                out[j] = low - 1.0
        return out

    def fill_whole32(self, out: np.ndarray, rows, shift: np.ndarray | None) -> bool:
        """:meth:`fill_rows` into float32 ``out`` (>= 2k, B), the values minus ``shift``
        (:meth:`whole_shift`) and 0 where missing; False (``out`` partly written) when a
        numeric value is not held exactly in float32 (then float32 sums would not be exact).
        Whether the values are whole numbers is left to the caller.

        ``shift=None``: nothing is subtracted, for scales from 1 (the common case: no pass over
        the columns before the chunks); a numeric value below 1 raises :class:`NeedShift`.

        Row indices within a range no longer than B (a chunk in another order) with only
        float64 columns: the range is cast in order and the float32 rows are permuted (one
        ``np.take`` for all columns instead of one gather of float64 values per column)."""
        k = self.k
        b = out.shape[1]
        if (not isinstance(rows, slice) and len(rows) and k
                and all(c is None and isinstance(a, np.ndarray) and a.dtype == np.float64
                        for a, c in zip(self.data, self.code, strict=True))):
            lo = int(rows.min())
            span = int(rows.max()) + 1 - lo
            if span <= b:
                whole = self.stacked
                if whole is not None:
                    if not _copy32(whole[:, lo : lo + span], out[:k, :span],
                                   len(self.exact32) == k):
                        return False
                elif not all(_copy32(arr[lo : lo + span], out[j, :span], j in self.exact32)
                             for j, arr in enumerate(self.data)):
                    return False
                # mode="wrap": the indices are in range; the default "raise" buffers the output
                n = len(rows)
                np.take(out[:k, :span], rows - lo, axis=1, out=out[k : 2 * k, :n], mode="wrap")
                self._finish32(out[:, :n], shift, range(k))
                return True
        whole = self.stacked
        if whole is not None and isinstance(rows, slice):  # one slice of every column
            if not _copy32(whole[:, rows], out[k : 2 * k], len(self.exact32) == k):
                return False
            self._finish32(out, shift, range(k))
            return True
        floats = []  # numeric columns with NaN: finished together below
        for j, (arr, code) in enumerate(zip(self.data, self.code, strict=True)):
            part = arr[rows]
            if code is not None:
                np.greater_equal(part, 0, out=out[j], casting="unsafe")
                np.equal(part, code, out=out[k + j], casting="unsafe")
            elif part.dtype.kind == "f":
                if not _copy32(part, out[k + j], j in self.exact32):
                    return False
                floats.append(j)
            elif shift is None:  # integers or booleans, never missing
                if part.dtype.kind not in "iu" or (len(part) and part.min() < 1):
                    raise NeedShift
                out[j].fill(1.0)
                np.copyto(out[k + j], part, casting="unsafe")
            else:
                out[j].fill(1.0)
                np.subtract(part, shift[j], out=out[k + j], casting="unsafe")
        self._finish32(out, shift, floats)
        return True

    def _finish32(self, out: np.ndarray, shift: np.ndarray | None, floats) -> None:
        """The float columns ``floats`` of :meth:`fill_whole32`: the values (NaN: missing) in
        ``out[k + j]`` become the shifted values, 0 where missing, and the indicators in
        ``out[j]``: the shifted values are at least 1 where given (:meth:`whole_shift`), so the
        indicator is their minimum with 1 (float32 throughout, no boolean)."""
        k = self.k
        if shift is None:  # no shift: every value must be at least 1 (checked in the cache)
            shift = np.zeros(k)
            if len(floats) and out.shape[1]:
                rows = out[k : 2 * k] if len(floats) == k else out[[k + j for j in floats]]
                if (np.fmin.reduce(rows, axis=1) < 1).any():  # NaN (no answer) is not < 1
                    raise NeedShift
        s32 = shift.astype(np.float32)  # whole numbers below 2^24: exact
        zero = np.zeros(out.shape[1], dtype=np.float32)  # fmax against a row: numpy's fast loop
        one = np.ones(out.shape[1], dtype=np.float32)
        if len(floats) == k:  # all at once: one call per step for the whole block
            spans = [(slice(0, k), slice(k, 2 * k), s32[:, None])]
        else:
            spans = [(j, k + j, s32[j]) for j in floats]
        if not s32.any():  # the smallest value is 1 (a scale from 1): nothing to subtract
            spans = [(a, v, None) for a, v, _ in spans]
        for a, v, s in spans:
            y = out[v]
            if s is not None:  # the shift is one below the smallest value: y >= 1 or NaN
                np.subtract(y, s, out=y)
            np.fmax(y, zero, out=y)  # NaN -> 0
            np.minimum(y, one, out=out[a])  # answered: 1

    @property
    def values(self) -> np.ndarray:
        return self.block(0, self.n)[0]

    @property
    def valid(self) -> np.ndarray:
        return self.block(0, self.n)[1]

    def select(self, keep: Sequence[int]) -> Items:
        """The item columns ``keep``."""
        return Items(*([getattr(self, f)[j] for j in keep]
                       for f in ("data", "code", "variable", "level", "categorical")))


def _copy32(part: np.ndarray, dest: np.ndarray, checked: bool = False) -> bool:
    """Float values ``part`` to float32 ``dest`` (NaN stays NaN); False when a float64 value
    has more significant bits than float32 holds (``dest`` not written). ``checked``: the
    whole column was found exact already."""
    if (not checked and part.dtype == np.float64
            and int(np.bitwise_or.reduce(part.view(np.uint64), axis=None)) & _LOW29):
        return False
    np.copyto(dest, part, casting="same_kind")  # exact
    return True
