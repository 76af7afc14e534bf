"""Replicate weights: how a replicate design holds them and R's variance of replicates.

A replicate design (R ``svrepdesign``) carries, besides the full-sample weights, R columns of
replicate weights and the constants of their variance: ``scale``, ``rscales`` and ``mse``.
An estimate is recomputed with every replicate's weights, and its variance is R's ``svrVar``:
``scale * sum_r rscales_r (theta_r - c)^2`` with ``c`` the mean of the replicates (those with
``rscales > 0``), or the full-sample estimate when ``mse=True``. The design's degrees of
freedom are R's ``degf``: the rank of the replicate weights (``qr(., tol=1e-5)``) minus one,
over the rows of the domain.

The replicate weights are held once, as a (rows x R) matrix: int16 when every value is a whole
number that fits in 16 bits (the ACS), float32 when whole numbers below 2^24, else float64, or (after a conversion with
:meth:`surveykit.design.Design.to_replicate`) as a small table of factors per PSU times the
full-sample weights. Estimators read them in row chunks (:meth:`Replicates.block`), so the
memory an estimate needs beyond the block is a few megabytes.

Example:
    >>> import numpy as np
    >>> rep = Replicates.from_matrix(np.array([[1.0, 3.0], [2.0, 2.0]]), "other", 1.0,
    ...                              np.ones(2), False, None, ("r1", "r2"))
    >>> float(svrvar(np.array([1.0, 3.0]), 2.0, rep))
    2.0
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from surveykit.design.repsums import (
    EXACT32,
    EXACT_MIN_BLOCK,
    exact_chunk_rows,
    exact_products,
    moment_totals,
)
from surveykit.errors import SurveykitWarning

# whole-number replicate weights are held in these (exact in float32 products)
WHOLE_DTYPES = (np.dtype(np.int16), np.dtype(np.float32))

__all__ = [
    "REPLICATE_TYPES",
    "Replicates",
    "replicate_degf",
    "replicate_rank",
    "replicate_ratios",
    "replicate_totals",
    "svrvar",
]

REPLICATE_TYPES = ("BRR", "Fay", "JK1", "JKn", "JK2", "bootstrap", "subbootstrap",
                   "successive-difference", "ACS", "other")
RANK_TOL = 1e-5  # R: degf.svyrep.design's qr(weights(design, "analysis"), tol = 1e-5)
BLOCK_BYTES = 1 << 24  # one chunk of replicate weights in float64 (16 MB)


@dataclass(frozen=True, eq=False)
class Replicates:
    """Replicate weights and the constants of their variance (immutable; shared by the
    designs derived from one another).

    ``matrix`` (n, R) holds full replicate weights (R's ``combined.weights=TRUE``), or factors
    of ``base`` when ``base`` is set without ``unit``; ``table`` (U, R) with ``unit`` (n,)
    holds factors per sampling unit, times ``base`` (a conversion). ``fixed_degf``: R keeps a
    parent's degf after ``calibrate(calfun != "linear")``.
    """

    type: str
    scale: float
    rscales: np.ndarray
    mse: bool
    rho: float | None
    names: tuple[str, ...]
    matrix: np.ndarray | None = None
    table: np.ndarray | None = None
    unit: np.ndarray | None = None
    base: np.ndarray | None = None
    fixed_degf: int | None = None
    cache: dict = field(default_factory=dict, repr=False)  # rank of the whole design, max

    @staticmethod
    def from_matrix(matrix, type_: str, scale: float, rscales, mse: bool, rho, names,
                    base: np.ndarray | None = None) -> Replicates:
        """Replicate weights from an (n, R) matrix (int16 and float32 kept: whole numbers)."""
        m = np.asarray(matrix)
        if m.dtype not in WHOLE_DTYPES:
            m = np.ascontiguousarray(m, dtype=float)
        return Replicates(type_, float(scale), np.asarray(rscales, dtype=float), bool(mse), rho,
                          tuple(names), matrix=m, base=base)

    @property
    def count(self) -> int:
        """Number of replicates R."""
        return len(self.rscales)

    def with_matrix(self, matrix: np.ndarray, fixed_degf: int | None = None) -> Replicates:
        """The same constants with new full replicate weights (after a weighting step)."""
        return replace(self, matrix=np.ascontiguousarray(matrix, dtype=float), table=None,
                       unit=None, base=None, fixed_degf=fixed_degf, cache={})

    def chunk_rows(self, extra: int = 0) -> int:
        """Rows per chunk so that a (rows, R + extra) float64 block is about 16 MB."""
        return max(256, BLOCK_BYTES // (8 * (self.count + extra)))

    def block(self, r0: int, r1: int, out: np.ndarray | None = None) -> np.ndarray:
        """Analysis weights of rows ``r0:r1`` as float64 (r1 - r0, R), written to ``out``."""
        b = r1 - r0
        out = np.empty((b, self.count)) if out is None else out[:b]
        if self.table is not None:
            out[...] = self.table[self.unit[r0:r1]]
            out *= self.base[r0:r1, None]
        else:
            np.copyto(out, self.matrix[r0:r1])
            if self.base is not None:
                out *= self.base[r0:r1, None]
        return out

    @property
    def exact_max(self) -> float | None:
        """The largest replicate weight when they are whole numbers held in int16 or float32
        (then products with whole-number values can be summed exactly in float32), else None."""
        if self.matrix is None or self.matrix.dtype not in WHOLE_DTYPES or self.base is not None:
            return None
        if "max" not in self.cache:
            m = self.matrix  # the largest magnitude without abs (int16's -32768 has none)
            top = max(-float(m.min(initial=0)), float(m.max(initial=0))) if m.size else 0.0
            self.cache["max"] = top or 1.0
        return self.cache["max"]

    @property
    def has_negative(self) -> bool:
        """Whether any replicate weight is below 0 (real ACS PUMS files have a few)."""
        if "negative" not in self.cache:
            parts = [a for a in (self.matrix, self.table, self.base) if a is not None]
            self.cache["negative"] = any(a.size and float(a.min()) < 0 for a in parts)
        return self.cache["negative"]

    def positive(self) -> Replicates:
        """The same replicates with every weight below 0 set to 0: what R's ``glm.fit`` (and so
        ``svyglm``, ``svyttest`` and ``svyciprop(method="logit")``) fits a replicate with, as it
        leaves out the rows whose weight is not above 0. Itself when no weight is negative.

        Example:
            >>> rep = Replicates.from_matrix(np.array([[-1.0, 3.0], [2.0, 2.0]]), "other", 1.0,
            ...                              np.ones(2), False, None, ("r1", "r2"))
            >>> rep.positive().full().tolist()
            [[0.0, 3.0], [2.0, 2.0]]
        """
        if not self.has_negative:
            return self
        if self.base is not None and float(self.base.min(initial=0.0)) < 0:
            return self.with_matrix(np.maximum(self.full(), 0.0), self.fixed_degf)
        if self.table is not None:
            return replace(self, table=np.maximum(self.table, 0), cache={})
        return replace(self, matrix=np.maximum(self.matrix, 0), cache={})

    def chunk(self, r0: int, r1: int, buf: np.ndarray) -> np.ndarray:
        """Analysis weights of rows ``r0:r1``: when whole numbers (:attr:`exact_max`) the
        float32 block itself, or int16 ones cast to float32 ``buf``; else float64 in ``buf``."""
        if self.exact_max is not None:
            if self.matrix.dtype == np.float32:
                return self.matrix[r0:r1]
            out = buf[: r1 - r0]
            np.copyto(out, self.matrix[r0:r1])
            return out
        return self.block(r0, r1, buf)

    def take(self, idx: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Analysis weights of the rows ``idx`` written to ``out`` (len(idx), R): float32
        when ``out`` is (whole-number weights, :attr:`exact_max`), else float64."""
        if self.table is not None:
            out[...] = self.table[self.unit[idx]]
            out *= self.base[idx, None]
        else:
            if out.dtype == self.matrix.dtype:
                np.take(self.matrix, idx, axis=0, out=out)
            else:
                np.copyto(out, self.matrix[idx])
            if self.base is not None:
                out *= self.base[idx, None]
        return out

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """Analysis weights of the rows ``idx`` as float64 (len(idx), R)."""
        if self.table is not None:
            return self.table[self.unit[idx]] * self.base[idx, None]
        out = self.matrix[idx].astype(float)
        return out * self.base[idx, None] if self.base is not None else out

    def column(self, r: int) -> np.ndarray:
        """The analysis weights of replicate ``r`` (n,) as float64."""
        if self.table is not None:
            return self.table[self.unit, r] * self.base
        col = self.matrix[:, r].astype(float)
        return col * self.base if self.base is not None else col

    def full(self) -> np.ndarray:
        """All analysis weights (n, R) in float64 (a copy)."""
        n = len(self.unit) if self.table is not None else len(self.matrix)
        return self.block(0, n)


def svrvar(reps, est, rep: Replicates, *, cov: bool = False, warn: bool = True) -> np.ndarray:
    """R's ``svrVar``: the replicate variance of estimates ``est`` from replicates ``reps``.

    ``reps`` (R, ...) are the estimates with each replicate's weights, ``est`` (...) the
    full-sample estimate (the centre when ``rep.mse``). Element by element, replicates that
    gave NaN are left out (R's ``na.omit``; a warning says how many). With ``cov=True``,
    ``reps`` is (R, k) and the result the (k, k) covariance, leaving out every replicate with
    a NaN in any column, as R does for a vector of estimates.

    Example:
        >>> rep = Replicates.from_matrix(np.ones((1, 3)), "other", 0.5, np.ones(3), False, None, "abc")
        >>> svrvar(np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 5.0]]), np.zeros(2), rep, cov=True).tolist()
        [[1.0, 1.5], [1.5, 3.0]]
    """
    reps = np.asarray(reps, dtype=float)
    est = np.asarray(est, dtype=float)
    rs = rep.rscales
    shape = (-1,) + (1,) * (reps.ndim - 1)
    if cov:
        keep = ~np.isnan(reps).any(axis=1)
        _warn_dropped(int((~keep).sum()), warn)
        x, r = reps[keep], rs[keep]
        if not len(x):
            return np.full((reps.shape[1], reps.shape[1]), np.nan)
        centre = est if rep.mse else x[r > 0].mean(axis=0)
        d = (x - centre) * np.sqrt(r)[:, None]
        return rep.scale * (d.T @ d)
    ok = ~np.isnan(reps)
    r_ok = np.where(ok, rs.reshape(shape), 0.0)
    if rep.mse:
        centre = est
    else:
        use = ok & (rs > 0).reshape(shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            centre = np.where(use, reps, 0.0).sum(axis=0) / use.sum(axis=0)
    lost = ~ok & np.isfinite(est)  # replicates without an estimate where the sample has one
    _warn_dropped(int(lost.reshape(len(reps), -1).any(axis=1).sum()), warn)
    dev = np.where(ok, reps - centre, 0.0)
    v = rep.scale * (r_ok * dev**2).sum(axis=0)
    return np.where(ok.any(axis=0), v, np.nan)


def _warn_dropped(count: int, warn: bool) -> None:
    if count and warn:
        warnings.warn(
            f"{count} replicate(s) gave no estimate (no weight in the domain in that replicate) "
            "and were left out of the variance, as R's svrVar does.",
            SurveykitWarning, stacklevel=4)


def _gram_rank(gram: np.ndarray, tol: float = RANK_TOL) -> int:
    """R's ``qr(x, tol)$rank`` (LINPACK dqrdc2, limited pivoting) from ``gram = x'x``.

    Columns are taken left to right; one whose norm after projection on the columns kept so
    far is below ``tol`` times its own norm (1 for a zero column) is moved aside.
    """
    r = len(gram)
    d = np.diag(gram)
    if (d > 0).all():  # full rank at once when no column falls below the tolerance
        try:
            low = np.linalg.cholesky(gram)
        except np.linalg.LinAlgError:
            low = None
        if low is not None and (np.diag(low) >= tol * np.sqrt(d)).all():
            return r
    chol = np.zeros((r, r))
    kept: list[int] = []
    for j in range(r):
        gjj = gram[j, j]
        if kept:
            from scipy.linalg import solve_triangular

            k = len(kept)
            lj = solve_triangular(chol[:k, :k], gram[kept, j], lower=True)
            res = gjj - lj @ lj
        else:
            lj, res = np.zeros(0), gjj
        if res > 0 and np.sqrt(res) >= tol * np.sqrt(gjj if gjj > 0 else 1.0):
            k = len(kept)
            chol[k, :k] = lj
            chol[k, k] = np.sqrt(res)
            kept.append(j)
    return len(kept)


def replicate_rank(rep: Replicates, rows: np.ndarray, weight: np.ndarray | None = None) -> int:
    """Rank (R's ``qr(., tol = 1e-5)$rank``) of the analysis weights of ``rows``.

    First from a few rows (4 R): full rank there is full rank; otherwise from all rows.
    ``weight`` (n,) multiplies the rows (the domain: 0 outside).
    """
    rows = np.asarray(rows)
    r = rep.count
    if not len(rows) or not r:
        return 0

    def gram(idx: np.ndarray) -> np.ndarray:
        g = np.zeros((r, r))
        step = rep.chunk_rows()
        for s in range(0, len(idx), step):
            part = idx[s : s + step]
            x = rep.rows(part)
            if weight is not None:
                x *= weight[part, None]
            g += x.T @ x
        return g

    head = rows[: 4 * r + 16]
    k = _gram_rank(gram(head))
    if k == r or len(head) == len(rows):
        return k
    return _gram_rank(gram(rows))


def replicate_degf(design, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """R's ``degf`` of each group's subset of a replicate design: rank of its replicate
    weights minus one (0 for an empty group). ``groups`` (n,) codes, -1: in no group."""
    rep = design.replicates
    g = design.in_domain(np.asarray(groups))
    whole = n_groups == 1 and bool((g == 0).all())
    if whole:
        if rep.fixed_degf is not None:
            return np.array([float(rep.fixed_degf)])
        if "rank" not in rep.cache:
            rep.cache["rank"] = replicate_rank(rep, np.arange(len(g)))
        return np.array([float(rep.cache["rank"] - 1)])
    narrow = np.int8 if n_groups < 127 else np.int16 if n_groups < 32767 else np.int64
    key = ("groups", n_groups, hashlib.blake2b(g.astype(narrow).tobytes(),
                                                 digest_size=16).hexdigest())
    if key in rep.cache:
        return rep.cache[key].copy()
    order = np.argsort(g, kind="stable")
    bounds = np.searchsorted(g[order], np.arange(n_groups + 1), side="left")
    out = np.zeros(n_groups)
    for gi in range(n_groups):
        rows = np.sort(order[bounds[gi] : bounds[gi + 1]])
        if len(rows):
            out[gi] = replicate_rank(rep, rows) - 1
    if len(rep.cache) > 64:
        rep.cache.clear()
    rep.cache[key] = out.copy()
    return out


def replicate_totals(rep: Replicates, w: np.ndarray, fill: Callable, m: int, groups: np.ndarray,
                     n_groups: int, moments: int = 0, whole: np.ndarray | None = None,
                     fill32: Callable | None = None, shift: np.ndarray | None = None):
    """Weighted totals per group of ``m`` row values, for the full sample and every replicate.

    ``fill(rows, out)`` writes the values of ``rows`` (a slice, or an array of row indices)
    to ``out`` (m, len(rows)), one row per value; ``w`` (n,) are the full-sample weights; rows
    with ``groups == -1`` count nowhere. Returns (R + 1, G, m): index 0 the full sample, 1..R
    the replicates. With ``moments=k`` the values are k indicators of a value followed by k
    values y, and a second array (G, 2, k) is returned: per group the rows with a value and a
    non-zero weight, and the full-sample sums of ``w y^2``. ``whole`` (m,) marks the values
    known to be 0/1 indicators (the others are checked in every chunk). With ``moments``,
    ``fill32(rows, out)`` may write the values straight to float32, minus ``shift`` (k,)
    (:func:`surveykit.design.repsums.moment_totals`); it is used when the replicate and
    full-sample weights and the values are whole numbers, else ``fill`` in float64.

    One pass over the rows in chunks (in group order when there are groups): per chunk and
    group one matrix product of the values with the replicate weights. Whole-number replicate
    weights held in int16 or float32 (the ACS) times whole-number values (scores, indicators) are
    multiplied in float32 over blocks of rows small enough that every partial sum is a whole
    number below 2^24, hence exact, and the blocks are added in float64: the same totals as in
    float64, at twice the speed.
    """
    n = len(groups)
    r = rep.count
    exact = rep.exact_max
    if moments and fill32 is not None and exact is not None and m == 2 * moments:
        res = moment_totals(rep.matrix, exact, w, fill32, moments, shift, groups, n_groups,
                            exact_chunk_rows(rep.count, m + moments))
        if res is not None:
            return res
    out = np.zeros((n_groups, m, r))
    full = np.zeros((n_groups, m))
    sides = np.zeros((n_groups, 2, moments))
    step = rep.chunk_rows(extra=m)
    vbuf = np.empty((m, step))
    check = np.ones(m, dtype=bool) if whole is None else ~np.asarray(whole, dtype=bool)
    wbuf = np.empty((step, r), dtype=np.float32 if exact is not None else float)
    w64 = np.empty((step, r)) if exact is not None else None
    groups = np.asarray(groups)
    one = n_groups == 1 and bool((groups >= 0).all())
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        vb = vbuf[:, : r1 - r0]
        if one:
            fill(slice(r0, r1), vb)
            wrep, wmain = rep.chunk(r0, r1, wbuf), w[r0:r1]
        else:  # the chunk's rows in group order (gathered within the chunk)
            gb = groups[r0:r1]
            order = np.argsort(gb, kind="stable")
            cut = np.searchsorted(gb[order], np.arange(n_groups + 1), side="left")
            idx = order + r0
            fill(idx, vb)
            wrep, wmain = rep.take(idx, wbuf[: r1 - r0]), w[idx]
        block = _exact_block(vb, exact, check) if exact is not None else 0
        if not block and exact is not None:  # whole-number weights, other values: float64
            np.copyto(w64[: r1 - r0], wrep)
            wrep = w64[: r1 - r0]
        if one:
            parts = [(0, vb, wrep, wmain)]
        else:
            parts = [(gi, vb[:, cut[gi] : cut[gi + 1]], wrep[cut[gi] : cut[gi + 1]],
                      wmain[cut[gi] : cut[gi + 1]]) for gi in range(n_groups) if cut[gi + 1] > cut[gi]]
        for gi, v, wr, wm in parts:
            full[gi] += v @ wm
            if moments:
                k = moments
                sides[gi, 0] += v[:k] @ (wm != 0).astype(float)
                sides[gi, 1] += np.einsum("ij,ij,j->i", v[k : 2 * k], v[k : 2 * k], wm)
            out[gi] += exact_products(v, wr, block) if block else v @ wr
    totals = np.concatenate([full[None], np.moveaxis(out, 2, 0)])
    return (totals, sides) if moments else totals


def _exact_block(v: np.ndarray, wmax: float, check: np.ndarray) -> int:
    """Rows per block for exact float32 products of values ``v`` (m, b) with weights of at
    most ``wmax``, or 0 when the values are not whole numbers or the blocks would be small.
    Rows not in ``check`` are 0/1 indicators; the others are tested."""
    if not v.size:
        return 1
    vmax = 1.0
    if check.any():
        part = v[check] if not check.all() else v
        vmax = max(vmax, float(part.max()), -float(part.min()))
        if not np.isfinite(vmax):
            return 0
    rows = int((EXACT32 - 1) // (vmax * wmax))
    if rows < EXACT_MIN_BLOCK:
        return 0
    if check.any() and not np.array_equal(part, np.floor(part)):
        return 0
    return rows


def replicate_ratios(design, num: np.ndarray, den: np.ndarray | None, groups: np.ndarray,
                     n_groups: int) -> np.ndarray:
    """Ratios of weighted totals per group, ``sum w y / sum w x``, for the full sample and
    every replicate of a replicate design: (R + 1, G, k) (index 0: the full sample).

    ``num`` and ``den`` (n, k) are 0 on rows that do not count; ``den=None`` gives the totals
    of ``num``. Rows outside the design's domain count nowhere.

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> df = pd.DataFrame({"y": [1.0, 3.0], "w": [1.0, 1], "r1": [2.0, 0], "r2": [0.0, 2]})
        >>> d = Design(df, weights="w", repweights=["r1", "r2"], replicate_type="JK1", scale=0.5)
        >>> replicate_ratios(d, df[["y"]].to_numpy(), np.ones((2, 1)), np.zeros(2, int), 1)[:, 0, 0].tolist()
        [2.0, 1.0, 3.0]
    """
    num = np.asarray(num, dtype=float)
    num = num[:, None] if num.ndim == 1 else num
    k = num.shape[1]
    if den is not None:  # cast chunk by chunk (a boolean validity mask stays one byte a value)
        den = np.asarray(den)
        den = den[:, None] if den.ndim == 1 else den
    g = design.in_domain(np.asarray(groups, dtype=np.int64))

    def fill(rows, out: np.ndarray) -> None:  # chunk by chunk: no (n, 2k) copy of the values
        out[:k] = num[rows].T
        if den is not None:
            out[k:] = den[rows].T

    m = k if den is None else k + den.shape[1]
    t = replicate_totals(design.replicates, design.weights, fill, m, g, n_groups)
    if den is None:
        return t
    with np.errstate(divide="ignore", invalid="ignore"):
        return t[..., :k] / t[..., k:]
