"""One degrees-of-freedom rule and one interval for shares (issue 13, items 7 and 8).

- topbox/score use the domain's design df, as proportion/mean (R's svyciprop uses
  ``degf(design)`` of the domain, not of the item's answered rows);
- a share at 0 % or 100 % has the interval [0, 0] / [1, 1], as R's svyciprop(method="logit")
  gives (R: ``svyciprop(~I(one == 1), svydesign(id=~1, strata=~stype, weights=~pw,
  data=apistrat, fpc=~fpc), method="logit")`` -> 2.5 % 1, 97.5 % 1; with ``zero`` it gives
  2.78e-12 for both, the logit fit stopping short of minus infinity);
- shares from mean() of a categorical get the logit interval, as proportion() does.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design
from tests.test_likelihood_ci import _api


def _survey(seed: int = 8) -> Design:
    rng = np.random.default_rng(seed)
    n = 240
    levels = ["HU", "LU", "N", "LE", "HE"]
    q = rng.choice(levels, n).astype(object)
    q[rng.random(n) < 0.3] = None  # many missing answers: item df < domain df
    df = pd.DataFrame({"q": pd.Categorical(q, levels, ordered=True),
                       "stratum": rng.choice(["s1", "s2", "s3"], n),
                       "psu": rng.integers(0, 40, n), "w": rng.uniform(1, 3, n),
                       "g": rng.choice(["a", "b"], n)})
    df["psu"] = df["stratum"] + df["psu"].astype(str)
    return Design(df, weights="w", strata="stratum", ids="psu")


def test_topbox_and_score_use_the_domain_df_of_proportion_and_mean():
    d = _survey()
    agree = sk.with_topbox(d, "q", top=["LE", "HE"])
    top = sk.topbox(d, "q", top=["LE", "HE"], by="g")
    prop = sk.proportion(agree, "q_top", by="g", level=None)
    np.testing.assert_array_equal(top["df"], prop["df"])
    np.testing.assert_allclose(top[["estimate", "std_error", "conf_low", "conf_high"]],
                               prop[["estimate", "std_error", "conf_low", "conf_high"]], rtol=1e-12)
    score = sk.score(d, "q", by="g")
    mean = sk.mean(sk.with_scores(d, "q"), "q_score", by="g")
    np.testing.assert_array_equal(score["df"], mean["df"])
    np.testing.assert_allclose(score[["conf_low", "conf_high"]], mean[["conf_low", "conf_high"]],
                               rtol=1e-12)
    assert (score["df"] == [d.subset(d.data["g"] == g).degf for g in ("a", "b")]).all()


def test_shares_of_0_and_100_percent_have_r_s_degenerate_interval():
    df = _api("apistrat").assign(one=True, zero=False)
    d = Design(df, strata="stype", weights="pw", fpc="fpc")
    one = sk.proportion(d, "one").iloc[0]
    assert (one["estimate"], one["conf_low"], one["conf_high"]) == (1.0, 1.0, 1.0)
    zero = sk.proportion(d, "zero").iloc[0]
    assert (zero["estimate"], zero["conf_low"], zero["conf_high"]) == (0.0, 0.0, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        top = sk.topbox(d.with_columns(k=pd.Series(np.full(d.n, 5.0))), "k", top=[5]).iloc[0]
    assert (top["conf_low"], top["conf_high"]) == (1.0, 1.0)


def test_shares_from_mean_get_the_logit_interval_of_proportion():
    rng = np.random.default_rng(2)
    n = 400
    answer = np.where(rng.random(n) < 0.02, "rare", rng.choice(["x", "y"], n))
    d = Design(pd.DataFrame({"a": pd.Categorical(answer, ["rare", "x", "y"]),
                             "w": rng.uniform(1, 4, n)}), weights="w")
    shares = sk.mean(d, "a")
    prop = sk.proportion(d, "a")
    np.testing.assert_allclose(shares[["conf_low", "conf_high"]], prop[["conf_low", "conf_high"]],
                               rtol=1e-12)
    assert (shares["conf_low"] > 0).all()  # a Wald interval of the rare share goes below 0
    numeric = sk.mean(d.with_columns(y=pd.Series(rng.normal(size=n))), "y").iloc[0]
    t = (numeric["conf_high"] - numeric["estimate"]) / numeric["std_error"]
    assert t == pytest.approx(1.9660, abs=1e-3)  # numbers keep the t interval (df 399)
