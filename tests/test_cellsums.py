"""The cell-sum pass (design/cellsums.py) against its definition, summed row by row.

Every route is covered: categorical codes, numeric items of few integer scores (tallied,
several to one joint table), other numeric items (value columns), scores whose first rows
hide a fraction or a value out of range (the pass starts again), calibration row functions,
rows outside every group, and chunk boundaries. The statistics built on these sums are
checked against R in test_r_parity_*.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import surveykit.design.cellsums as cs
from surveykit.design import Design, Items
from surveykit.design.cellsums import cell_sums
from surveykit.estimate.means import mean


def brute(columns, w, cell, n_cells, cals, ratios, shift):
    """t[c, p, s, j] by the definition, one row at a time over numpy vectors."""
    phi = [w != 0, w, w * w]
    for s, cal in enumerate(cals):
        phi += [w * ratios[s], w * cal.w_out]
    t = np.zeros((n_cells, len(phi), 3, len(columns)))
    for j, (valid, y) in enumerate(columns):
        y = np.where(valid, y - shift[j], 0.0)
        for c in range(n_cells):
            rows = (cell == c) & valid
            for p, f in enumerate(phi):
                t[c, p] [:, j] = [f[rows].sum(), (f * y)[rows].sum(), (f * y * y)[rows].sum()]
    return t


def mixed(n, rng, *, fraction_at=None, outlier_at=None):
    """Items: 3 float Likert items (one with scores 0-10), an int item, a categorical with
    4 levels (2 columns used), a continuous item; the (valid, y) of each column."""
    lik = [rng.integers(1, 6, n).astype(float) for _ in range(2)]
    eleven = rng.integers(0, 11, n).astype(float)
    for a in (*lik, eleven):
        a[rng.random(n) < 0.1] = np.nan
    if fraction_at is not None:
        lik[0][fraction_at] = 2.5
    if outlier_at is not None:
        lik[1][outlier_at] = 9.0
    ints = rng.integers(-2, 3, n)  # negative scores, no missing
    codes = rng.integers(-1, 4, n).astype(np.int8)  # -1 missing
    cont = rng.normal(50, 10, n)
    cont[rng.random(n) < 0.05] = np.nan
    data = [lik[0], lik[1], eleven, ints, codes, codes, cont]
    code = [None, None, None, None, 1, 3, None]
    it = Items(data, code, [f"v{i}" for i in range(7)], [None] * 7, [c is not None for c in code])
    columns = []
    for arr, c in zip(data, code, strict=True):
        if c is None:
            a = arr.astype(float)
            columns.append((~np.isnan(a), np.nan_to_num(a)))
        else:
            columns.append((arr >= 0, (arr == c).astype(float)))
    return it, columns


def calibrations(n, rng, steps):
    cals = [SimpleNamespace(w_out=rng.uniform(0.5, 2.0, n)) for _ in range(steps)]
    ratios = [rng.uniform(0.8, 1.2, n) for _ in range(steps)]
    return cals, ratios


@pytest.mark.parametrize("n, n_cells, steps", [(50, 1, 0), (3000, 7, 0), (70_000, 5, 2),
                                               (40_000, 60, 1)])
def test_cell_sums_equal_the_definition(n, n_cells, steps):
    rng = np.random.default_rng([n, n_cells, steps])
    it, columns = mixed(n, rng)
    w = rng.uniform(1, 3, n)
    w[rng.random(n) < 0.02] = 0.0  # zero weights count in phi 1(w != 0) as absent
    cell = rng.integers(0, n_cells + 1, n)  # n_cells: rows outside every group
    cals, ratios = calibrations(n, rng, steps)
    shift = np.array([3.0, 2.0, 5.0, 0.0, 0.0, 0.0, 50.0])
    got = cell_sums(it, w, cell, n_cells, cals, ratios, shift)
    want = brute(columns, w, cell, n_cells, cals, ratios, shift)
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-7)


@pytest.mark.parametrize("where", ["fraction", "outlier"])
def test_scores_past_the_first_rows_start_the_pass_again(where, monkeypatch):
    n = 3 * cs.CHUNK + 10  # the odd value sits in the last chunk, past the 4096 rows looked at
    rng = np.random.default_rng(7)
    at = n - 3
    it, columns = mixed(n, rng, **{f"{where}_at": at})
    calls = []
    real = cs._pass
    monkeypatch.setattr(cs, "_pass", lambda *a: calls.append(1) or real(*a))
    w = rng.uniform(1, 3, n)
    cell = rng.integers(0, 4, n)
    shift = np.zeros(7)
    got = cell_sums(it, w, cell, 3, [], [], shift)
    np.testing.assert_allclose(got, brute(columns, w, cell, 3, [], [], shift), rtol=1e-11,
                               atol=1e-7)
    assert len(calls) == 2


def test_one_item_per_table_when_the_cells_are_many(monkeypatch):
    monkeypatch.setattr(cs, "TABLE_BUDGET", 1)
    rng = np.random.default_rng(3)
    it, columns = mixed(2000, rng)
    w, cell = rng.uniform(1, 3, 2000), rng.integers(0, 9, 2000)
    got = cell_sums(it, w, cell, 8, [], [], np.zeros(7))
    np.testing.assert_allclose(got, brute(columns, w, cell, 8, [], [], np.zeros(7)),
                               rtol=1e-11, atol=1e-7)


def test_score_range_from_the_first_rows_and_what_is_not_a_score():
    assert cs._score_range(np.array([1.0, np.nan, 5.0, 3.0])) == (1, 5)
    assert cs._score_range(np.array([1.0, 2.5])) is None  # a fraction
    assert cs._score_range(np.arange(40.0)) is None  # too many values to tally
    assert cs._score_range(np.array([np.nan] * 5000 + [2.0, 4.0])) == (2, 4)  # head all NaN
    assert cs._score_range(np.array([np.nan, np.nan])) is None
    assert cs._score_range(np.array([], dtype=float)) is None
    assert cs._score_range(np.array([-3, 0, 2])) == (-3, 2)


def test_mean_of_tallied_scores_equals_the_weighted_mean_by_hand():
    """A scores item, a wider-range integer item and a continuous one through mean(): the
    estimates are the plain weighted means (independent of the engine)."""
    rng = np.random.default_rng(11)
    n = 5000
    df = pd.DataFrame({
        "q": np.where(rng.random(n) < 0.1, np.nan, rng.integers(1, 6, n)),
        "age": rng.integers(18, 90, n).astype(float),
        "x": rng.normal(size=n),
        "w": rng.uniform(1, 4, n),
        "s": rng.integers(0, 3, n),
    })
    res = mean(Design(df, weights="w", strata="s"), ["q", "age", "x"]).set_index("variable")
    for v in ("q", "age", "x"):
        ok = df[v].notna()
        want = np.average(df.loc[ok, v], weights=df.loc[ok, "w"])
        assert res.loc[v, "estimate"] == pytest.approx(want, rel=1e-12)
