"""compare / change / did / contrast: R svyttest parity and independent routes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveykit.design import Design, vcov
from surveykit.errors import DataError, DesignError
from surveykit.estimate.adjust import p_adjust
from surveykit.estimate.compare import change, compare, did
from surveykit.estimate.contrast import contrast
from surveykit.estimate.regress import regress
from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS

_spec = importlib.util.spec_from_file_location(
    "r_oracle_models", Path(__file__).parent / "data" / "r-survey-models" / "oracle.py"
)
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)

TTESTS = oracle.entries(("svyttest",))


def test_every_svyttest_entry_is_covered():
    assert len(TTESTS) == 7
    assert {e["design"] for _, e, _ in TTESTS if "design" in e} == {"raked"}


@pytest.mark.parametrize(
    ("spec", "entry", "r"), TTESTS, ids=[f"{s}:{e['id']}" for s, e, _ in TTESTS]
)
def test_compare_equals_r_svyttest(spec, entry, r):
    d = oracle.design_for(spec, entry)
    res = compare(d, entry["var"], between=oracle._py(entry["group"]))
    row = res.iloc[0]
    assert row["estimate"] == pytest.approx(r["estimate"], rel=1e-12)
    assert row["std_error"] == pytest.approx(r["se"], rel=1e-10)
    assert row["statistic"] == pytest.approx(r["statistic"], rel=1e-10)
    assert row["df"] == r["df"]
    assert row["p_value"] == pytest.approx(r["p_value"], rel=1e-8)
    assert row["conf_low"] == pytest.approx(r["ci_low"], rel=1e-10)
    assert row["conf_high"] == pytest.approx(r["ci_high"], rel=1e-10)
    # R: "mean[g==Yes] - mean[g==No]"; ours names the same order
    lv2, lv1 = (part.split("==")[1].rstrip("]") for part in r["contrast"].split(" - "))
    assert row["contrast"] == f"{oracle._py(entry['group'])}: {lv2} - {lv1}"


def _survey(seed=1, n=600):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "stratum": np.repeat(["a", "b", "c"], n // 3),
            "psu": np.repeat(np.arange(n // 10), 10),
            "w": rng.uniform(1, 4, n),
            "site_type": rng.choice(["separate", "co-located"], n),
            "wave": rng.choice([1, 2], n),
            "y": rng.normal(3, 1, n),
            "z": rng.normal(0, 2, n),
        }
    )
    df.loc[rng.choice(n, 40, replace=False), "y"] = np.nan
    df["item"] = pd.Categorical.from_codes(
        rng.integers(0, 5, n), ["1", "2", "3", "4", "5"], ordered=True
    )
    return df


def _design(df, **kw):
    return Design(df, weights="w", strata="stratum", ids="psu", nest=True, **kw)


def test_schema_and_inputs_unchanged():
    df = _survey()
    before = df.copy()
    d = _design(df)
    res = compare(d, ["y", "z"], between="site_type")
    assert list(res.columns) == [*RESULT_COLUMNS, *CONTRAST_COLUMNS]
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize("kind", ["taylor", "replicate"])
def test_variables_in_batches_equal_one_batch(kind, monkeypatch):
    # at many rows the contrast table takes the variables in batches (its memory): the rows
    # must be those of one batch, whatever the batch size
    from surveykit.estimate import contrast as contrast_module

    df = _survey()
    d = _design(df)
    if kind == "replicate":
        d = d.to_replicate("JKn")
    items = ["y", "z", "item"]
    one = [compare(d, items, between="site_type", by="wave"), change(d, items, by="site_type"),
           did(d, items, group="site_type", groups=["separate", "co-located"])]
    for size in (len(df), 2 * len(df)):  # one variable per batch; two, then one
        monkeypatch.setattr(contrast_module, "CONTRAST_VALUES", size)
        got = [compare(d, items, between="site_type", by="wave"), change(d, items, by="site_type"),
               did(d, items, group="site_type", groups=["separate", "co-located"])]
        for a, b in zip(got, one, strict=True):
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-14)


def test_compare_is_difference_of_domain_means_with_vcov_of_both():
    df = _survey()
    d = _design(df)
    res = compare(d, "y", between="site_type").iloc[0]
    w, y = d.weights, df["y"].to_numpy()
    scores, means = [], []
    for lv in ["co-located", "separate"]:  # sorted: co-located first
        inside = (df["site_type"] == lv).to_numpy() & ~np.isnan(y)
        wd = np.where(inside, w, 0.0)
        m = np.sum(wd * np.nan_to_num(y)) / wd.sum()
        scores.append(wd * (np.nan_to_num(y) - m) / wd.sum())
        means.append(m)
    v = vcov(d, np.column_stack(scores))
    assert res["estimate"] == pytest.approx(means[1] - means[0], rel=1e-12)
    assert res["std_error"] == pytest.approx(np.sqrt(v[0, 0] + v[1, 1] - 2 * v[0, 1]), rel=1e-12)
    assert res["contrast"] == "site_type: separate - co-located"
    # the same as the regression coefficient (R: svyttest is a gaussian svyglm)
    coef = regress(d, "y ~ C(site_type)").iloc[1]
    assert coef["estimate"] == pytest.approx(res["estimate"], rel=1e-10)
    assert coef["std_error"] == pytest.approx(res["std_error"], rel=1e-10)
    assert coef["p_value"] == pytest.approx(res["p_value"], rel=1e-8)
    assert coef["df"] == res["df"]


def test_by_groups_equal_subsets_and_family_adjustment():
    df = _survey()
    d = _design(df)
    res = compare(d, ["y", "z", "item"], between="site_type", by="wave", adjust="bh")
    assert list(res["wave"]) == [1, 1, 1, 2, 2, 2]
    for wv in (1, 2):
        one = compare(
            d.subset(df["wave"] == wv), ["y", "z", "item"], between="site_type", adjust=None
        )
        got = res[res["wave"] == wv].reset_index(drop=True)
        np.testing.assert_allclose(got["estimate"], one["estimate"], rtol=1e-12)
        np.testing.assert_allclose(got["std_error"], one["std_error"], rtol=1e-12)
        np.testing.assert_array_equal(got["df"], one["df"])
        np.testing.assert_allclose(got["p_adjusted"], p_adjust(one["p_value"].to_numpy(), "bh"))


def test_categorical_item_is_compared_on_its_mean_score():
    df = _survey()
    df["item_score"] = df["item"].cat.codes + 1.0
    d = _design(df)
    res = compare(d, ["item", "item_score"], between="site_type", adjust=None)
    np.testing.assert_allclose(res["estimate"][0], res["estimate"][1], rtol=1e-14)
    np.testing.assert_allclose(res["std_error"][0], res["std_error"][1], rtol=1e-14)


def test_effect_size_is_standardised_mean_difference():
    df = _survey()
    d = _design(df)
    res = compare(d, "z", between="site_type").iloc[0]
    w, z, g = df["w"].to_numpy(), df["z"].to_numpy(), df["site_type"].to_numpy()
    m = {lv: np.average(z[g == lv], weights=w[g == lv]) for lv in ("co-located", "separate")}
    ss = sum(np.sum(w[g == lv] * (z[g == lv] - m[lv]) ** 2) for lv in m)
    assert res["effect_size"] == pytest.approx(
        (m["separate"] - m["co-located"]) / np.sqrt(ss / w.sum()), rel=1e-12
    )


def test_change_is_wave2_minus_wave1_per_group():
    df = _survey()
    d = Design(df, weights="w", strata=["wave", "stratum"])
    res = change(d, "z", wave="wave", by="site_type")
    assert list(res["site_type"]) == ["co-located", "separate"]
    w, z = df["w"].to_numpy(), df["z"].to_numpy()
    for _, row in res.iterrows():
        sel = df["site_type"] == row["site_type"]
        m2 = np.average(z[sel & (df.wave == 2)], weights=w[sel & (df.wave == 2)])
        m1 = np.average(z[sel & (df.wave == 1)], weights=w[sel & (df.wave == 1)])
        assert row["estimate"] == pytest.approx(m2 - m1, rel=1e-12)
        assert row["contrast"] == "wave: 2 - 1"


def _did_data(effect, seed=7, n=8000):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "wave": rng.choice([1, 2], n),
            "switched": rng.choice([False, True], n),
            "w": rng.uniform(0.5, 2.0, n),
        }
    )
    df["y"] = (
        3.0
        + 0.4 * (df.wave == 2)
        + 0.3 * df.switched
        + effect * ((df.wave == 2) & df.switched)
        + rng.normal(0, 1, n)
    )
    df["stratum"] = df["wave"].astype(str) + df["switched"].astype(str)
    return df


def test_did_recovers_planted_effect_and_equals_interaction_coefficient():
    df = _did_data(effect=0.5)
    d = Design(df, weights="w", strata="stratum")
    res = did(d, "y", wave="wave", group="switched", groups=(False, True)).iloc[0]
    assert abs(res["estimate"] - 0.5) < 3 * res["std_error"]
    assert res["std_error"] < 0.06
    assert res["conf_low"] < 0.5 < res["conf_high"]
    assert res["p_value"] < 1e-6
    assert res["df"] == d.degf - 3
    fit = regress(d, "y ~ C(wave) * C(switched)")
    inter = fit[fit["variable"].str.contains(":")].iloc[0]
    assert inter["estimate"] == pytest.approx(res["estimate"], rel=1e-10)
    assert inter["std_error"] == pytest.approx(res["std_error"], rel=1e-10)
    assert inter["df"] == res["df"]
    null = did(Design(_did_data(effect=0.0, seed=8), weights="w", strata="stratum"), "y",
               group="switched", groups=(False, True)).iloc[0]
    assert abs(null["estimate"]) < 3 * null["std_error"]


def test_generic_contrast_matches_hand_combination():
    df = _survey()
    df["g3"] = np.random.default_rng(3).choice(["x", "y", "z"], len(df))
    d = _design(df)
    res = contrast(d, "z", over="g3", contrasts={"z vs rest": {"z": 1, "x": -0.5, "y": -0.5}}).iloc[
        0
    ]
    w, z = df["w"].to_numpy(), df["z"].to_numpy()
    m = {g: np.average(z[df.g3 == g], weights=w[df.g3 == g]) for g in "xyz"}
    assert res["estimate"] == pytest.approx(m["z"] - (m["x"] + m["y"]) / 2, rel=1e-12)
    assert res["df"] == d.degf + 1 - 3
    assert res["p_value"] == pytest.approx(2 * stats.t.sf(abs(res["statistic"]), res["df"]))


def test_small_cells_are_suppressed_not_dropped():
    df = _survey()
    df.loc[df.index[:5], "site_type"] = "mobile"
    d = _design(df, min_cell=10).subset(df["site_type"] != "separate")
    res = compare(d, "z", between="site_type")
    assert len(res) == 1 and bool(res["suppressed"][0])
    assert np.isnan(res["estimate"][0]) and res["n"][0] > 0


def test_between_with_three_levels_says_which_and_how_to_pick():
    df = _survey()
    df["site_type"] = np.random.default_rng(0).choice(["a", "b", "c"], len(df))
    d = _design(df)
    with pytest.raises(
        DesignError, match=r"exactly 2 levels, found 3: 'a', 'b', 'c'.*levels=\(first, second\)"
    ):
        compare(d, "y", between="site_type")
    res = compare(d, "y", between="site_type", levels=("c", "a"))
    assert res["contrast"][0] == "site_type: a - c"
    with pytest.raises(DesignError, match=r"level\(s\) 'd' not found in 'site_type'"):
        compare(d, "y", between="site_type", levels=("a", "d"))


def test_empty_domain_errors():
    df = _survey()
    d = _design(df)
    with pytest.raises(DataError, match="design is empty"):
        compare(_design(df.assign(w=0.0)), "y", between="site_type", levels=("a", "b"))
    with pytest.raises(DataError, match=r"empty in wave == 2"):
        compare(
            d.subset(~((df.wave == 2) & (df.site_type == "separate"))),
            "y",
            between="site_type",
            by="wave",
        )
    with pytest.raises(DataError, match=r"unknown column 'nope'"):
        compare(d, "nope", between="site_type")
