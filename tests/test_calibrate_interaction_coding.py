"""calibrate() codes the factors of an interaction as R's model.matrix does.

References: tests/data/r-calibrate/interaction_coding.json, written by interaction_coding.R
there (survey 4.1-1, the stratified API sample, population totals from apipop). A factor of an
interaction whose term without it is not in the formula gets a column for every level
(``~stype + stype:sch.wide``: stypeE:sch.wideYes too), and an interaction's variables are named
in their order of first appearance (``~sch.wide + stype:sch.wide``: sch.wideNo:stypeH). With
R's totals, surveykit's calibrated weights, mean and SE equal R's; before, the first total was
refused as naming no column, and leaving it out (as the message advised) gave another weighting.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data"
REF = json.loads((DATA / "r-calibrate" / "interaction_coding.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def design() -> sk.Design:
    df = pd.read_csv(DATA / "r-survey" / "data" / "apistrat.csv")
    return sk.Design(df, strata="stype", weights="pw", fpc="fpc")


@pytest.mark.parametrize("case", REF["cases"], ids=[c["formula"] for c in REF["cases"]])
def test_interaction_coded_as_r(design, case):
    cal = sk.calibrate(design, case["formula"], case["population"])
    np.testing.assert_allclose(cal.weights, case["weights"], rtol=1e-9)
    got = sk.mean(cal, "api00")
    np.testing.assert_allclose(got["estimate"][0], case["mean"], rtol=1e-10)
    np.testing.assert_allclose(got["std_error"][0], np.ravel(case["se"])[0], rtol=1e-8)
