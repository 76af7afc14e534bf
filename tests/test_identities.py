"""Identities (STYLE.md 3, 13): independent routes agree, naive formulas are reproduced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveykit.design import Design, vcov
from surveykit.estimate.means import mean, total
from surveykit.estimate.proportion import proportion
from surveykit.estimate.quantile import quantile
from surveykit.estimate.ratio import ratio
from tests.test_r_parity_loader import case

COLS = ["estimate", "std_error", "conf_low", "conf_high", "df", "n"]


@pytest.mark.parametrize(("spec", "design"), [("apistrat.spec.json", "base"),
                                              ("apistrat.spec.json", "raked"),
                                              ("apiclus2.spec.json", "base"),
                                              ("apiclus1.spec.json", "cal_greg_api99")])
def test_by_equals_subset(spec, design):
    c = case(spec)
    d = c.design(design)
    by = mean(d, ["api00", "sch.wide", "acs.k3"], by="awards")
    for level in ["No", "Yes"]:
        sub = mean(d.subset(c.data["awards"] == level), ["api00", "sch.wide", "acs.k3"])
        got = by[by["awards"] == level].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[COLS], sub[COLS], rtol=1e-10)
    q_by = quantile(d, "api00", [0.25, 0.5], by="awards")
    q_sub = quantile(d.subset(c.data["awards"] == "Yes"), "api00", [0.25, 0.5])
    pd.testing.assert_frame_equal(q_by[q_by["awards"] == "Yes"].reset_index(drop=True)[COLS],
                                  q_sub[COLS], rtol=1e-10)
    r_by = ratio(d, "api.stu", "enroll", by="stype")
    r_sub = ratio(d.subset(c.data["stype"] == "M"), "api.stu", "enroll")
    pd.testing.assert_frame_equal(r_by[r_by["stype"] == "M"].reset_index(drop=True)[COLS],
                                  r_sub[COLS], rtol=1e-10)


def test_equal_weights_reproduce_numpy():
    rng = np.random.default_rng(3)
    y = rng.normal(10, 2, size=57)
    d = Design(pd.DataFrame({"y": y}))
    r = mean(d, "y").iloc[0]
    assert r["estimate"] == pytest.approx(y.mean(), rel=1e-12)
    assert r["std_error"] == pytest.approx(y.std(ddof=1) / np.sqrt(len(y)), rel=1e-12)
    t = total(d, "y").iloc[0]
    assert t["std_error"] == pytest.approx(len(y) * y.std(ddof=1) / np.sqrt(len(y)), rel=1e-12)


def test_scaling_weights_changes_no_mean():
    c = case("apistrat.spec.json")
    d = c.design()
    scaled = Design(c.data.assign(pw=c.data["pw"] * 7.5), weights="pw", strata="stype")
    plain = Design(c.data, weights="pw", strata="stype")
    a, b = mean(plain, ["api00", "stype", "awards"]), mean(scaled, ["api00", "stype", "awards"])
    pd.testing.assert_frame_equal(a[COLS], b[COLS], rtol=1e-12)
    assert d.n == plain.n


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=4, max_size=40),
       st.lists(st.floats(0.1, 10), min_size=40, max_size=40))
def test_shares_sum_to_one(answers, weights):
    if sum(a is not None for a in answers) < 1:
        return
    df = pd.DataFrame({"q": pd.Categorical(answers, categories=["a", "b", "c"]),
                       "w": weights[: len(answers)]})
    res = mean(Design(df, weights="w"), "q")
    assert res["estimate"].sum() == pytest.approx(1.0, abs=1e-12)
    res_p = proportion(Design(df, weights="w"), "q")
    assert res_p["estimate"].sum() == pytest.approx(1.0, abs=1e-12)


def test_estimators_do_not_mutate_inputs():
    c = case("apiclus1.spec.json")
    data = c.data.copy(deep=True)
    d = c.design("raked")
    w = d.weights.copy()
    mean(d, ["api00", "stype"], by="sch.wide")
    proportion(d, "awards", by="stype")
    quantile(d, "api00", by="stype")
    ratio(d, "api.stu", "enroll")
    pd.testing.assert_frame_equal(c.data, data)
    np.testing.assert_array_equal(d.weights, w)


def test_grouped_vcov_equals_vcov_for_calibrated_design():
    c = case("apiclus1.spec.json")
    d = c.design("cal_greg_api99")
    u = np.column_stack([c.data["api00"].to_numpy(float), c.data["enroll"].to_numpy(float)])
    u = u * d.weights[:, None]
    g = c.data["stype"].cat.codes.to_numpy()
    explicit = np.column_stack([(g == k)[:, None] * u for k in range(3)])
    want = np.diag(vcov(d, explicit)).reshape(3, 2)
    np.testing.assert_allclose(vcov(d, u, groups=g, n_groups=3), want, rtol=1e-8)


def test_min_cell_suppresses():
    c = case("apistrat.spec.json")
    d = c.design().with_min_cell(60)
    res = mean(d, "api00", by="stype")
    sup = res.set_index("stype")["suppressed"].to_dict()
    assert sup == {"E": False, "H": True, "M": True}
    assert res.loc[res["suppressed"], "estimate"].isna().all()
