"""Sufficient statistics per design cell in one chunked pass over the rows.

The engine behind :func:`surveykit.design.domain.domain_stats` for row-PSU designs: for
every cell (stratum x group x calibration cell), row function phi (1(w != 0), w, w^2 and
per calibration step w * ratio and w * w_out) and item, the sums of [valid, y, y^2].

Variables that take few values are *tallied*: categorical codes and numeric items of few
integer scores (Likert 1-5, 0-10). Several tallied variables share one scatter: their
values are combined into one joint slot (mixed radix, like a cross-tabulation), the phi
rows are added into the joint table once per row, and each variable's table is a margin
of it. Other numeric items are carried as value columns through a sparse product.

Example:
    >>> import numpy as np
    >>> from surveykit.design.items import Items
    >>> y = np.array([1.0, 2.0, np.nan, 5.0])
    >>> it = Items([y], [None], ["y"], [None], [False])
    >>> t = cell_sums(it, np.ones(4), np.zeros(4, dtype=np.int64), 1, [], [], np.zeros(1))
    >>> t[0, 1, :, 0].tolist()  # phi = w: sum of w, of w y, of w y^2 over answers
    [3.0, 8.0, 30.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

try:  # the kernel behind sparse (n, m) @ dense (m, P); called directly to skip the set-up
    from scipy.sparse._sparsetools import csc_matvecs as _csc_matvecs
except ImportError:  # pragma: no cover - other scipy layouts: the public route
    _csc_matvecs = None

from surveykit.design.items import Items

__all__ = ["cell_sums"]

MAX_SCORE_SLOTS = 32  # numeric items with at most this many integer values are tallied
TABLE_BUDGET = 1 << 15  # doubles in one joint table (256 KB): it stays in cache
CHUNK = 1 << 15  # rows per chunk when every item is tallied


def _scatter_add(out: np.ndarray, idx: np.ndarray, phi: np.ndarray, ptr, ones) -> None:
    """``out[idx[i]] += phi[i]`` for every row i (out (m, P), phi (B, P)), one pass."""
    b = len(idx)
    if _csc_matvecs is not None:
        _csc_matvecs(out.shape[0], b, phi.shape[1], ptr[: b + 1], idx, ones[:b], phi.ravel(),
                     out.ravel())
    else:  # public scipy: the same product through a sparse matrix
        ind = sp.csc_matrix((ones[:b], idx, ptr[: b + 1]), shape=(out.shape[0], b))
        out += ind @ phi


@dataclass
class _Tally:
    """One variable counted per value: slot = raw value - offset; slot 0 is missing."""

    data: np.ndarray  # category codes (-1 missing) or scores (NaN missing)
    offset: float  # -1 for codes; the lowest score minus 1 for scores
    slots: int
    cols: list[int]  # the item columns it feeds
    codes: bool  # category codes (each column the indicator of a level), else scores
    fractions: bool = False  # float scores: every chunk is checked for fractions
    bounds: tuple | None = None  # scores from the first rows: every chunk is checked for range


class _NotScores(Exception):  # control flow, never leaves this module
    """A score item has a value the first rows did not show: a fraction, or one out of range."""

    def __init__(self, j: int, fraction: bool):
        self.j, self.fraction = j, fraction


def _score_range(arr: np.ndarray, head: int | None = 4096) -> tuple[int, int] | None:
    """Lowest and highest value of an item of few integer scores (e.g. Likert 1-5), else None.

    Read from the first ``head`` rows (all rows with None); the pass checks every chunk for
    fractions and values out of that range.
    """
    part = arr[:head]
    if not len(arr):
        return None
    if arr.dtype.kind == "f":
        if not np.array_equal(part, np.floor(part), equal_nan=True):
            return None
        lo, hi = np.fmin.reduce(part), np.fmax.reduce(part)  # NaN-ignoring
    elif arr.dtype.kind in "iu" and len(arr):
        lo, hi = part.min(), part.max()
    else:
        return None
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return None if head is None else _score_range(arr, None)
    if hi - lo >= MAX_SCORE_SLOTS:
        return None
    return int(lo), int(hi)


def _tallies(it: Items, scores: dict, exact: set[int]) -> list[_Tally]:
    out: dict[int, _Tally] = {}
    for j in range(it.k):
        if it.code[j] is not None:  # a level of a categorical variable
            key = id(it.data[j])
            if key not in out:
                out[key] = _Tally(it.data[j], -1.0, 0, [], codes=True)
            tally = out[key]
            tally.cols.append(j)
            tally.slots = max(tally.slots, it.code[j] + 2)
        elif j in scores:
            lo, hi = scores[j]
            arr = it.data[j]
            out[-1 - j] = _Tally(arr, lo - 1.0, hi - lo + 2, [j], codes=False,
                                 fractions=arr.dtype.kind == "f",
                                 bounds=None if j in exact else (lo, hi))
    for tally in out.values():
        if tally.codes:
            tally.slots = max(tally.slots, int(tally.data.max(initial=-1)) + 2)
    return list(out.values())


def _packs(tallies: list[_Tally], per_cell: int) -> list[list[_Tally]]:
    """Tallies grouped so that each group's joint table has at most TABLE_BUDGET doubles."""
    limit = max(1, TABLE_BUDGET // per_cell)
    packs, size = [], limit + 1
    for tally in tallies:
        if size * tally.slots > limit or not packs:
            packs.append([])
            size = 1
        packs[-1].append(tally)
        size *= tally.slots
    return packs


def cell_sums(it: Items, w, cell, n_cells, cals, ratios, shift) -> np.ndarray:
    """Sums per (cell, phi, stat, item): (n_cells, n_phi, 3, k), stat = valid, y, y^2.

    ``cell`` is each row's cell (``n_cells`` for rows outside every group), ``shift`` a
    centre subtracted from each numeric item (exact algebra against cancellation).
    """
    scores, exact = {}, set()
    for j in range(it.k):
        if it.code[j] is None and (rng := _score_range(it.data[j])) is not None:
            scores[j] = rng
    while True:
        try:
            return _pass(it, w, cell, n_cells, cals, ratios, shift, scores, exact)
        except _NotScores as e:  # start again: with the item's whole range, or as values
            rng = None if e.fraction else _score_range(it.data[e.j], None)
            if rng is None:
                del scores[e.j]
            else:
                scores[e.j] = rng
                exact.add(e.j)


def _phi(w, r0, r1, cals, ratios) -> np.ndarray:
    ww = w[r0:r1]
    phi = np.empty((r1 - r0, 3 + 2 * len(cals)))
    phi[:, 0] = ww != 0
    phi[:, 1] = ww
    np.multiply(ww, ww, out=phi[:, 2])
    for s, cal in enumerate(cals):
        np.multiply(ww, ratios[s][r0:r1], out=phi[:, 3 + 2 * s])
        np.multiply(ww, cal.w_out[r0:r1], out=phi[:, 4 + 2 * s])
    return phi


def _out_of(part: np.ndarray, bounds: tuple[int, int]) -> bool:
    if part.dtype.kind == "f":  # NaN-ignoring; an all-NaN chunk compares False
        return bool(np.fmin.reduce(part) < bounds[0] or np.fmax.reduce(part) > bounds[1])
    return bool(part.min() < bounds[0] or part.max() > bounds[1])


def _pass(it, w, cell, n_cells, cals, ratios, shift, scores, exact):
    n, k = len(cell), it.k
    n_phi = 3 + 2 * len(cals)
    num = [j for j in range(k) if it.code[j] is None and j not in scores]
    packs = _packs(_tallies(it, scores, exact), (n_cells + 1) * n_phi)
    sizes = [int(np.prod([t.slots for t in pack])) for pack in packs]
    joint = [np.zeros(((n_cells + 1) * size, n_phi)) for size in sizes]
    sub = it.select(num)
    kn = len(num)
    n_out = (n_cells + 1) * n_phi
    if kn:
        chunk = min(max(1024, (1 << 20) // max(3 * kn, 8), 2 * n_out), max(n, 1))
    else:
        chunk = min(CHUNK, max(n, 1))
    table = np.zeros((n_out, 3 * kn))
    q_t = np.empty((3 * kn, chunk)) if kn else None
    jf, tmp, ge = np.empty(chunk), np.empty(chunk), np.empty(chunk)
    ne, idx = np.empty(chunk, dtype=bool), np.empty(chunk, dtype=np.int64)
    ptr, ones = np.arange(chunk + 1, dtype=np.int64), np.ones(chunk)
    steps = np.arange(n_phi)
    for r0 in range(0, n, chunk):
        r1 = min(n, r0 + chunk)
        b = r1 - r0
        phi = _phi(w, r0, r1, cals, ratios)
        cells = cell[r0:r1]
        for pack, out in zip(packs, joint, strict=True):
            jb, tb = jf[:b], tmp[:b]
            base = 0.0  # the offsets in the same radix
            for i, tally in enumerate(pack):  # jb = ((cell * L1 + v1) * L2 + v2) ...
                np.multiply(jb if i else cells, tally.slots, out=jb)
                part = tally.data[r0:r1]
                if tally.bounds is not None and _out_of(part, tally.bounds):
                    raise _NotScores(tally.cols[0], fraction=False)
                if tally.fractions:  # NaN -> offset (slot 0); fractions are not scores
                    np.fmax(part, tally.offset, out=tb)
                    np.floor(tb, out=ge[:b])
                    if np.not_equal(tb, ge[:b], out=ne[:b]).any():
                        raise _NotScores(tally.cols[0], fraction=True)
                    part = tb
                np.add(jb, part, out=jb)
                base = base * tally.slots + tally.offset
            np.subtract(jb, base, out=idx[:b], casting="unsafe")
            _scatter_add(out, idx[:b], phi, ptr, ones)
        if kn:
            qb = q_t[:, :b] if b < chunk else q_t
            sub.fill(qb, r0, r1, shift[num])
            np.multiply(qb[kn : 2 * kn], qb[kn : 2 * kn], out=qb[2 * kn :])
            ix = (cells[:, None] * n_phi + steps).ravel()
            ind = sp.csr_matrix((phi.ravel(), ix, np.arange(0, b * n_phi + 1, n_phi)),
                                shape=(b, n_out))
            table += ind.T @ qb.T
    del q_t
    t = np.empty((n_cells, n_phi, 3, k))
    t[..., num] = table[: n_cells * n_phi].reshape(n_cells, n_phi, 3, kn)
    for pack, out in zip(packs, joint, strict=True):
        shape = [n_cells + 1] + [tally.slots for tally in pack] + [n_phi]
        full = out.reshape(shape)[:n_cells]
        for i, tally in enumerate(pack):
            other = tuple(1 + a for a in range(len(pack)) if a != i)
            _margin(it, t, full.sum(other) if other else full, tally, shift)
    return t


def _margin(it: Items, t: np.ndarray, lv: np.ndarray, tally: _Tally, shift) -> None:
    """Write one tally's sums (cells, slots, phi) into the item columns of ``t``."""
    valid = lv[:, 1:, :].sum(1)  # (cells, phi): rows with any value
    for j in tally.cols:
        t[:, :, 0, j] = valid
        if tally.codes:  # the indicator of a level
            at = lv[:, it.code[j] + 1, :]
            t[:, :, 1, j] = at
            t[:, :, 2, j] = at
        else:  # sums of (score - shift) and its square from the counts per score
            v = tally.offset + np.arange(1, tally.slots) - shift[j]
            t[:, :, 1, j] = np.einsum("csp,s->cp", lv[:, 1:, :], v)
            t[:, :, 2, j] = np.einsum("csp,s->cp", lv[:, 1:, :], v * v)
