"""The float32 pass of replicate domain means (design/repsums.py) against the float64 pass.

Whole-number replicate and full-sample weights with whole-number item values take the float32
pass (values written straight to float32, shifted by each item's smallest value); its totals
and side sums must equal the float64 pass's exactly, in every group and for every kind of
item column, and values it cannot hold exactly must send it back to the float64 pass.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design, Items, replicate_totals, repsums
from surveykit.design import replicate as replicate_module
from surveykit.design.replicate import Replicates


def _rep(n, r=6, seed=1, top=300):
    rng = np.random.default_rng(seed)
    w = rng.integers(1, top, n).astype(float)
    m = np.round(w[:, None] * rng.uniform(0.0, 1.7, (n, r))).astype(np.float32)
    rep = Replicates.from_matrix(m, "successive-difference", 4 / r, np.ones(r), True, None,
                                 tuple(f"r{i}" for i in range(r)))
    return rep, w


def _items(n, seed=2, missing=(0.1, 0.5, 0.0, 1.0)):
    """Likert items 1..5 with the given missing shares (1.0: every answer missing), an
    integer column (no missing), a float32 column, and a categorical level (codes, -1
    missing)."""
    rng = np.random.default_rng(seed)
    data, code = [], []
    for share in missing:
        q = rng.integers(1, 6, n).astype(float)
        q[rng.random(n) < share] = np.nan
        data.append(q)
        code.append(None)
    data.append(rng.integers(-3, 8, n))  # int64, negative values
    code.append(None)
    f32 = rng.integers(0, 11, n).astype(np.float32)  # float32 column, 20 % missing
    f32[rng.random(n) < 0.2] = np.nan
    data.append(f32)
    code.append(None)
    cat = rng.integers(-1, 3, n)
    data.append(cat)
    code.append(2)
    k = len(data)
    return Items(data, code, [f"v{j}" for j in range(k)], [None] * k, [False] * k)


def _both(rep, w, it, groups, n_groups):
    """Totals and side sums of the float32 pass (asserted taken) and of the float64 pass."""
    k = it.k
    shift = it.whole_shift()
    assert shift is not None

    def fill(rows, out):
        it.fill_rows(out, rows)

    def fill32(rows, out):
        return it.fill_whole32(out, rows, shift)

    fast = repsums.moment_totals(rep.matrix, rep.exact_max, w, fill32, k, shift,
                                 np.asarray(groups), n_groups, 97)
    assert fast is not None, "whole numbers must take the float32 pass"
    slow = replicate_totals(rep, w, fill, 2 * k, np.asarray(groups), n_groups, moments=k)
    return fast, slow


def _equal(fast, slow):
    np.testing.assert_array_equal(fast[0], slow[0])
    np.testing.assert_array_equal(fast[1], slow[1])


@pytest.mark.parametrize("missing", [(0.1, 0.5, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0), (0.9, 0.97, 1.0, 0.3)])
def test_float32_pass_equals_float64_overall(missing):
    n = 1000
    rep, w = _rep(n)
    it = _items(n, missing=missing)
    fast, slow = _both(rep, w, it, np.zeros(n, dtype=np.int64), 1)
    _equal(fast, slow)
    assert np.isfinite(fast[0]).all() and fast[0][0, 0, 0] > 0  # real sums, not zeros


def test_float32_pass_equals_float64_in_groups_domains_and_empty_groups():
    n = 1500
    rep, w = _rep(n, seed=5)
    w[::17] = 0.0  # rows with no full-sample weight (counted apart in the side sums)
    it = _items(n, seed=6)
    rng = np.random.default_rng(7)
    g = rng.integers(0, 5, n)
    g[g == 3] = 4  # group 3 has no rows
    g[rng.random(n) < 0.2] = -1  # outside the domain
    fast, slow = _both(rep, w, it, g, 6)  # group 5 has no rows either
    _equal(fast, slow)
    assert (fast[0][:, 3] == 0).all() and (fast[0][:, 5] == 0).all()
    assert (fast[0][:, [0, 1, 2, 4]].sum(axis=2) > 0).all()


def test_float32_pass_declines_values_it_cannot_hold_exactly():
    n = 400
    rep, w = _rep(n)
    it = _items(n)
    shift = it.whole_shift()
    k = it.k
    g = np.zeros(n, dtype=np.int64)

    def run(items, weights=w):
        return repsums.moment_totals(rep.matrix, rep.exact_max, weights,
                                     lambda rows, out: items.fill_whole32(out, rows, shift),
                                     k, shift, g, 1, 97)

    assert run(it) is not None
    # not float32-exact, not whole, too large for a block, beyond float32 (no overflow warning)
    for bad in (3 + 1e-9, 2.5, 1e9, 2.0**200):
        data = list(it.data)
        data[0] = data[0].copy()
        data[0][123] = bad
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert run(Items(data, it.code, it.variable, it.level, it.categorical)) is None
    assert run(it, w + 0.5) is None  # full-sample weights not whole numbers


def test_domain_means_equal_on_int16_float32_and_float64_replicate_blocks():
    rng = np.random.default_rng(11)
    n = 3000
    df = pd.DataFrame({"g": rng.integers(0, 4, n), "w": rng.integers(20, 200, n).astype(float)})
    for j in range(3):
        q = rng.integers(1, 6, n).astype(float)
        q[rng.random(n) < 0.1 * j] = np.nan
        df[f"q{j}"] = q
    df["q2"] = df["q2"] + 0.25  # not whole numbers: this item sends the call to float64
    for r in range(8):
        df[f"r{r}"] = np.round(df["w"] * rng.uniform(0.3, 1.7, n))
    kw = dict(weights="w", repweights="^r[0-9]$", replicate_type="successive-difference", mse=True)
    d16 = Design(df, **kw)
    assert d16.replicates.matrix.dtype == np.int16
    rp = d16.replicates
    held = {}
    for dtype in (np.float32, np.float64):
        held[dtype] = Replicates.from_matrix(rp.matrix.astype(dtype), rp.type, rp.scale,
                                             rp.rscales, rp.mse, rp.rho, rp.names)
    assert held[np.float32].exact_max == rp.exact_max  # whole numbers: the float32 pass
    assert held[np.float64].exact_max is None  # float64 block: the float64 pass
    dom = (df["g"] != 1).to_numpy()
    for dtype, rep in held.items():
        other = d16.with_weights(d16.weights, replicates=rep)
        assert other.replicates.matrix.dtype == dtype
        for items in (["q0", "q1"], ["q0", "q1", "q2"]):
            for by, x16, x in ((None, d16, other), ("g", d16, other),
                               ("g", d16.subset(dom), other.subset(dom))):  # group 1 empty
                a, b = sk.mean(x16, items, by=by), sk.mean(x, items, by=by)
                np.testing.assert_array_equal(a["estimate"].to_numpy(), b["estimate"].to_numpy())
                np.testing.assert_array_equal(a["std_error"].to_numpy(), b["std_error"].to_numpy())


@pytest.mark.parametrize("scale", ["from 1", "from 0", "negative", "integers", "booleans",
                                   "from 1 and from 0"])
def test_domain_means_on_any_scale_equal_the_float64_pass(scale, monkeypatch):
    # the float32 pass first assumes every value is at least 1 (no pass over the columns
    # before the chunks) and starts again with each column's smallest value as its shift when
    # one is not: every scale must give the float64 pass's numbers exactly
    rng = np.random.default_rng(5)
    n = 2500
    df = pd.DataFrame({"g": rng.integers(0, 3, n), "w": rng.integers(20, 200, n).astype(float)})
    low = {"from 1": [1], "from 0": [0], "negative": [-3], "integers": [1], "booleans": [0],
           "from 1 and from 0": [1, 0]}[scale]
    items = []
    for j, lo in enumerate(low * 2):
        name = f"q{j}"
        q = rng.integers(lo, lo + 5, n)
        if scale == "booleans":
            df[name] = q % 2 == 0
        elif scale == "integers":
            df[name] = q
        else:
            q = q.astype(float)
            q[rng.random(n) < 0.1] = np.nan
            q[-1] = np.nan if j % 2 else lo  # the smallest value in the last chunk only
            df[name] = q
        items.append(name)
    for r in range(6):
        df[f"r{r}"] = np.round(df["w"] * rng.uniform(0.3, 1.7, n))
    d = Design(df, weights="w", repweights="^r[0-9]$", replicate_type="successive-difference",
               mse=True)
    rp = d.replicates
    assert rp.exact_max is not None
    d64 = d.with_weights(d.weights, replicates=Replicates.from_matrix(
        rp.matrix.astype(float), rp.type, rp.scale, rp.rscales, rp.mse, rp.rho, rp.names))
    monkeypatch.setattr(repsums, "EXACT_CHUNK_BYTES", 4 * (6 + 3 * len(items)) * 300)  # 9 chunks
    seen = {"float32": 0, "shifts": 0}
    moment_totals, whole_shift = replicate_module.moment_totals, Items.whole_shift

    def spy_totals(*args):
        res = moment_totals(*args)
        seen["float32"] += res is not None
        return res

    def spy_shift(self):
        seen["shifts"] += 1
        return whole_shift(self)

    monkeypatch.setattr(replicate_module, "moment_totals", spy_totals)
    monkeypatch.setattr(Items, "whole_shift", spy_shift)
    for by in (None, "g"):
        a, b = sk.mean(d, items, by=by), sk.mean(d64, items, by=by)
        np.testing.assert_array_equal(a["estimate"].to_numpy(), b["estimate"].to_numpy())
        np.testing.assert_array_equal(a["std_error"].to_numpy(), b["std_error"].to_numpy())
    assert seen["float32"] == 2  # both calls took the float32 pass
    # booleans are indicators (no shift); a scale from 1 and integers from 1 need none
    assert seen["shifts"] == (0 if scale in ("from 1", "integers", "booleans") else 2)
