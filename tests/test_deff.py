"""Design effects and effective sample sizes: R's deff="replace" (survey 4.1-1), on every row.

References: tests/data/r-deff/deff.json, written by deff.R there (each entry names its R call).
surveykit's ``deff`` is the variance over the variance under simple random sampling *with*
replacement of the same n respondents, so equal weights without strata or clusters give
deff = 1 and ``n_eff = n / deff = n`` (R's deff=TRUE, without replacement, would give an
infinite deff there: N_hat = n).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design
from surveykit.weights import rake
from tests.repo_study import repo_study

DATA = Path(__file__).parent / "data"
REF = json.loads((DATA / "r-deff" / "deff.json").read_text(encoding="utf-8"))["designs"]


def _api(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / "r-survey" / "data" / f"{name}.csv")


def _design(name: str) -> Design:
    if name == "apisrs":
        return Design(_api("apisrs"), weights="pw", fpc="fpc")
    strat = _api("apistrat").assign(one=1.0)
    if name == "apistrat":
        return Design(strat, strata="stype", weights="pw", fpc="fpc")
    if name == "apiclus1":
        return Design(_api("apiclus1"), ids="dnum", weights="pw", fpc="fpc")
    if name == "apiclus2":
        return Design(_api("apiclus2"), ids=["dnum", "snum"], weights="pw", fpc=["fpc1", "fpc2"])
    if name == "equal":
        return Design(strat, weights="one")
    base = Design(strat, strata="stype", weights="pw", fpc="fpc")
    return rake(base, [{"stype": {"E": 4421, "H": 755, "M": 1018}},
                       {"sch.wide": {"No": 1000, "Yes": 5194}}], epsilon=1e-10)


def _r_name(row) -> str:
    return row.variable if row.level is None else f"{row.variable}{row.level}"


@pytest.mark.parametrize("name", sorted(REF))
def test_mean_and_total_deff_equal_r_replace(name):
    d, ref = _design(name), REF[name]
    for res, r in ((sk.mean(d, ["api00", "stype", "awards"]), ref["mean"]),
                   (sk.total(d, "enroll"), ref["total"])):
        names = r["names"] if isinstance(r["names"], list) else [r["names"]]
        got = {_r_name(row): row for row in res.itertuples()}
        for nm, est, deff in zip(names, np.atleast_1d(r["estimate"]), np.atleast_1d(r["deff"]),
                                 strict=True):
            row = got[nm]
            np.testing.assert_allclose(row.estimate, est, rtol=1e-9)
            if deff < 1e-9:  # a share of a stratum variable: no variance (R: 0)
                assert row.deff < 1e-9
                continue
            np.testing.assert_allclose(row.deff, deff, rtol=1e-6)
            np.testing.assert_allclose(row.n_eff, row.n / deff, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(REF))
def test_by_deff_equals_r_svyby(name):
    res = sk.mean(_design(name), "api00", by="stype")
    r = REF[name]["by"]
    np.testing.assert_allclose(res["estimate"], r["estimate"], rtol=1e-9)
    np.testing.assert_allclose(res["deff"], r["deff"], rtol=1e-6)


def _equal_weights(n=300, seed=3) -> Design:
    rng = np.random.default_rng(seed)
    likert = pd.Categorical(rng.choice(["a", "b", "c", "d"], n), ["a", "b", "c", "d"], ordered=True)
    df = pd.DataFrame({"y": rng.normal(size=n), "x": rng.uniform(1, 2, n),
                       "g": rng.choice(["u", "v"], n), "q": likert,
                       "yes": rng.random(n) < 0.3, "w": 1.0})
    return Design(df, weights="w")


def _every_estimator(d: Design) -> dict[str, pd.DataFrame]:
    return {
        "mean": sk.mean(d, ["y", "q"]),
        "total": sk.total(d, "y"),
        "proportion": sk.proportion(d, "yes"),
        "quantile": sk.quantile(d, "y", [0.25, 0.5]),
        "ratio": sk.ratio(d, "y", "x"),
        "topbox": sk.topbox(d, "q", top=["c", "d"]),
        "score": sk.score(d, "q"),
        "compare": sk.compare(d, ["y", "q"], between="g"),
        "contrast": sk.contrast(d, "y", over="g", contrasts={"v-u": {"u": -1, "v": 1}}),
        "regress": sk.regress(d, "y ~ x + C(g)"),
        "olr": sk.olr(d, "q ~ y"),
        "chisq": sk.chisq(d, "q", "g"),
        "cronbach_alpha": sk.cronbach_alpha(d, ["y", "x", "q"]),
    }


@pytest.mark.parametrize("estimator", sorted(_every_estimator(_equal_weights())))
def test_every_estimator_fills_deff_and_n_eff_and_equal_weights_give_deff_1(estimator):
    """Equal weights, no strata, no clusters: simple random sampling, so deff = 1, n_eff = n."""
    res = _every_estimator(_equal_weights())[estimator]
    assert res["deff"].notna().all() and res["n_eff"].notna().all()
    if estimator in ("quantile", "chisq"):  # share/contrast scales: 1 only approximately
        np.testing.assert_allclose(res["deff"], 1.0, rtol=0.05)
    else:
        np.testing.assert_allclose(res["deff"], 1.0, rtol=1e-9)
        np.testing.assert_allclose(res["n_eff"], res["n"].astype(float), rtol=1e-9)


def test_unweighted_study_has_finite_deff_near_1():
    study = repo_study()   # with a key of the tests' own: no .surveykit-key written into the checkout
    res = sk.mean(study.design(weighted=False), ["age", "help_ease"], by="wave")
    assert np.isfinite(res["deff"]).all() and (res["n_eff"] > 0).all()
    # strata wave x municipality with equal weights: only a small stratification effect
    np.testing.assert_allclose(res["deff"], 1.0, atol=0.1)
