"""Exact float32 sums of whole numbers times whole-number replicate weights.

Whole-number replicate weights (the ACS; held in int16 or float32) times whole-number values (scores,
indicators) are multiplied in float32 over blocks of rows small enough that every partial sum
is a whole number below 2^24, hence exact, and the blocks are added in float64: the same
totals as in float64, at about twice the speed. :func:`moment_totals` is the domain means'
pass over the rows with the values written straight to float32 (no float64 copy of them).

Example:
    >>> import numpy as np
    >>> v = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    >>> w = np.array([[4.0, 1.0], [5.0, 1.0], [6.0, 1.0]], dtype=np.float32)
    >>> exact_products(v, w, 2).tolist()
    [[32.0, 6.0]]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["EXACT32", "exact_chunk_rows", "exact_products", "moment_totals"]

EXACT32 = float(2**24)  # whole numbers below this are exact in float32
EXACT_MIN_BLOCK = 128  # fewer rows per exact block: not worth it, multiply in float64
EXACT_CHUNK_BYTES = 5 << 20  # float32 replicate weights and values of one chunk


def exact_chunk_rows(r: int, values: int) -> int:
    """Rows per chunk of the float32 pass: the chunk's float32 replicate weights (``r``
    columns) and values (``values`` rows) take about ``EXACT_CHUNK_BYTES``, so the products
    read both from the cache (measured at 1M x 80 replicates, 20 items: half the rows of the
    float64 chunks, 9.4k instead of 17.5k, made the means 1-10 % faster and the means by 12
    groups 6-11 %; twice as many rows, 28 % and 12 % slower)."""
    return max(256, EXACT_CHUNK_BYTES // (4 * (r + values)))


def exact_products(v: np.ndarray, wrep: np.ndarray, block: int) -> np.ndarray:
    """``v @ wrep`` (m, R) in float64 from float32 products over blocks of ``block`` rows,
    each exact (whole numbers below 2^24)."""
    m, b = v.shape
    v32 = v if v.dtype == np.float32 else v.astype(np.float32)
    nb = b // block
    if nb <= 1:  # one product per block, added in float64
        total = (v32[:, :block] @ wrep[:block]).astype(np.float64)
    else:
        a = v32[:, : nb * block].reshape(m, nb, block).transpose(1, 0, 2)
        c = wrep[: nb * block].reshape(nb, block, wrep.shape[1])
        total = np.matmul(a, c).sum(axis=0, dtype=np.float64)
    done = min(b, max(nb, 1) * block)
    if done < b:
        total += v32[:, done:] @ wrep[done:]
    return total


def _sort_key(groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Group codes in the narrowest integer type (numpy's stable sort of 8/16-bit integers is
    a radix sort)."""
    if n_groups < 127:
        return groups.astype(np.int8)
    if n_groups < 32767:
        return groups.astype(np.int16)
    return groups


def moment_totals(matrix: np.ndarray, wmax: float, w: np.ndarray,
                  fill32: Callable[..., bool], k: int, shift: np.ndarray,
                  groups: np.ndarray, n_groups: int, step: int):
    """:func:`surveykit.design.replicate.replicate_totals` with ``moments=k`` for
    whole-number replicate weights ``matrix`` (n, R) in int16 or float32 (largest ``wmax``) and
    whole-number full-sample weights ``w``, or None when the values are not whole numbers
    (then the caller takes the float64 path).

    ``fill32(rows, out)`` writes rows ``rows`` (a slice, or row indices) to ``out`` (2k, b)
    float32: k indicators of a value, then the k values minus ``shift`` (0 where missing), and
    returns False when a value is not held exactly in float32; whole numbers and the block
    sizes are checked here per chunk. All products are exact float32 block products; the shift
    is added back in float64 (whole numbers, exact).

    With groups, each chunk's rows are taken in group order (unless they are in it already, as
    in a file sorted by group): ``fill32`` is given the row indices in that order, the replicate weights are scattered into it (the block is read in
    file order), so every group's rows are one slice of both.
    """
    n, r = matrix.shape
    m = 2 * k
    wmain = np.asarray(w, dtype=float)
    wtop = float(np.abs(wmain).max(initial=0.0)) or 1.0
    if wtop >= EXACT32 or not np.array_equal(wmain, np.floor(wmain)):
        return None
    out = np.zeros((n_groups, m, r))
    main = np.zeros((n_groups, m, 2))  # per value: sum w v, sum 1(w != 0) v
    wyy = np.zeros((n_groups, k))  # sum w v^2 (shifted values)
    vraw = np.empty((m + k, step), dtype=np.float32)  # values, then the squares of the y
    side = np.empty((step, 2), dtype=np.float32)  # the chunk's [w, 1(w != 0)]
    wbuf = np.empty((step, r), dtype=np.float32)
    inv = np.empty(step, dtype=np.intp)
    count = np.arange(step)
    tmp = np.empty((k, step), dtype=np.float32)
    bad = np.empty((k, step), dtype=bool)
    groups = np.asarray(groups)
    one = n_groups == 1 and bool((groups >= 0).all())
    key = None if one else _sort_key(groups, n_groups)
    cast = matrix.dtype != np.float32
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        b = r1 - r0
        vb = vraw[:m, :b]
        ws = side[:b]
        ordered = one
        if not one:
            kc = key[r0:r1]
            if not (kc[1:] < kc[:-1]).any():  # in group order already (a file sorted by group)
                ordered = True
                cut = np.searchsorted(kc, np.arange(n_groups + 1), side="left")
            else:  # the chunk's rows in group order
                order = np.argsort(kc, kind="stable")
                cut = np.searchsorted(kc[order], np.arange(n_groups + 1), side="left")
                inv[order] = count[:b]
        rows = slice(r0, r1) if ordered else order + r0
        with np.errstate(over="ignore", invalid="ignore"):  # too large for float32: inf, declined
            filled = fill32(rows, vb)
        if not filled:
            return None
        vals = vb[k:]
        np.floor(vals, out=tmp[:, :b])
        np.not_equal(tmp[:, :b], vals, out=bad[:, :b])
        vmax = max(float(vals.max(initial=0.0)), 1.0)  # the shifted values are >= 0
        if bad[:, :b].any() or not np.isfinite(vmax):
            return None
        block = int((EXACT32 - 1) // (vmax * max(wmax, wtop)))
        block2 = int((EXACT32 - 1) // (vmax * vmax * wtop))
        if min(block, block2) < EXACT_MIN_BLOCK:
            return None
        np.multiply(vals, vals, out=vraw[m:, :b])
        vb = vraw[:, :b]
        np.copyto(ws[:, 0], wmain[rows], casting="same_kind")  # whole numbers below 2^24
        np.not_equal(ws[:, 0], 0.0, out=ws[:, 1], casting="unsafe")
        if ordered:
            if cast:  # int16 read from memory, the products read float32 from cache
                wr = wbuf[:b]
                np.copyto(wr, matrix[r0:r1])
            else:
                wr = matrix[r0:r1]
        else:  # the replicate weights scattered to group order: the block read in order
            wr = wbuf[:b]
            wr[inv[:b]] = matrix[r0:r1]
        if one:
            spans = [(0, 0, b)]
        else:
            spans = [(gi, cut[gi], cut[gi + 1]) for gi in range(n_groups) if cut[gi + 1] > cut[gi]]
        small = min(block, block2)
        for gi, a, z in spans:
            if z - a <= small:  # one exact block (a group's rows in a chunk): the products as such
                out[gi] += vb[:m, a:z] @ wr[a:z]
                both = vb[:, a:z] @ ws[a:z]
            else:
                out[gi] += exact_products(vb[:m, a:z], wr[a:z], block)
                both = exact_products(vb[:, a:z], ws[a:z], small)
            main[gi] += both[:m]  # [a, y, y^2] x [w, 1(w != 0)]
            wyy[gi] += both[m:, 0]
    # add the shift back: sum w y = sum w (y - s) + s sum w a, likewise every replicate
    asum, ysum = main[:, :k, 0], main[:, k:, 0]
    wyy += 2 * shift * ysum + shift**2 * asum
    main[:, k:, 0] += shift * asum
    out[:, k:] += shift[None, :, None] * out[:, :k]
    full = main[..., 0]
    totals = np.concatenate([full[None], np.moveaxis(out, 2, 0)])
    sides = np.stack([main[:, :k, 1], wyy], axis=1)
    return totals, sides
