"""Multi-select option shares get R's svyciprop logit interval, as every other share in the
report (a built study's multi figure and explorer gave "3.4 % [0.9; 5.9]", the symmetric t
interval of a mean, where the logit interval is about [1.6; 7.1])."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError
from surveykit.estimate.means import option_shares


def _frame(seed=5, n=400):
    rng = np.random.default_rng(seed)
    chosen = (rng.random((n, 3)) < [0.04, 0.3, 0.7]).astype(float)
    chosen[rng.random(n) < 0.15] = np.nan  # the question not answered: every option missing
    df = pd.DataFrame(chosen, columns=["q__a", "q__b", "q__c"])
    df["g"] = rng.choice(["x", "y"], n)
    df["st"] = rng.choice(["s1", "s2", "s3"], n)
    df["w"] = rng.uniform(0.5, 3.0, n)
    for r in range(8):
        df[f"r{r}"] = df["w"] * rng.uniform(0.6, 1.4, n)
    return df


@pytest.mark.parametrize("kind", ["taylor", "replicate"])
def test_option_shares_have_the_logit_interval_of_proportion(kind):
    df = _frame()
    d = (sk.Design(df, strata="st", weights="w") if kind == "taylor" else
         sk.Design(df, weights="w", repweights="^r[0-9]$", replicate_type="bootstrap"))
    cols = ["q__a", "q__b", "q__c"]
    got = option_shares(d, cols, by="g")
    plain = sk.mean(d, cols, by="g")
    np.testing.assert_allclose(got["estimate"], plain["estimate"], rtol=1e-12)
    np.testing.assert_allclose(got["std_error"], plain["std_error"], rtol=1e-12)
    for c in cols:
        want = sk.proportion(d, c, by="g")
        mine = got[got["variable"] == c]
        np.testing.assert_allclose(mine[["conf_low", "conf_high"]], want[["conf_low", "conf_high"]], rtol=1e-10)
    rare = got[got["variable"] == "q__a"]
    assert (rare["conf_low"] > 0).all()  # the t interval of the rare option reached below 0
    assert (plain[plain["variable"] == "q__a"]["conf_low"] < rare["conf_low"].to_numpy()).all()


def test_option_shares_refuse_a_column_that_is_not_zero_or_one():
    df = _frame()
    df.loc[3, "q__b"] = 2.0
    with pytest.raises(DataError, match=r"'q__b' is not a column of 0/1"):
        option_shares(sk.Design(df, weights="w"), ["q__a", "q__b"])
