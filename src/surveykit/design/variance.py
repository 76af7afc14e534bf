"""The one variance routine: influence values + design -> covariance (R ``svyrecvar``); for a
replicate design, replicate estimates -> R's ``svrVar``.

``scores`` are weighted influence values, one column per estimate: what R's ``svyrecvar``
receives (weight x linearised value, 0 outside the domain). The engine applies, in order, the
GREG residuals of every weighting step of the design (post-stratification, raking,
calibration), then Taylor linearisation with ultimate clusters per stage: PSU totals, centred
within strata, times ``f n/(n-1)`` with the finite population correction ``f`` of the stage,
and for later stages (only with an fpc) times the sampling fractions of earlier stages.

:func:`vcov` is the entry point. With ``groups=`` it gives the variances of many domain
estimates at once without materialising the (rows x groups x items) score matrix: column
``(g, j)`` is ``1(group == g) * scores[:, j]``, and calibration residuals enter through a
low-rank term. Designs whose rows are their PSUs (:attr:`Design.row_psu`) take a path of
per-stratum sums; domain means of item columns take the cell-sum path of
:func:`surveykit.design.domain.domain_stats`, which comes back here for other designs.

Example:
    >>> import numpy as np, pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 4.0]}))
    >>> y = d.data["y"].to_numpy(); s = (y - y.mean()) / 3
    >>> bool(np.isclose(vcov(d, s[:, None])[0, 0], y.var(ddof=1) / 3, rtol=1e-14))
    True
"""

from __future__ import annotations

import numpy as np

from surveykit.design.core import Design, Stage
from surveykit.design.kernels import segsum, wsegsum
from surveykit.design.replicate import replicate_totals, svrvar
from surveykit.errors import DesignError

__all__ = ["vcov"]


def _as_matrix(design: Design, scores) -> np.ndarray:
    try:
        x = np.asarray(scores, dtype=float)
    except (TypeError, ValueError):
        raise DesignError(f"vcov: scores= must be numbers, (n={design.n}, k); got "
                          f"{type(scores).__name__}.") from None
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != design.n:
        raise DesignError(f"vcov: scores= must have shape (n={design.n}, k) (one row per row of the "
                          f"design), got {x.shape}.")
    return x


def _codes(design: Design, groups, n_groups) -> tuple[np.ndarray, int]:
    """``groups`` as integer codes -1..n_groups-1, one per row, and ``n_groups``; refused (naming
    the argument) otherwise."""
    if (n_groups is None or isinstance(n_groups, bool) or not isinstance(n_groups, int | np.integer | float)
            or not float(n_groups).is_integer() or n_groups < 0):
        raise DesignError(f"vcov: groups= needs n_groups=, the number of groups (a whole number); "
                          f"got {n_groups!r}.")
    g = np.asarray(groups)
    if g.shape != (design.n,):
        raise DesignError(f"vcov: groups= must have one code per row of the design, shape ({design.n},); "
                          f"got {g.shape}.")
    if g.dtype.kind not in "iub" and (g.dtype.kind != "f" or not np.all(np.isfinite(g))
                                      or not np.all(g == np.round(g))):
        raise DesignError("vcov: groups= must be whole numbers (a group code per row, -1 for rows in "
                          f"no group); got {g.dtype} values such as {g.ravel()[:3].tolist()}.")
    g = g.astype(np.int64, copy=False)
    n_groups = int(n_groups)
    bad = (g < -1) | (g >= n_groups)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DesignError(f"vcov: groups= holds {int(g[i])} (row {i}; {int(bad.sum())} such rows), outside "
                          f"0..n_groups-1 = 0..{n_groups - 1} (and -1 for rows in no group). Give "
                          "n_groups= the number of groups, or code the groups 0, 1, ...")
    return g, n_groups


def _rows(design: Design, rows, part: np.ndarray) -> np.ndarray:
    """``rows=`` as indices of the design's rows, one per row of the scores given."""
    idx = np.asarray(rows)
    if idx.ndim != 1 or idx.dtype.kind not in "iu":
        raise DesignError(f"vcov: rows= must be a 1-d array of row indices (whole numbers); got "
                          f"{idx.dtype} of shape {idx.shape}.")
    if len(idx) != part.shape[0]:
        raise DesignError(f"vcov: scores= must have one row per index in rows= ({len(idx)}), got "
                          f"{part.shape[0]}.")
    if len(idx) and (idx.min() < 0 or idx.max() >= design.n):
        raise DesignError(f"vcov: rows= holds an index outside 0..{design.n - 1} (the design's rows).")
    return idx


def _residualise(design: Design, scores) -> np.ndarray:
    """Apply the GREG residuals of each weighting step of the design, in order."""
    x = _as_matrix(design, scores)
    for cal in design.calibration:
        beta = cal.gram_inv @ cal.xt(cal.ratio[:, None] * x)
        x = x - cal.w_out[:, None] * cal.x_dot(beta)
    return x


def _centred_totals(stage: Stage, x: np.ndarray) -> np.ndarray:
    """Unit totals centred within strata and multiplied by sqrt(scale): (units, k)."""
    t = segsum(stage.unit, stage.n_units, x)
    tbar = segsum(stage.unit_stratum, stage.n_strata, t) / stage.npsu[:, None]
    t = t - np.where(stage.centre[:, None], tbar, 0.0)[stage.unit_stratum]
    return t * np.sqrt(stage.scale)[stage.unit_stratum][:, None]


def vcov(design: Design, scores=None, *, groups: np.ndarray | None = None,
         n_groups: int | None = None, rows: np.ndarray | None = None,
         replicates: tuple | None = None) -> np.ndarray:
    """Covariance matrix (k, k) of the estimates whose influence values are ``scores`` (n, k).

    The one variance routine every estimator calls. ``scores`` are weighted influence values
    (weight x linearised value, 0 outside the domain), one column per estimate.

    - ``rows`` (indices): ``scores`` (len(rows), k) holds only those rows; the others are 0.
    - ``groups`` (n,) integer codes (-1: in no group) and ``n_groups``: the variances (G, k)
      of the domain estimates whose influence values are ``1(groups == g) * scores[:, j]``,
      from (PSU, group) sums, without the (n, G k) matrix (the diagonal of the full result).

    Arguments of the wrong shape, group codes outside -1..n_groups-1 and row indices outside
    the design raise a DesignError naming the argument.

    A replicate design (R ``svrepdesign``) takes ``replicates=(estimates, full)``: the
    estimates recomputed with every replicate's weights (R, k) and with the full-sample
    weights (k,); the result is R's ``svrVar`` (the covariance, or with ``groups`` the
    variances of estimates (R, G, k) element by element). Given only ``scores``, a replicate
    design gives the replicate variance of the totals of ``scores`` (each row's value
    re-weighted by ``w_r / w``): exact for totals, the linearisation otherwise.

    Example:
        >>> import pandas as pd
        >>> d = Design(pd.DataFrame({"y": [1.0, 3.0]}))
        >>> vcov(d, [[-0.5], [0.5]]).round(12).tolist()  # n/(n-1) * sum of squares
        [[1.0]]
        >>> vcov(d, [[0.5]], rows=np.array([1])).round(12).tolist()
        [[0.25]]
        >>> d4 = Design(pd.DataFrame({"y": [1.0, 2, 3, 4]}))
        >>> vcov(d4, np.ones((4, 1)), groups=np.array([0, 0, 1, 1]), n_groups=2).ravel().tolist()
        [1.3333333333333333, 1.3333333333333333]
    """
    if design.replicates is not None:
        return _replicate_vcov(design, scores, groups, n_groups, rows, replicates)
    if scores is None:
        raise DesignError("vcov: a design without replicate weights needs scores= (influence values, "
                          f"(n={design.n}, k)); replicates= is for replicate designs.")
    if groups is not None:
        if rows is not None:
            raise DesignError("vcov: give groups= or rows=, not both.")
        g, n_groups = _codes(design, groups, n_groups)
        return _grouped(design, _as_matrix(design, scores), g, n_groups)
    if rows is not None:
        part = _part(scores)
        rows = _rows(design, rows, part)
        if design.row_psu and not design.calibration:
            return _row_psu_vcov(design.stages[0], part, rows)
        scores = np.zeros((design.n, part.shape[1]))
        scores[rows] = part
    x = _residualise(design, scores)
    v = np.zeros((x.shape[1], x.shape[1]))
    for stage in design.stages:
        t = _centred_totals(stage, x)
        v += t.T @ t
    return v


def _replicate_vcov(design: Design, scores, groups, n_groups, rows, replicates) -> np.ndarray:
    """vcov of a replicate design: R's svrVar of replicate estimates (see :func:`vcov`)."""
    rep = design.replicates
    if replicates is not None:
        try:
            reps, full = (np.asarray(a, dtype=float) for a in replicates)
        except (TypeError, ValueError):
            raise DesignError("vcov: replicates= must be (estimates, full): the estimates with every "
                              "replicate's weights (R, ...) and with the full-sample weights (...).") from None
        if reps.ndim < 1 or reps.shape[0] != rep.count or reps.shape[1:] != full.shape:
            raise DesignError(f"vcov: replicates=(estimates, full) must be shaped (R, ...) and (...) with "
                              f"R = {rep.count} replicates and the same (...); got {reps.shape} and {full.shape}.")
        if groups is not None:
            return svrvar(reps, full, rep)
        return svrvar(reps.reshape(rep.count, -1), full.reshape(-1), rep, cov=True)
    if scores is None:
        raise DesignError("vcov: a replicate design needs replicates=(estimates, full) or scores=.")
    if rows is not None:
        part = _part(scores)
        rows = _rows(design, rows, part)
        scores = np.zeros((design.n, part.shape[1]))
        scores[rows] = part
    u = _as_matrix(design, scores)
    w = design.weights
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(w[:, None] != 0, u / w[:, None], 0.0)
    if groups is not None:
        groups, n_groups = _codes(design, groups, n_groups)
    g = np.zeros(design.n, dtype=np.int64) if groups is None else groups
    g = np.where(design.domain, g, -1)
    m = u.shape[1]

    def fill(rows, out: np.ndarray) -> None:
        out[...] = ratio[rows].T

    t = replicate_totals(rep, w, fill, m, g, 1 if groups is None else int(n_groups))
    if groups is None:
        return svrvar(t[1:, 0], t[0, 0], rep, cov=True)
    return svrvar(t[1:], t[0], rep)


def _part(scores) -> np.ndarray:
    """The scores of ``rows=`` as a (rows, k) float matrix."""
    try:
        part = np.asarray(scores, dtype=float)
    except (TypeError, ValueError):
        raise DesignError(f"vcov: scores= must be numbers; got {type(scores).__name__}.") from None
    part = part[:, None] if part.ndim == 1 else part
    if part.ndim != 2:
        raise DesignError(f"vcov: scores= must be (rows, k), got shape {part.shape}.")
    return part


def _row_psu_vcov(st: Stage, u: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """vcov when every row is its own PSU (one stage, no calibration), from per-stratum sums.

    ``u`` (m, k) are the scores of ``rows``; the other rows are zero units. Per stratum h:
    scale_h (S2_h - S1_h S1_h' / n_h), with S1_h, S2_h the sum and cross-product of the
    scores (zero units included through n_h), so no (n, k) centred copy is made.
    """
    h = st.unit_stratum[st.unit[rows]]
    s1 = segsum(h, st.n_strata, u)  # (H, k)
    us = u * np.sqrt(st.scale[h])[:, None]
    s1 *= np.sqrt(np.where(st.centre, st.scale / st.npsu, 0.0))[:, None]
    v = us.T @ us - s1.T @ s1
    d = np.diagonal(v).copy()  # a round-off negative where the true variance is 0
    np.fill_diagonal(v, np.maximum(d, 0.0))
    return v


def _pairs(a: np.ndarray, b: np.ndarray, nb: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (a, b) pairs: (inverse codes per row, a of each pair, b of each pair)."""
    key = a.astype(np.int64) * nb + b
    uniq, inv = np.unique(key, return_inverse=True)
    return inv.ravel(), uniq // nb, uniq % nb


def _gamma(design: Design, u: np.ndarray, g: np.ndarray, n_groups: int):
    """Low-rank part of the residualised grouped scores: L (n, q) and Gamma (G, q, k)."""
    k = u.shape[1]
    big_l = np.zeros((design.n, 0))
    gamma = np.zeros((n_groups, 0, k))
    for cal in design.calibration:
        r = cal.ratio
        inv = cal.gram_inv
        if cal.factor:  # x = table[codes]: sums per (group, code), then the table
            n_j = len(cal.table)
            ok = g >= 0
            cell = np.where(ok, g * n_j + cal.codes, -1)
            b = wsegsum(cell, n_groups * n_j, u, r).reshape(n_groups, n_j, k)
            b = np.einsum("ja,gjk->gak", cal.table, b)
        else:
            x = cal.x
            b = np.stack([segsum(g, n_groups, u * (x[:, a] * r)[:, None])
                          for a in range(x.shape[1])], 1)
        beta = np.einsum("pa,gak->gpk", inv, b)
        if big_l.shape[1]:
            ml = inv @ cal.xt(r[:, None] * big_l)  # (p, q_prev)
            beta = beta - np.einsum("pq,gqk->gpk", ml, gamma)
        big_l = np.hstack([big_l, cal.w_out[:, None] * cal.matrix])
        gamma = np.concatenate([gamma, beta], axis=1)
    return big_l, gamma


def _grouped(design: Design, u: np.ndarray, g: np.ndarray, n_groups: int) -> np.ndarray:
    """Variances (G, k) of the columns ``1(g == group) * u[:, j]``: :func:`vcov` with groups.

    Equal to ``diag(vcov(design, S))`` for the explicit (n, G*k) score matrix ``S``, computed
    from (PSU, group) segment sums in O(n k) (plus O(n k q) for q calibration columns).
    """
    k = u.shape[1]
    big_l, gamma = _gamma(design, u, g, n_groups)
    q = big_l.shape[1]
    ok = g >= 0
    var = np.zeros((n_groups, k))
    for st in design.stages:
        if design.row_psu and st is design.stages[0]:
            var += _row_psu_part(st, u, g, n_groups, big_l, gamma)
            continue
        inv, p_unit, p_g = _pairs(st.unit[ok], g[ok], n_groups)
        a = segsum(inv, len(p_unit), u[ok])  # (pairs, k) unit-by-group totals
        p_h = st.unit_stratum[p_unit]
        hinv, hg_h, hg_g = _pairs(p_h, p_g, n_groups)
        centre = st.centre[hg_h][:, None]
        abar = np.where(centre, segsum(hinv, len(hg_h), a) / st.npsu[hg_h][:, None], 0.0)
        m = np.bincount(hinv, minlength=len(hg_h))
        sc_pair = st.scale[p_h][:, None]
        var += segsum(p_g, n_groups, sc_pair * (a - abar[hinv]) ** 2)
        absent = (st.npsu[hg_h] - m)[:, None] * st.scale[hg_h][:, None] * abar**2
        var += segsum(hg_g, n_groups, absent)
        if q:
            c = segsum(st.unit, st.n_units, big_l)
            cbar = segsum(st.unit_stratum, st.n_strata, c) / st.npsu[:, None]
            c = c - np.where(st.centre[:, None], cbar, 0.0)[st.unit_stratum]
            sc = st.scale[st.unit_stratum][:, None]
            wc = (sc * c)[p_unit]  # (pairs, q)
            cross = np.stack([segsum(p_g, n_groups, a * wc[:, j : j + 1]) for j in range(q)], 1)
            cc = (sc * c).T @ c
            var -= 2 * np.einsum("gqk,gqk->gk", cross, gamma)
            var += np.einsum("gqk,qr,grk->gk", gamma, cc, gamma)
    return np.maximum(var, 0.0)


def _row_psu_part(st: Stage, u, g, n_groups, big_l, gamma) -> np.ndarray:
    """The first stage when every row is its own PSU: no unit-by-group pairs to sort out.

    Per (stratum, group) cell the sums of the scores and of their squares, in row chunks
    (no (n, k) temporaries): variance = sum_h scale_h (S2 - S1^2 / n_h), the centred sum of
    squares over all units of the stratum (units outside the group count as zeros).
    """
    k = u.shape[1]
    h = st.unit_stratum  # unit == row
    n_h, n = st.n_strata, len(h)
    hg = np.where(g >= 0, h * n_groups + g, -1)
    s1 = np.zeros((n_h * n_groups, k))
    s2 = np.zeros((n_h * n_groups, k))
    step = max(1024, (1 << 20) // max(k, 1))
    for r0 in range(0, n, step):
        part = u[r0 : r0 + step]
        s1 += segsum(hg[r0 : r0 + step], n_h * n_groups, part)
        s2 += segsum(hg[r0 : r0 + step], n_h * n_groups, part * part)
    s1, s2 = s1.reshape(n_h, n_groups, k), s2.reshape(n_h, n_groups, k)
    centre = np.where(st.centre, 1.0 / st.npsu, 0.0)[:, None, None]
    var = np.einsum("h,hgk->gk", st.scale, s2 - centre * s1**2)
    if big_l.shape[1]:
        c = big_l - np.where(st.centre[:, None], segsum(h, n_h, big_l) / st.npsu[:, None], 0.0)[h]
        wc = st.scale[h][:, None] * c
        gg = np.where(g >= 0, g, -1)
        cross = np.stack([wsegsum(gg, n_groups, u, wc[:, j]) for j in range(wc.shape[1])], 1)
        cc = wc.T @ c
        var -= 2 * np.einsum("gqk,gqk->gk", cross, gamma)
        var += np.einsum("gqk,qr,grk->gk", gamma, cc, gamma)
    return var
