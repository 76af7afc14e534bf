"""The variance engine: vcov against R's vcov, and vcov with groups= against the explicit columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design, vcov
from tests.test_r_parity_loader import case


def _mean_scores(d: Design, cols: list[str]) -> np.ndarray:
    x = d.data[cols].to_numpy(float)
    w = d.weights
    mu = w @ x / w.sum()
    return w[:, None] * (x - mu) / w.sum()


@pytest.mark.parametrize(
    ("spec", "eid"),
    [("apistrat.spec.json", "mean_api00_api99"), ("apiclus1.spec.json", "mean_api00")],
)
def test_vcov_matrix_matches_r(spec, eid):
    c = case(spec)
    est, out = c.estimate(eid)
    d = c.design()
    v = vcov(d, _mean_scores(d, est["vars"]))
    np.testing.assert_allclose(v, np.array(out["result"]["vcov"]), rtol=1e-9)
    assert d.degf == out["result"]["df"]


@pytest.mark.parametrize("spec", ["apistrat.spec.json", "apiclus2.spec.json", "apiclus1.spec.json"])
def test_grouped_vcov_equals_vcov_of_explicit_columns(spec):
    c = case(spec)
    d = c.design()
    rng = np.random.default_rng(1)
    u = rng.normal(size=(d.n, 3)) * d.weights[:, None]
    g = rng.integers(-1, 4, size=d.n)
    explicit = np.column_stack([(g == k)[:, None] * u for k in range(4)])
    want = np.diag(vcov(d, explicit)).reshape(4, 3)
    np.testing.assert_allclose(vcov(d, u, groups=g, n_groups=4), want, rtol=1e-10)


def test_srs_formula():
    y = np.array([2.0, 5.0, 1.0, 7.0, 4.0])
    d = Design(pd.DataFrame({"y": y}))
    s = (y - y.mean()) / len(y)
    np.testing.assert_allclose(vcov(d, s)[0, 0], y.var(ddof=1) / len(y))


def test_bad_shape():
    d = Design(pd.DataFrame({"y": [1.0, 2.0]}))
    with pytest.raises(ValueError, match=r"shape \(n=2, k\)"):
        vcov(d, np.ones((3, 1)))


def _row_designs():
    rng = np.random.default_rng(5)
    n = 60
    df = pd.DataFrame({
        "s": np.repeat(["a", "b", "c", "d"], [20, 25, 14, 1]),  # "d": a lonely row
        "w": rng.uniform(1, 4, n),
        "N": np.repeat([200.0, 250.0, 14.0, 50.0], [20, 25, 14, 1]),  # "c" is complete (f=0)
        "psu": rng.integers(0, 6, n),
    })
    df.loc[:4, "w"] = 0.0  # rows outside the domain still count as units
    return [
        Design(df, weights="w", strata="s", lonely_psu="adjust"),
        Design(df, weights="w", strata="s", lonely_psu="remove"),
        Design(df, strata="s", fpc="N", lonely_psu="certainty"),
        Design(df, weights="w"),
        Design(df, weights="w", ids="psu", strata="s", nest=True, lonely_psu="adjust"),
    ]


@pytest.mark.parametrize("which", range(5))
def test_vcov_of_some_rows_equals_zero_padded_scores(which):
    d = _row_designs()[which]
    rng = np.random.default_rng(which)
    rows = np.sort(rng.choice(d.n, size=40, replace=False))
    part = rng.normal(size=(40, 3))
    full = np.zeros((d.n, 3))
    full[rows] = part
    np.testing.assert_allclose(vcov(d, part, rows=rows), vcov(d, full), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(vcov(d, part[:, 0], rows=rows), vcov(d, full[:, :1]), rtol=1e-12)
