"""Traps of formulas and of by= columns, now right or a clear error: R's meaning of ^, %%, %/%,
& | ! and of log/exp/sqrt/poly inside a formula's calls (R: tests/data/r-formula/formula.R ->
formula.json), a data column named Intercept, ..."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError

DATA = Path(__file__).resolve().parent / "data"
R = json.loads((DATA / "r-formula" / "formula.json").read_text(encoding="utf-8"))


def _apistrat():
    df = pd.read_csv(DATA / "r-survey" / "data" / "apistrat.csv")
    df["mc"] = 1 + (df["meals"] > 33).astype(int) + (df["meals"] > 66).astype(int)
    return df, sk.Design(df, weights="pw", strata="stype", fpc="fpc")


@pytest.mark.parametrize("case", R["glm"], ids=[c["formula"] for c in R["glm"]])
def test_operators_and_functions_inside_calls_mean_what_they_mean_in_r(case):
    """I(ell^2) is the square (Python's ^ gave a bitwise XOR), & | ! are logical with R's
    precedence, %% %/% the modulo and integer division; terms are named as R deparses them."""
    _, d = _apistrat()
    res = sk.regress(d, case["formula"])
    np.testing.assert_allclose(res["estimate"], case["estimate"], rtol=1e-9)
    np.testing.assert_allclose(res["std_error"], case["se"], rtol=1e-9)
    assert res["df"].iloc[0] == case["df"]
    r_names = [t.removesuffix("TRUE") for t in case["terms"][1:]]
    if "poly(" not in case["formula"]:  # formulaic numbers a poly()'s columns [1], [2] / [0], [1]
        assert res["variable"].tolist()[1:] == r_names


def test_a_power_inside_i_of_an_ordinal_model_is_r_s():
    _, d = _apistrat()
    res = sk.olr(d, "mc ~ ell + I(ell^2)")
    assert res["variable"].tolist() == R["olr"]["terms"]
    # svyolr stops its BFGS at optim's relative tolerance 1e-8 of the likelihood: ~1e-5 on I(ell^2)
    np.testing.assert_allclose(res["estimate"], R["olr"]["estimate"], rtol=1e-4)
    np.testing.assert_allclose(res["std_error"], R["olr"]["se"], rtol=1e-4)


def test_python_powers_and_python_expressions_still_work():
    _, d = _apistrat()
    square = sk.regress(d, "api00 ~ ell + I(ell**2)")
    assert square["variable"].tolist() == ["Intercept", "ell", "I(ell^2)"]
    np.testing.assert_allclose(square["estimate"], R["glm"][0]["estimate"], rtol=1e-9)
    assert sk.regress(d, "api00 ~ np.log(ell + 1)")["variable"].tolist()[1] == "np.log(ell + 1)"


def test_r_operators_that_cannot_be_translated_are_refused():
    df, d = _apistrat()
    with pytest.raises(DataError, match=r"'&&', which compares only the first row in R; write '&'"):
        sk.regress(d, "api00 ~ I(ell > 10 && meals > 50)")
    with pytest.raises(DataError, match=r"cannot read 'I\(ell.isin\(\[1, 2\]\) \^ 2\)'.*\^ is a power"):
        sk.regress(d, "api00 ~ I(ell.isin([1, 2]) ^ 2)")
    with pytest.raises(DataError, match=r"poly\(\) without raw = TRUE.*uses 100 of the 200 rows.*raw = TRUE"):
        sk.regress(d.subset(df["stype"] == "E"), "api00 ~ poly(ell, 2)")


def test_a_data_column_named_intercept_is_refused():
    """Its coefficient was labelled 'Intercept' next to the model's own (olr dropped both)."""
    df, d = _apistrat()
    d2 = d.with_columns(Intercept=df["ell"])
    for fit, formula in ((sk.regress, "api00 ~ Intercept + meals"), (sk.olr, "mc ~ Intercept + meals")):
        with pytest.raises(DataError, match=r"uses the data column 'Intercept'.*Rename the column"):
            fit(d2, formula)
