"""The one variance engine: influence values + design -> covariance (R ``svyrecvar``).

``scores`` are weighted influence values, one column per estimate: what R's ``svyrecvar``
receives (weight x linearised value, 0 outside the domain). The engine applies, in order, the
GREG residuals of every weighting step of the design (post-stratification, raking,
calibration), then Taylor linearisation with ultimate clusters per stage: PSU totals, centred
within strata, times ``f n/(n-1)`` with the finite population correction ``f`` of the stage,
and for later stages (only with an fpc) times the sampling fractions of earlier stages.

:func:`grouped_variance` gives the variances of many domain estimates at once without
materialising the (rows x groups x items) score matrix: column ``(g, j)`` is
``1(group == g) * scores[:, j]``, and calibration residuals enter through a low-rank term.

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

from surveykit.design import Design, Stage, segsum, wsegsum

__all__ = ["degf", "design_effect", "grouped_variance", "residualise", "srs_variance", "vcov"]


def degf(design: Design) -> int:
    """Design degrees of freedom (PSUs minus strata with non-zero weight), as R's ``degf``."""
    return design.degf


def _as_matrix(design: Design, scores) -> np.ndarray:
    x = np.asarray(scores, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != design.n:
        raise ValueError(f"scores must have shape (n={design.n}, k), got {x.shape}")
    return x


def residualise(design: Design, scores) -> np.ndarray:
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


def vcov(design: Design, scores, rows: np.ndarray | None = None) -> np.ndarray:
    """Covariance matrix (k, k) of the estimates whose influence values are ``scores`` (n, k).

    With ``rows`` (indices), ``scores`` (len(rows), k) holds only those rows; the others are 0.

    Example:
        >>> import pandas as pd
        >>> d = Design(pd.DataFrame({"y": [1.0, 3.0]}))
        >>> vcov(d, [[-0.5], [0.5]]).round(12).tolist()  # n/(n-1) * sum of squares
        [[1.0]]
        >>> vcov(d, [[0.5]], rows=np.array([1])).round(12).tolist()
        [[0.25]]
    """
    if rows is not None:
        part = np.asarray(scores, dtype=float)
        part = part[:, None] if part.ndim == 1 else part
        if getattr(design, "_row_psu", False) and not design.calibration:
            return _row_psu_vcov(design.stages[0], part, np.asarray(rows))
        scores = np.zeros((design.n, part.shape[1]))
        scores[rows] = part
    x = residualise(design, scores)
    v = np.zeros((x.shape[1], x.shape[1]))
    for stage in design.stages:
        t = _centred_totals(stage, x)
        v += t.T @ t
    return v


def _row_psu_vcov(st: Stage, u: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """vcov when every row is its own PSU (one stage, no calibration), from per-stratum sums.

    ``u`` (m, k) are the scores of ``rows``; the other rows are zero units. Per stratum h:
    scale_h (S2_h - S1_h S1_h' / n_h), with S1_h, S2_h the sum and cross-product of the
    scores (zero units included through n_h), so no (n, k) centred copy is made.
    """
    if u.shape[0] != len(rows):
        raise ValueError(f"scores must have one row per index in rows ({len(rows)}), got {u.shape}")
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


def grouped_variance(design: Design, scores, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Variances (G, k) of the columns ``1(groups == g) * scores[:, j]`` (rows with -1: none).

    Equal to ``diag(vcov(design, S))`` for the explicit (n, G*k) score matrix ``S``, computed
    from (PSU, group) segment sums in O(n k) (plus O(n k q) for q calibration columns).

    Example:
        >>> import pandas as pd
        >>> d = Design(pd.DataFrame({"y": [1.0, 2, 3, 4]}))
        >>> grouped_variance(d, [[1.0], [1], [1], [1]], np.array([0, 0, 1, 1]), 2).ravel().tolist()
        [1.3333333333333333, 1.3333333333333333]
    """
    u = _as_matrix(design, scores)
    g = np.asarray(groups, dtype=np.int64)
    k = u.shape[1]
    big_l, gamma = _gamma(design, u, g, n_groups)
    q = big_l.shape[1]
    ok = g >= 0
    var = np.zeros((n_groups, k))
    for st in design.stages:
        if getattr(design, "_row_psu", False) and st is design.stages[0]:
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


def srs_variance(weights, scores, groups: np.ndarray, n_groups: int, valid=None) -> np.ndarray:
    """Variances (G, k) the estimates would have under simple random sampling with replacement
    of the same respondents: the denominator of the design effect (R ``deff="replace"``).

    ``scores`` (n, k) are the weighted influence values ``u_i = w_i·IF_i·c`` of each estimate
    (any constant ``c``; the design variance scales alike); a respondent counts in group g for
    column j when ``groups == g``, the weight is non-zero and ``valid[:, j]`` (default: all).
    Per group: ``(W·Σ u²/w − (Σ u)²) / (n − 1)``, i.e. the weighted variance of ``IF`` over
    ``n`` (R: ``svyvar(x, design) / nobs`` for a mean). Equal weights and no strata or
    clusters: it equals the design variance (design effect 1).

    Example:
        >>> import pandas as pd
        >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 4.0]}))
        >>> y = d.data["y"].to_numpy(); u = (y - y.mean()) / 3
        >>> v = srs_variance(d.weights, u[:, None], np.zeros(3, dtype=int), 1)[0, 0]
        >>> bool(np.isclose(v, y.var(ddof=1) / 3, rtol=1e-14))
        True
    """
    u = np.asarray(scores, dtype=float)
    u = u[:, None] if u.ndim == 1 else u
    w = np.asarray(weights, dtype=float)
    groups = np.asarray(groups)
    nz = w != 0
    inv_w = np.divide(1.0, w, out=np.zeros_like(w), where=nz)
    if valid is None:
        if n_groups == 1 and nz.all() and (groups == 0).all():  # one group of every row
            wsum = np.full((1, u.shape[1]), w.sum())
            n = np.full((1, u.shape[1]), float(len(w)))
            s1 = u.sum(axis=0, keepdims=True)
            s2 = np.einsum("ij,ij,i->j", u, u, inv_w)[None, :]
        else:
            g = np.where((groups >= 0) & nz, groups, -1)
            wsum = segsum(g, n_groups, w)[:, None] * np.ones((1, u.shape[1]))
            n = segsum(g, n_groups, nz.astype(float))[:, None] * np.ones((1, u.shape[1]))
            s1 = segsum(g, n_groups, u)
            s2 = wsegsum(g, n_groups, u * u, inv_w)
    else:
        g = np.where((groups >= 0) & nz, groups, -1)
        ok = np.asarray(valid, dtype=bool) & (g >= 0)[:, None]
        wsum = segsum(g, n_groups, np.where(ok, w[:, None], 0.0))
        n = segsum(g, n_groups, ok.astype(float))
        s1 = segsum(g, n_groups, np.where(ok, u, 0.0))
        s2 = wsegsum(g, n_groups, np.where(ok, u * u, 0.0), inv_w)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.maximum(wsum * s2 - s1**2, 0.0) / (n - 1)


def design_effect(variance: np.ndarray, srs: np.ndarray) -> np.ndarray:
    """``variance / srs``, NaN where the SRS variance is 0 or undefined (one respondent)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(srs) > 0, np.asarray(variance) / np.asarray(srs), np.nan)
