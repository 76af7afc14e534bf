"""Every published number resting on fewer than min_cell respondents is suppressed (issue 13,
item 3, the estimators' side): model coefficients, thresholds, chi-square table cells,
quantiles, contrasts. A factor level with one respondent gave a coefficient that, added to
the intercept, is that person's answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design
from surveykit.estimate.chisq import rao_scott


def _data(sizes: dict[str, int], seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.concatenate([[k] * v for k, v in sizes.items()])
    n = len(g)
    return pd.DataFrame({"g": pd.Categorical(g, list(sizes)), "x": rng.normal(size=n),
                         "age": rng.uniform(20, 80, n).round()})


def test_coefficient_of_a_one_person_level_is_suppressed():
    df = _data({"a": 150, "b": 120, "c": 1})
    d = Design(df, min_cell=10)
    res = sk.regress(d, "age ~ C(g) + x").set_index("variable")
    assert res.loc["C(g)[T.c]", "suppressed"]
    assert res.loc[["C(g)[T.c]"], ["estimate", "std_error", "conf_low", "conf_high", "p_value"]
                   ].isna().all(axis=None)
    assert not res.loc[["Intercept", "C(g)[T.b]", "x"], "suppressed"].any()
    assert res.loc["C(g)[T.b]", "estimate"] == pytest.approx(
        sk.regress(Design(df), "age ~ C(g) + x").set_index("variable").loc["C(g)[T.b]", "estimate"])
    # the one person's age is not recoverable as intercept + coefficient
    assert np.isnan(res.loc["Intercept", "estimate"] + res.loc["C(g)[T.c]", "estimate"])


def test_a_tiny_reference_level_suppresses_the_intercept_and_its_factor():
    df = _data({"a": 2, "b": 150, "c": 120})
    res = sk.regress(Design(df, min_cell=10), "age ~ C(g) + x").set_index("variable")
    assert res.loc[["Intercept", "C(g)[T.b]", "C(g)[T.c]"], "suppressed"].all()
    assert not res.loc["x", "suppressed"]


def test_olr_suppresses_small_levels_and_thresholds():
    df = _data({"a": 150, "b": 150, "c": 3})
    rng = np.random.default_rng(9)
    y = np.digitize(df["x"] + rng.logistic(size=len(df)), [-1.5, 0, 1.5, 5.5])
    df["y"] = pd.Categorical(np.array(["v1", "v2", "v3", "v4", "v5"])[y],
                             ["v1", "v2", "v3", "v4", "v5"], ordered=True)
    counts = df["y"].value_counts()
    assert 0 < counts["v5"] < 10  # the top answer is rare
    res = sk.olr(Design(df, min_cell=10), "y ~ x + C(g)").set_index("variable")
    assert res.loc["C(g)[T.c]", "suppressed"] and not res.loc["C(g)[T.b]", "suppressed"]
    assert res.loc["v4|v5", "suppressed"] and np.isnan(res.loc["v4|v5", "estimate"])
    assert not res.loc[["x", "v1|v2", "v2|v3"], "suppressed"].any()


def test_chisq_table_cells_resting_on_few_respondents_are_blanked():
    rng = np.random.default_rng(4)
    n = 400
    a = rng.choice(["p", "q"], n)
    b = np.where(rng.random(n) < 0.01, "rare", rng.choice(["s", "t"], n))
    d = Design(pd.DataFrame({"a": a, "b": b}), min_cell=10)
    test = rao_scott(d, "a", "b")
    small = test.counts < 10
    assert small["rare"].all() and not small[["s", "t"]].any(axis=None)
    assert test.table["rare"].isna().all() and test.table[["s", "t"]].notna().all(axis=None)
    assert test.suppressed.equals(small)
    assert np.isfinite(test.statistic)  # the test itself uses every cell, as R's svychisq


def test_quantile_that_is_one_persons_value_is_suppressed():
    rng = np.random.default_rng(5)
    d = Design(pd.DataFrame({"age": rng.uniform(16, 90, 300)}), min_cell=10)
    res = sk.quantile(d, "age", [0.5, 1.0, 0.0, 0.99]).set_index("level")
    assert not res.loc["0.5", "suppressed"]
    assert res.loc[["1", "0", "0.99"], "suppressed"].all()  # max, min, 3 people above
    assert res.loc[["1", "0"], "estimate"].isna().all()


def test_contrast_with_a_small_cell_is_suppressed():
    df = _data({"a": 150, "b": 4})
    d = Design(df, min_cell=10)
    res = sk.compare(d, "age", between="g").iloc[0]
    assert res["suppressed"] and np.isnan(res["estimate"]) and np.isnan(res["p_value"])
