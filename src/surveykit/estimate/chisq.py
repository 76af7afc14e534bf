"""Rao–Scott tests of association for two-way tables, as R's ``svychisq`` (survey 4.1).

``statistic``:

- ``"F"`` (default): Pearson's X² / tr(Δ) on F(d, d·ν), d = tr(Δ)²/tr(Δ²), ν = design df;
- ``"Chisq"``: the reported statistic is Pearson's X² of the weighted table rescaled to n;
  only its p-value is corrected, P(χ²_{(r−1)(c−1)} > X²/mean(diag Δ));
- ``"Wald"`` / ``"adjWald"``: design-based Wald test of the interaction of cell totals.

Δ is the design-effect matrix of the interaction contrasts of the cell proportions
(covariance from :func:`surveykit.design.vcov`: linearised, or on a replicate design the
replicates' covariance of the cell shares with ν = the replicate degf, as R's
``svychisq.svyrep.design``). The effect size is Cramér's V of the weighted table.

Example:
    >>> chisq(design, "help", "site_type")               # doctest: +SKIP
    >>> rao_scott(design, "help", "site_type").p_value    # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from surveykit.design import replicate_ratios, replicate_totals, vcov
from surveykit.errors import DataError, DesignError, SurveykitWarning
from surveykit.estimate._dist import chi2_sf, f_sf
from surveykit.estimate.effects import cramers_v
from surveykit.estimate.grouping import (
    as_list,
    check_columns,
    column_name,
    group_index,
    measurement,
    sorted_levels,
)
from surveykit.estimate.schema import by_names, result_frame

__all__ = ["STATISTICS", "ChisqTest", "chisq", "rao_scott"]

STATISTICS = ("F", "Chisq", "Wald", "adjWald")


@dataclass(frozen=True)
class ChisqTest:
    """One test of association: statistic, numerator/denominator df, p-value, the table."""

    statistic_type: str
    statistic: float
    ndf: float  # numerator df (the chi-square df for "Chisq")
    ddf: float  # denominator df (inf for "Chisq")
    p_value: float
    table: pd.DataFrame  # weighted counts rescaled to n (rows × columns); NaN where suppressed
    cramers_v: float
    n: int  # respondents with both variables
    delta: np.ndarray  # design-effect matrix Δ of the interaction contrasts
    counts: pd.DataFrame | None = None  # respondents per cell
    suppressed: pd.DataFrame | None = None  # cells resting on fewer than min_cell respondents

    @property
    def deff(self) -> float:
        """The mean generalised design effect (mean eigenvalue of Δ, Rao & Scott's δ̄)."""
        return float(np.trace(self.delta) / self.delta.shape[0]) if self.delta.size else np.nan


def _codes(col: pd.Series, inside: np.ndarray) -> tuple[np.ndarray, list]:
    """Level codes (−1 missing) over the levels present among the rows inside the domain."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col[inside].dropna().unique())
        levels = [c for c in col.cat.categories if c in present]
    else:
        levels = sorted_levels(col[inside].dropna().unique().tolist(), col.name, "chisq")
    codes = pd.Index(levels, dtype=object).get_indexer(col.astype(object)).astype(np.intp)
    return np.where(inside, codes, -1), levels


def _interaction_contrasts(nr: int, nc: int) -> np.ndarray:
    """R's ``qr.resid(qr(X1), X12[, interaction])`` on the cell grid (rows fastest)."""
    r = np.tile(np.arange(nr), nc)
    c = np.repeat(np.arange(nc), nr)
    x1 = np.column_stack(
        [np.ones(nr * nc)]
        + [(r == i).astype(float) for i in range(1, nr)]
        + [(c == j).astype(float) for j in range(1, nc)]
    )
    x12 = np.column_stack(
        [((r == i) & (c == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    beta = np.linalg.lstsq(x1, x12, rcond=None)[0]
    return x12 - x1 @ beta


def _check_categories(name: str, s: pd.Series, inside: np.ndarray) -> None:
    """A numeric column is a variable of categories only when it holds codes: whole numbers,
    not too many of them. Measurements (0.345, ages 18-90) would make a table of hundreds of
    one-respondent cells whose test and Cramér's V (near 1) mean nothing."""
    if isinstance(s.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(s.dtype) \
            or pd.api.types.is_bool_dtype(s.dtype):
        return
    why = measurement(pd.to_numeric(s[inside], errors="coerce").dropna().to_numpy(dtype=float))
    if why:
        raise DataError(
            f"chisq: {name!r} holds {why}, a measurement rather than categories; a test of "
            "association needs categories. Group it first (e.g. pd.cut into age groups), or "
            "model it with sk.regress."
        )


def rao_scott(design: Any, row: str, col: str, *, statistic: str = "F") -> ChisqTest:
    """Rao–Scott / Wald test of independence of ``row`` and ``col`` (R ``svychisq``).

    Rows missing either variable are left out (R's ``na.rm=TRUE``), but count in n, the
    total the table is rescaled to, as in R. The statistic uses every cell; the returned
    ``table`` blanks (NaN) the cells resting on fewer than ``design.min_cell`` respondents
    (``counts``, ``suppressed``), as every published number is.

    Example:
        >>> rao_scott(design, "help", "site_type", statistic="F").p_value  # doctest: +SKIP
    """
    if statistic not in STATISTICS:
        raise DataError(
            f"chisq: statistic={statistic!r} is not available; use one of {', '.join(STATISTICS)}."
        )
    check_columns(design, [row, col], "chisq")
    w = np.asarray(design.weights, dtype=float)
    inside = (w > 0) & design.domain
    n_total = int(inside.sum())
    if n_total == 0:
        raise DataError("chisq: the design (domain) is empty: no rows with a positive weight.")
    if row == col:
        raise DataError(f"chisq: row and col are both {row!r}; a test of association needs two variables.")
    for name in (row, col):
        _check_categories(name, design.data[name], inside)
    # the levels of the table: those of the rows with both answers (a level whose respondents all
    # lack the other answer would be an empty margin, a statistic of 0/0)
    both = inside & design.data[row].notna().to_numpy() & design.data[col].notna().to_numpy()
    rc, rlev = _codes(design.data[row], both)
    cc, clev = _codes(design.data[col], both)
    nr, nc = len(rlev), len(clev)
    if nr < 2 or nc < 2:
        few = row if nr < 2 else col
        found = rlev if nr < 2 else clev
        raise DataError(
            f"chisq: {few!r} has {len(found)} level(s) with respondents ({found}); a test of "
            "association needs at least 2 levels in each variable."
        )
    ok = (rc >= 0) & (cc >= 0)
    cell = np.where(ok, rc + nr * cc, -1)
    k = nr * nc
    ind = np.zeros((len(w), k))
    ind[np.flatnonzero(ok), cell[ok]] = 1.0
    wk = np.where(ok, w, 0.0)
    wtot = wk.sum()
    p = wk @ ind / wtot
    table = p * n_total
    rows_t, cols_t = table.reshape(nc, nr).sum(axis=0), table.reshape(nc, nr).sum(axis=1)
    expected = np.outer(cols_t, rows_t).ravel() / n_total  # cell order: rows fastest
    x2 = float(np.sum((table - expected) ** 2 / expected))
    index, columns = pd.Index(rlev, name=row), pd.Index(clev, name=col)
    tab = pd.DataFrame(table.reshape(nc, nr).T, index=index, columns=columns)
    v_eff = cramers_v(tab.to_numpy())
    counts = pd.DataFrame(ind.sum(0).reshape(nc, nr).T.astype(np.int64), index=index,  # 0 where not ok
                          columns=columns)
    hidden = counts < design.min_cell
    tab = tab.mask(hidden)
    # R's svychisq: PSUs minus strata of every row its design holds, zero weights included (a
    # calibrated design's subset keeps every row); a replicate design: its degf
    nu = float(design.degf if design.replicates is not None else design.held_degf)
    if design.replicates is None:
        v = vcov(design, wk[:, None] * (ind - p[None, :]) / wtot)
    else:  # R: the replicate covariance of the cell shares (svymean(mm, na.rm=TRUE))
        okk = np.broadcast_to(ok[:, None].astype(float), ind.shape)
        shares = replicate_ratios(design, ind, okk, np.zeros(len(w), dtype=np.int64), 1)[:, 0]
        v = vcov(design, replicates=(shares[1:], shares[0]))
    cmat = _interaction_contrasts(nr, nc)
    idm = np.where(p == 0, 0.0, 1.0 / np.where(p == 0, 1.0, p))
    ic = idm[:, None] * cmat
    denom = cmat.T @ ic / n_total
    numr = ic.T @ v @ ic
    delta = np.linalg.solve(denom, numr)
    tr = float(np.trace(delta))
    extra = {"counts": counts, "suppressed": hidden}
    if statistic in ("Wald", "adjWald"):
        stat, ndf, ddf = _wald(design, ind, w, ok, nr, nc, nu, statistic)
        pval = float(f_sf(stat, ndf, ddf))
        return ChisqTest(statistic, stat, ndf, ddf, pval, tab, v_eff, int(ok.sum()), delta, **extra)
    if not tr > 0:  # no sampling variance (every PSU taken with certainty): R's NaN, said
        warnings.warn(
            f"chisq: the cell shares of {row!r} by {col!r} have no sampling variance (every PSU "
            "of the design (domain) is taken with certainty: fpc equal to the PSUs sampled), so "
            "there is no design-based test; R's svychisq gives NaN too.", SurveykitWarning, stacklevel=3)
        nan = float("nan")
        return ChisqTest(statistic, nan, nan, nan, nan, tab, v_eff, int(ok.sum()), delta, **extra)
    if statistic == "F":
        ndf = tr**2 / float(np.trace(delta @ delta))
        ddf = ndf * nu
        stat = x2 / tr
        pval = float(f_sf(stat, ndf, ddf))
    else:
        ndf, ddf, stat = float(delta.shape[1]), np.inf, x2
        pval = float(chi2_sf(x2 / float(np.mean(np.diag(delta))), ndf))
    return ChisqTest(statistic, stat, ndf, ddf, pval, tab, v_eff, int(ok.sum()), delta, **extra)


def _wald(design, ind, w, ok, nr, nc, nu, statistic) -> tuple[float, float, float]:
    """R's Wald / adjWald branch: totals of cells, margins and n; delta method on Y."""
    r = np.tile(np.arange(nr), nc)
    c = np.repeat(np.arange(nc), nr)
    k = nr * nc
    if design.replicates is None:
        ri = ind.reshape(len(w), nc, nr).sum(axis=1)
        ci = ind.reshape(len(w), nc, nr).sum(axis=2)
        z = np.hstack([ind, ri, ci, ok[:, None].astype(float)])  # (n, k + nr + nc + 1)
        scores = np.where(ok, w, 0.0)[:, None] * z
        tot = scores.sum(axis=0)
    else:  # the same totals from the cells' (no n x (k + nr + nc + 1) matrix)
        wk = np.where(ok, w, 0.0)
        cell_tot = wk @ ind
        tot = np.concatenate([cell_tot, cell_tot.reshape(nc, nr).sum(axis=0),
                              cell_tot.reshape(nc, nr).sum(axis=1), [wk.sum()]])
    cells, rt, ct, t = tot[:k], tot[k : k + nr], tot[k + nr : k + nr + nc], tot[-1]
    jac = np.hstack(
        [
            np.eye(k),
            -(r[:, None] == np.arange(nr)[None, :]).astype(float) * (ct[c] / t)[:, None],
            -(c[:, None] == np.arange(nc)[None, :]).astype(float) * (rt[r] / t)[:, None],
            (rt[r] * ct[c] / t**2)[:, None],
        ]
    )
    y = cells - rt[r] * ct[c] / t
    if design.replicates is None:
        v_tot = vcov(design, scores)
    else:  # R: svytotal(~mm + mr + mc + one, na.rm=TRUE) with the replicates
        totals = _wald_replicate_totals(design, ind, ok, nr, nc)
        v_tot = vcov(design, replicates=(totals[1:, 0], totals[0, 0]))
    v = jac @ v_tot @ jac.T
    use = (r > 0) & (c > 0)
    stat = float(y[use] @ np.linalg.solve(v[np.ix_(use, use)], y[use]))
    ndf = float((nr - 1) * (nc - 1))
    if statistic == "Wald":
        return stat / ndf, ndf, nu
    ddf = nu - ndf + 1
    return stat * ddf / (ndf * nu), ndf, ddf


def _wald_replicate_totals(design, ind, ok, nr, nc) -> np.ndarray:
    """Totals of the cells, row and column margins and the complete rows (the Taylor branch's
    columns of ``z``) for the full sample and every replicate, (R + 1, 1, m): the columns are
    made chunk by chunk from the cell indicators ``ind`` (0 on rows not ``ok``)."""
    k = nr * nc

    def fill(rows, out: np.ndarray) -> None:
        part = ind[rows]
        out[:k] = part.T
        out[k : k + nr] = part.reshape(-1, nc, nr).sum(axis=1).T
        out[k + nr : k + nr + nc] = part.reshape(-1, nc, nr).sum(axis=2).T
        out[-1] = ok[rows]

    g = design.in_domain(np.zeros(len(ok), dtype=np.int64))
    return replicate_totals(design.replicates, design.weights, fill, k + nr + nc + 1, g, 1)


def _group_test(design, codes, keys, by_cols, g, row, col, statistic) -> ChisqTest:
    """:func:`rao_scott` of group ``g``; an error names the group (its ``by`` values)."""
    if not by_cols:
        return rao_scott(design, row, col, statistic=statistic)
    try:
        return rao_scott(design.subset(codes == g), row, col, statistic=statistic)
    except (DataError, DesignError) as e:
        group = ", ".join(f"{c}={_plain(keys[c].iloc[g])!r}" for c in by_cols)
        detail = e.detail.removeprefix("chisq: ")
        raise type(e)(f"chisq: in the group {group}: {detail}", advice=e.advice
                      or "Leave that group out (design.subset) or test without by=.") from e


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def chisq(
    design: Any,
    row: str,
    col: str,
    *,
    statistic: str = "F",
    by: str | list[str] | None = None,
) -> pd.DataFrame:
    """Test of association of ``row`` and ``col`` in the result schema (one row per group).

    ``variable`` is ``row``, ``contrast`` names the pair, ``statistic``/``p_value`` the
    test, ``df_num`` and ``df`` the F statistic's numerator and denominator df (R's ``ndf`` and
    ``ddf``; for ``"Chisq"`` ``df`` is the χ² df and ``df_num`` is empty), ``effect_size`` Cramér's V. ``p_adjusted`` adjusts over the ``by``
    groups by Holm.

    Example:
        >>> chisq(design, "help", "site_type", by="wave")  # doctest: +SKIP
    """
    from surveykit.estimate.adjust import p_adjust

    row, col = column_name(row, "chisq: row"), column_name(col, "chisq: col")
    by_cols = as_list(by, "by")
    codes, keys = group_index(design, by_cols)
    tests = [_group_test(design, codes, keys, by_cols, g, row, col, statistic)
             for g in range(len(keys))]
    names = by_names(by_cols)
    cols: dict[str, Any] = {names[c]: keys[c].reset_index(drop=True) for c in by_cols}
    m = len(tests)
    cols["variable"] = [row] * m
    cols["level"] = [None] * m
    cols["df"] = [t.ddf if statistic != "Chisq" else t.ndf for t in tests]
    cols["n"] = [t.n for t in tests]
    cols["deff"] = [t.deff for t in tests]
    cols["n_eff"] = [t.n / t.deff if t.deff > 0 else np.nan for t in tests]
    cols["suppressed"] = [t.n < design.min_cell for t in tests]
    cols["contrast"] = [f"{row} x {col}"] * m
    cols["contrast_over"] = [col] * m  # the test of `variable` (row) against col
    cols["statistic"] = [t.statistic for t in tests]
    cols["df_num"] = [t.ndf if statistic != "Chisq" else np.nan for t in tests]
    cols["p_value"] = [t.p_value for t in tests]
    cols["p_adjusted"] = p_adjust(np.asarray(cols["p_value"], dtype=float), "holm")
    cols["effect_size"] = [t.cramers_v for t in tests]
    return result_frame(cols, by=list(names.values()), contrast=True)
