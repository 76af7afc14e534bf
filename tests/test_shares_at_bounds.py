"""svyciprop's intervals of a share of 0 % or 100 % in a domain, on the Chile 1988 survey.

References: tests/data/r-chile/shares_at_bounds.json, written by shares_at_bounds.R there
(carData's Chile, communities as PSUs within regions, one region of one community: lonely PSU
"adjust"). R's beta, asin and xlogit intervals are NA there (the effective n is 0/0), mean and
logit are [p, p] (logit from a glm stopped 2e-12 off the bound); surveykit's beta gave [0, NaN] and
[NaN, 1]. R's likelihood interval fails ("profiling has found a better solution"); surveykit gives
[0, 0] / [1, 1], the logit's interval (a documented departure: one empty group does not stop a
``by=`` call).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

HERE = Path(__file__).parent / "data" / "r-chile"
REF = json.loads((HERE / "shares_at_bounds.json").read_text(encoding="utf-8"))["results"]


@pytest.fixture(scope="module")
def chile() -> tuple[pd.DataFrame, sk.Design]:
    df = pd.read_csv(HERE / "chile.csv")
    return df, sk.Design(df, weights="w", strata="region", ids="population", nest=True, lonely_psu="adjust")


def _share(chile, vote: str, method: str) -> pd.Series:
    df, d = chile
    return sk.proportion(d.subset((df["vote"] == vote) & (df["region"] != "SA")), "yes", method=method).iloc[0]


@pytest.mark.parametrize("vote", ["N", "Y"])
@pytest.mark.parametrize("method", ["beta", "asin", "xlogit", "mean", "logit"])
def test_interval_at_a_bound_is_rs(chile, vote, method):
    want = REF[f"{vote}.{method}"]
    got = _share(chile, vote, method)
    assert got["estimate"] == pytest.approx(want["estimate"], abs=1e-11)
    assert got["std_error"] == want["se"] == 0
    ci = [np.nan if c == "NaN" else c for c in want["ci"]]
    np.testing.assert_allclose([got["conf_low"], got["conf_high"]], ci, atol=1e-11)


@pytest.mark.parametrize("vote", ["N", "Y"])
def test_likelihood_at_a_bound_is_the_logit_interval(chile, vote):
    assert "better solution" in REF[f"{vote}.likelihood"]["error"]
    got = _share(chile, vote, "likelihood")
    np.testing.assert_allclose([got["conf_low"], got["conf_high"]], REF[f"{vote}.logit"]["ci"], atol=1e-11)
