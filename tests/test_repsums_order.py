"""The float32 pass of replicate domain means in group order (design/repsums.py, items.py).

With groups, each chunk's rows are put in group order: the replicate weights scattered, the
item values cast in file order and then permuted as float32 rows (float64 item columns), or
gathered column by column (other columns). Whatever the route, the totals and side sums must
equal the float64 pass exactly: random whole-number data with missing values, rows outside the
domain, empty groups, one group, and groups longer than an exact block (so a group's product is
split into blocks within a chunk).
"""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.design import Items, replicate_totals, repsums
from surveykit.design.replicate import Replicates


def _likert(n, k, seed, missing=0.15):
    """k float64 items scored 1..5 with missing answers (NaN), one of them never answered."""
    rng = np.random.default_rng(seed)
    data = []
    for j in range(k):
        q = rng.integers(1, 6, n).astype(float)
        q[rng.random(n) < (1.0 if j == k - 1 else missing * j / k)] = np.nan
        data.append(q)
    return Items(data, [None] * k, [f"q{j}" for j in range(k)], [None] * k, [False] * k)


def _design(n, r, seed, top):
    """Whole-number weights up to ``top`` and replicates up to about 1.6 ``top`` (float32)."""
    rng = np.random.default_rng(seed)
    w = rng.integers(1, top, n).astype(float)
    w[::23] = 0.0  # rows without full-sample weight
    m = np.round(w[:, None] * rng.uniform(0.4, 1.6, (n, r))).astype(np.float32)
    rep = Replicates.from_matrix(m, "successive-difference", 4 / r, np.ones(r), True, None,
                                 tuple(f"r{i}" for i in range(r)))
    return rep, w


def _float32_and_float64(rep, w, it, groups, n_groups, step):
    shift = it.whole_shift()
    k = it.k
    fast = repsums.moment_totals(rep.matrix, rep.exact_max, w,
                                 lambda rows, out: it.fill_whole32(out, rows, shift), k, shift,
                                 np.asarray(groups), n_groups, step)
    assert fast is not None, "whole numbers must take the float32 pass"
    slow = replicate_totals(rep, w, lambda rows, out: it.fill_rows(out, rows), 2 * k,
                            np.asarray(groups), n_groups, moments=k)
    return fast, slow


@pytest.mark.parametrize("step", [97, 2000, 5000])
def test_group_order_pass_equals_float64_pass(step):
    n, r = 5000, 7
    rep, w = _design(n, r, seed=3, top=5000)  # exact blocks of a few hundred rows
    it = _likert(n, 4, seed=4)
    rng = np.random.default_rng(5)
    g = rng.integers(0, 4, n)
    g[g == 2] = 3  # group 2 empty
    g[rng.random(n) < 0.1] = -1  # outside the domain
    block = int((repsums.EXACT32 - 1) // (4 * rep.exact_max))
    assert block < 800  # a group's rows in a chunk of 2000 or 5000 span several blocks
    fast, slow = _float32_and_float64(rep, w, it, g, 5, step)  # group 4 empty too
    np.testing.assert_array_equal(fast[0], slow[0])
    np.testing.assert_array_equal(fast[1], slow[1])
    assert (fast[0][:, [2, 4]] == 0).all() and (fast[0][:, [0, 1, 3], :3] > 0).all()


@pytest.mark.parametrize("step", [97, 1000, 5000])
def test_file_sorted_by_group_takes_chunks_in_file_order_and_equals_float64_pass(step, monkeypatch):
    # a file sorted by group: its chunks are in group order already and are read as they are
    # (no sort, no scatter); a chunk across a group boundary and one unsorted stretch too
    n, r = 5000, 6
    rep, w = _design(n, r, seed=31, top=3000)
    it = _likert(n, 3, seed=32)
    g = np.sort(np.random.default_rng(33).integers(0, 6, n))
    g[g == 4] = 5  # group 4 empty
    g[:150] = -1  # outside the domain, first in the order
    g[4000:4100] = np.random.default_rng(34).permutation(g[4000:4100])  # one unsorted stretch
    g[4000:4100][::7] = 0
    sorted_calls = []
    real_argsort = np.argsort

    def counting_argsort(a, *args, **kwargs):
        sorted_calls.append(len(a))
        return real_argsort(a, *args, **kwargs)

    shift = it.whole_shift()
    monkeypatch.setattr(np, "argsort", counting_argsort)
    fast = repsums.moment_totals(rep.matrix, rep.exact_max, w,
                                 lambda rows, out: it.fill_whole32(out, rows, shift), 3, shift,
                                 g, 6, step)
    monkeypatch.undo()
    slow = replicate_totals(rep, w, lambda rows, out: it.fill_rows(out, rows), 6, g, 6, moments=3)
    np.testing.assert_array_equal(fast[0], slow[0])
    np.testing.assert_array_equal(fast[1], slow[1])
    # only the chunks with the unsorted stretch (rows 4000..4099) are sorted
    assert len(sorted_calls) == len([r0 for r0 in range(0, n, step) if r0 < 4100 and r0 + step > 4000])
    assert (fast[0][:, 4] == 0).all() and (fast[0][:, [0, 1, 2, 3, 5], :2] > 0).all()


@pytest.mark.parametrize("outside", [False, True])
def test_one_group_with_and_without_rows_outside_equals_float64_pass(outside):
    n, r = 3000, 5
    rep, w = _design(n, r, seed=8, top=400)
    it = _likert(n, 3, seed=9)
    g = np.zeros(n, dtype=np.int64)
    if outside:  # one group, but not every row: the group-order route with one group
        g[np.random.default_rng(10).random(n) < 0.3] = -1
    fast, slow = _float32_and_float64(rep, w, it, g, 1, 701)
    np.testing.assert_array_equal(fast[0], slow[0])
    np.testing.assert_array_equal(fast[1], slow[1])


def test_permuted_float32_fill_equals_fill_in_file_order():
    n, k = 600, 3
    it = _likert(n, k, seed=12)
    shift = it.whole_shift()
    rng = np.random.default_rng(13)
    r0, b = 100, 250
    base = np.empty((2 * k, b), dtype=np.float32)
    assert it.fill_whole32(base, slice(r0, r0 + b), shift)
    for rows in (r0 + rng.permutation(b),  # a chunk in group order
                 np.array([r0 + 5, r0 + 5, r0 + 7, r0 + 6])):  # repeats within a short range
        out = np.full((2 * k, len(rows)), -1.0, dtype=np.float32)
        assert it.fill_whole32(out, rows, shift)
        np.testing.assert_array_equal(out, base[:, rows - r0])
    # a value float32 cannot hold exactly, in the rows' range: declined (float64 pass)
    data = [a.copy() for a in it.data]
    data[1][r0 + 3] = 3 + 1e-9
    bad = Items(data, it.code, it.variable, it.level, it.categorical)
    out = np.empty((2 * k, b), dtype=np.float32)
    assert not bad.fill_whole32(out, r0 + rng.permutation(b), shift)


@pytest.mark.parametrize("order", ["file", "permuted"])
def test_float32_fill_equals_the_float64_fill_and_keeps_every_value_at_least_zero(order):
    # moment_totals bounds its exact blocks by the largest value only: every value written
    # must be >= 0 (a given answer >= 1 after the shift, a missing one 0), whatever the scale
    rng = np.random.default_rng(21)
    n = 400
    neg = rng.integers(-3, 3, n).astype(float)  # a scale from -3: shifted by -4
    neg[rng.random(n) < 0.2] = np.nan
    zero = rng.integers(0, 11, n).astype(float)  # 0..10 with missing answers
    zero[rng.random(n) < 0.1] = np.nan
    ints = rng.integers(-5, 5, n)  # an integer column (never missing)
    codes = rng.integers(-1, 3, n)  # a categorical column's codes (-1: missing), level 1
    ones = rng.integers(1, 6, n).astype(float)  # a scale from 1: nothing subtracted
    it = Items([neg, zero, ints, codes, ones], [None, None, None, 1, None],
               ["neg", "zero", "ints", "cat", "ones"], [None, None, None, "b", None],
               [False, False, False, True, False])
    k = it.k
    shift = it.whole_shift()
    assert shift.tolist() == [-4.0, -1.0, -6.0, 0.0, 0.0]
    rows = slice(0, n) if order == "file" else rng.permutation(n)
    got = np.empty((2 * k, n), dtype=np.float32)
    assert it.fill_whole32(got, rows, shift)
    want = np.empty((2 * k, n))
    it.fill_rows(want, rows, shift)
    np.testing.assert_array_equal(got, want)
    assert (got >= 0).all()
    for j in (0, 1, 2, 4):  # a given answer is at least 1 after the shift, a missing one 0
        np.testing.assert_array_equal(got[k + j] >= 1, got[j] == 1)


def test_whole_shift_checks_every_float64_value_once_for_float32():
    it = _likert(600, 3, seed=12)
    assert it.whole_shift() is not None
    assert it.exact32 == {0, 1}  # the third item has no answer: nothing to check
    data = [a.copy() for a in it.data]
    data[1][577] = 3 + 1e-9  # float32 cannot hold it: no float32 pass at all
    bad = Items(data, it.code, it.variable, it.level, it.categorical)
    assert bad.whole_shift() is None
    # without whole_shift's check, the fill checks the rows it is given
    out = np.empty((6, 600), dtype=np.float32)
    assert not bad.fill_whole32(out, slice(0, 600), np.zeros(3))
    assert bad.fill_whole32(out[:, :500], slice(0, 500), np.zeros(3))


def _stacked_likert(n, k, seed, step=1, missing=0.15):
    """Like :func:`_likert`, the columns held as rows ``0, step, 2 step, ...`` of one 2-D
    array, as pandas holds columns of one type (one block)."""
    it = _likert(n, k, seed, missing)
    block = np.zeros((k * step + 1, n))
    block[: k * step : step] = np.array(it.data)
    data = [block[j * step] for j in range(k)]
    return Items(data, it.code, it.variable, it.level, it.categorical), block


@pytest.mark.parametrize("step", [1, 3])
def test_items_held_in_one_block_are_read_as_one_view(step):
    it, block = _stacked_likert(700, 4, seed=31, step=step)
    assert it.stacked is not None and np.shares_memory(it.stacked, block)
    np.testing.assert_array_equal(it.stacked, np.array(it.data))
    apart = Items([a.copy() for a in it.data], it.code, it.variable, it.level, it.categorical)
    assert apart.stacked is None
    # not every column in the block in order: no view (each column read as such)
    for data in ([it.data[1], it.data[0], *it.data[2:]], [*it.data[:3], block[-1]]):
        assert Items(data, it.code, it.variable, it.level, it.categorical).stacked is None
    shift = it.whole_shift()
    rng = np.random.default_rng(32)
    for rows in (slice(0, 700), slice(123, 480), 100 + rng.permutation(300)):
        n = len(range(700)[rows]) if isinstance(rows, slice) else len(rows)
        got = np.full((2 * it.k, n), -1.0, dtype=np.float32)
        want = np.full((2 * it.k, n), -1.0, dtype=np.float32)
        assert it.fill_whole32(got, rows, shift) and apart.fill_whole32(want, rows, shift)
        np.testing.assert_array_equal(got, want)


def test_items_in_one_block_decline_a_value_float32_cannot_hold():
    it, block = _stacked_likert(600, 3, seed=33)
    block[2, 411] = 3 + 1e-9  # the third column, seen through the block
    assert it.stacked is not None
    out = np.empty((6, 600), dtype=np.float32)
    assert not it.fill_whole32(out, slice(0, 600), None)  # file order
    assert not it.fill_whole32(out, 300 + np.arange(250)[::-1], None)  # group order
    assert it.fill_whole32(out[:, :400], slice(0, 400), None)  # rows without it: fine


@pytest.mark.parametrize("n_groups", [1, 4])
def test_block_held_items_give_the_float64_totals(n_groups):
    n, r = 5000, 7
    rep, w = _design(n, r, seed=34, top=5000)
    it, _ = _stacked_likert(n, 5, seed=35)
    assert it.stacked is not None
    g = np.random.default_rng(36).integers(-1, n_groups, n)
    fast, slow = _float32_and_float64(rep, w, it, g, n_groups, 1300)
    np.testing.assert_array_equal(fast[0], slow[0])
    np.testing.assert_array_equal(fast[1], slow[1])


def test_means_equal_whether_pandas_holds_the_items_in_one_block_or_apart():
    import pandas as pd

    import surveykit as sk
    from surveykit.estimate.grouping import items

    rng = np.random.default_rng(37)
    n, r = 3000, 6
    it = _likert(n, 4, seed=38)
    w = rng.integers(20, 200, n).astype(float)
    reps = np.round(w[:, None] * rng.uniform(0.5, 1.5, (n, r)))
    cols = {f"q{j}": it.data[j] for j in range(4)}
    cols.update({f"r{i}": reps[:, i] for i in range(r)})
    # (columns, rows) in C order: pandas keeps it as its block, each column a row of it
    block = pd.DataFrame(np.array([*cols.values(), w]).T, columns=[*cols, "w"])
    apart = pd.DataFrame({"w": w})
    for c, v in cols.items():  # a column added to a frame is a block of its own
        apart[c] = v.copy()
    apart["site"] = block["site"] = rng.integers(1, 4, n)
    out = []
    for df in (block, apart):
        d = sk.Design(df, weights="w", repweights=[f"r{i}" for i in range(r)],
                      replicate_type="JK1", scale=(r - 1) / r)
        out.append((items(d, ["q0", "q1", "q2", "q3"], what="mean").stacked is not None,
                    sk.mean(d, ["q0", "q1", "q2", "q3"]), sk.mean(d, ["q0", "q1"], by="site")))
    assert out[0][0] and not out[1][0]  # the two routes were taken
    for a, b in zip(out[0][1:], out[1][1:], strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
