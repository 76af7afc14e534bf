"""Inputs that crashed inside pandas or numpy: ``Design.with_columns`` with one value for every
row (a TypeError, "object of type 'float' has no len()"), and ``sk.vcov`` with group codes
out of range or arrays of the wrong shape (numpy's "operands could not be broadcast", plain
ValueErrors). with_columns now broadcasts a scalar as ``DataFrame.assign`` does (and takes a
function of the data, as assign); vcov refuses with a DesignError naming the argument."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data" / "r-survey" / "data"


@pytest.fixture(scope="module")
def design() -> sk.Design:
    return sk.Design(pd.read_csv(DATA / "apistrat.csv"), weights="pw", strata="stype", fpc="fpc")


def test_with_columns_broadcasts_one_value_as_assign(design):
    d = design.with_columns(z=1.0, label="a", flag=True, half=np.float32(0.5), zero=np.array(0.0))
    expected = design.data.assign(z=1.0, label="a", flag=True, half=np.float32(0.5), zero=0.0)
    pd.testing.assert_frame_equal(d.data, expected)
    row = sk.mean(d, ["z"]).iloc[0]
    assert row["estimate"] == 1.0 and row["std_error"] == 0.0 and row["n"] == 200
    np.testing.assert_array_equal(d.weights, design.weights)


def test_with_columns_takes_a_function_of_the_data_as_assign(design):
    d = design.with_columns(api_diff=lambda data: data["api00"] - data["api99"])
    np.testing.assert_array_equal(d.data["api_diff"], design.data["api00"] - design.data["api99"])


@pytest.mark.parametrize(("value", "said"), [(np.ones((200, 2)), r"has shape \(200, 2\)"),
                                             (iter(range(200)), "is a range_iterator")])
def test_with_columns_refuses_what_is_no_column(design, value, said):
    with pytest.raises(sk.DesignError, match=rf"with_columns: column 'q' {said}; give one value per row .* or "
                                             "one value for every row"):
        design.with_columns(q=value)


@pytest.fixture(scope="module")
def scores(design) -> np.ndarray:
    return np.random.default_rng(1).normal(size=(design.n, 1))


@pytest.mark.parametrize("replicate", [False, True])
def test_vcov_refuses_group_codes_out_of_range(design, scores, replicate):
    d = design.to_replicate(type="JKn") if replicate else design
    with pytest.raises(sk.DesignError, match=r"vcov: groups= holds 5 \(row 0; 200 such rows\), outside "
                                             r"0..n_groups-1 = 0..1"):
        sk.vcov(d, scores, groups=np.full(d.n, 5), n_groups=2)
    with pytest.raises(sk.DesignError, match=r"vcov: groups= holds -2"):
        sk.vcov(d, scores, groups=np.full(d.n, -2), n_groups=2)
    with pytest.raises(sk.DesignError, match=r"vcov: groups= must have one code per row of the design, "
                                             r"shape \(200,\); got \(10,\)"):
        sk.vcov(d, scores, groups=np.zeros(10, dtype=int), n_groups=1)
    with pytest.raises(sk.DesignError, match=r"vcov: groups= needs n_groups="):
        sk.vcov(d, scores, groups=np.zeros(d.n, dtype=int))
    with pytest.raises(sk.DesignError, match=r"vcov: groups= must be whole numbers"):
        sk.vcov(d, scores, groups=np.full(d.n, 0.5), n_groups=1)
    g = (d.data["stype"] == "H").to_numpy()
    np.testing.assert_array_equal(sk.vcov(d, scores, groups=g.astype(float), n_groups=2),
                                  sk.vcov(d, scores, groups=g.astype(int), n_groups=2))


@pytest.mark.parametrize("replicate", [False, True])
def test_vcov_refuses_scores_and_rows_of_the_wrong_shape(design, scores, replicate):
    d = design.to_replicate(type="JKn") if replicate else design
    with pytest.raises(sk.DesignError, match=r"vcov: scores= must have shape \(n=200, k\) .*got \(10, 1\)"):
        sk.vcov(d, scores[:10])
    with pytest.raises(sk.DesignError, match=r"vcov: rows= holds an index outside 0..199"):
        sk.vcov(d, scores[:2], rows=np.array([0, 500]))
    with pytest.raises(sk.DesignError, match=r"vcov: scores= must have one row per index in rows= \(2\), got 3"):
        sk.vcov(d, scores[:3], rows=np.array([0, 5]))
    assert isinstance(sk.DesignError("x"), ValueError)  # callers catching ValueError still do


def test_vcov_refuses_replicate_estimates_of_the_wrong_shape(design):
    rep = design.to_replicate(type="JKn")
    with pytest.raises(sk.DesignError, match=r"R = 200 replicates and the same \(...\); got \(3, 1\) and \(1,\)"):
        sk.vcov(rep, replicates=(np.zeros((3, 1)), np.zeros(1)))
