"""proportion(method="likelihood") against R's svyciprop(method="likelihood") (survey 4.1-1).

The reference values and the R call that gave each are in tests/data/r-likelihood/
(likelihood.R, likelihood.json). R profiles the quasibinomial deviance scaled by the model's
dispersion and the coefficient's design effect and interpolates the profile with an "fmm"
spline; surveykit follows the same recipe, so the limits agree to round-off.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design
from surveykit.estimate.likelihood import fmm_spline
from surveykit.estimate.proportion import proportion
from surveykit.weights import poststratify

DATA = Path(__file__).parent / "data"
REF = {c["id"]: c for c in json.loads((DATA / "r-likelihood" / "likelihood.json").read_text(encoding="utf-8"))["cases"]}


def _api(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / "r-survey" / "data" / f"{name}.csv")


def _strat() -> Design:
    d = _api("apistrat")
    d["awards_na"] = np.where(np.arange(1, len(d) + 1) % 7 == 0, None, d["awards"])
    for c in ("awards", "awards_na"):
        d[c + "_yes"] = pd.Series(d[c] == "Yes", dtype="boolean").mask(d[c].isna())
    return Design(d, strata="stype", weights="pw", fpc="fpc")


def _designs() -> dict[str, tuple[Design, str, object]]:
    strat = _strat()
    clus2 = _api("apiclus2").assign(yes=lambda f: f["sch.wide"] == "Yes")
    clus1 = _api("apiclus1").assign(yes=lambda f: f["sch.wide"] == "Yes")
    d_clus1 = Design(clus1, ids="dnum", weights="pw", fpc="fpc")
    post = poststratify(strat, "stype", {"stype": {"E": 4421, "H": 755, "M": 1018}})
    h = strat.data["stype"] == "H"
    return {
        "strat_awards_90": (strat, "awards_yes", 0.9),
        "strat_awards_na": (strat, "awards_na_yes", 0.95),
        "strat_H_awards": (strat.subset(h), "awards_yes", 0.95),
        "clus2_schwide": (Design(clus2, ids=["dnum", "snum"], weights="pw", fpc=["fpc1", "fpc2"]),
                          "yes", 0.95),
        "clus1_H_schwide": (d_clus1.subset(clus1["stype"] == "M"), "yes", 0.95),
        "post_awards": (post, "awards_yes", 0.95),
        "post_H_awards": (post.subset(h), "awards_yes", 0.95),
    }


@pytest.mark.parametrize("case", sorted(_designs()))
def test_likelihood_interval_equals_r(case):
    design, var, level = _designs()[case]
    r = REF[case]
    res = proportion(design, var, method="likelihood", conf_level=level)
    row = res.iloc[0]
    np.testing.assert_allclose(row["estimate"], r["estimate"], rtol=1e-9)
    np.testing.assert_allclose([row["conf_low"], row["conf_high"]], [r["ci_low"], r["ci_high"]],
                               rtol=1e-9)


def test_likelihood_interval_by_group_equals_r_svyby():
    res = proportion(_strat(), "awards_yes", by="stype", method="likelihood")
    for row in res.itertuples():
        r = REF[f"strat_by_stype_{row.stype}"]
        np.testing.assert_allclose([row.estimate, row.conf_low, row.conf_high],
                                   [r["estimate"], r["ci_low"], r["ci_high"]], rtol=1e-9)


def test_fmm_spline_reproduces_a_cubic_and_r_values():
    x = np.array([0.0, 0.5, 1.5, 2.0, 3.5])
    np.testing.assert_allclose(fmm_spline(x, x**3 - x, np.array([0.25, 2.7])),
                               [0.25**3 - 0.25, 2.7**3 - 2.7], rtol=1e-12)
    # R: spline(c(1, 2, 4, 7), c(0, 1, 0, 3), xout = c(1.5, 3, 6)) (method "fmm")
    np.testing.assert_allclose(fmm_spline(np.array([1.0, 2, 4, 7]), np.array([0.0, 1, 0, 3]),
                                          np.array([1.5, 3.0, 6.0])),
                               [0.7083333333333333, 0.7333333333333334, 0.3333333333333335], rtol=1e-12)
