"""Seeded differential test against R survey 4.1-1 on random designs (tests/data/r-fuzz).

Forty small data sets written by ``tests/data/r-fuzz/gen.py`` mix what real designs have:
lonely PSUs (every ``lonely_psu`` surveykit shares with R's ``survey.lonely.psu``), certainty
PSUs, fpc as counts and fractions at one and two stages, PSU ids repeated across strata
(``nest``), zero and very unequal weights, missing answers, factor levels absent in a group,
domains of one PSU or one row, post-stratification, raking and calibration (linear, raking,
logit; bounded), JK1/JKn/BRR conversions and given bootstrap replicates. ``fuzz.R`` wrote R's
numbers (``r_results.json``); every number is compared at 1e-9 relative (1e-12 absolute).
Where R stops (an error in ``r_results.json``) there is nothing to compare and no test.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DesignError

HERE = Path(__file__).resolve().parent / "data" / "r-fuzz"
SPECS = {s["id"]: s for s in json.loads((HERE / "manifest.json").read_text())}
R = json.loads((HERE / "r_results.json").read_text())
RTOL, ATOL = 1e-9, 1e-12


@cache
def data(sid: str) -> pd.DataFrame:
    return pd.read_csv(HERE / "data" / f"{sid}.csv")


@cache
def design(sid: str, lonely: str):
    s = SPECS[sid]
    df = data(sid)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if s["replicates"] == "given":
            return sk.Design(df, weights="wt", repweights="^rw[0-9]+$", replicate_type=s["rep_type"])
        d = sk.Design(df, weights="wt", strata=s["strata"], ids=s["ids"], fpc=s["fpc"], nest=s["nest"],
                      lonely_psu=lonely)
        if s["calib"] == "poststratify":
            d = sk.poststratify(d, "grp", s["pop_g"])
        elif s["calib"] is not None:
            pg, ph = s["pop_g"], s["pop_h"]
            tot = {"(Intercept)": sum(pg.values()), "grpg2": pg["g2"], "grpg3": pg["g3"]}
            if s["calib"] == "rake":
                formula, calfun, tot["mrgh2"] = "~grp + mrg", "raking", ph["h2"]
            else:
                formula, calfun, tot["xv"] = "~grp + xv", s["calib"], s["pop_x"]
            bounds = tuple(s["bounds"]) if s.get("bounds") else None
            d = sk.calibrate(d, formula, tot, calfun=calfun, bounds=bounds, epsilon=1e-12, maxit=200)
        if s["replicates"]:
            d = d.to_replicate(type=s["replicates"])
    return d


def _q(d, **kw):
    r = sk.quantile(d, "yv", [0.25, 0.5], **kw)
    return {"est": r["estimate"], "lo": r["conf_low"], "hi": r["conf_high"], "se": r["std_error"]}


def _esd(r, deff=True):
    out = {"est": r["estimate"], "se": r["std_error"]}
    if deff:
        out["deff"] = r["deff"]
    return out


def _by_f(d):
    r = sk.mean(d, "fac", by="grp").sort_values(["level", "grp"], kind="stable")  # R: column by column
    return _esd(r)


def _ciprop(m):
    def f(d):
        r = sk.proportion(d, "bv", method=m)
        r = r[r["level"] == "1"]
        return {"est": r["estimate"], "lo": r["conf_low"], "hi": r["conf_high"]}
    return f


def _chisq(d):
    r = sk.chisq(d, "fac", "grp")
    return {"est": r["statistic"], "ndf": r["df_num"], "ddf": r["df"], "p": r["p_value"]}


def _ttest(d):
    r = sk.ttest(d, "yv")
    return {"est": r["estimate"], "t": r["statistic"], "df": r["df"], "p": r["p_value"]}


def _domain(d, sid):
    return d.subset((data(sid)["dom"] == 1).to_numpy())


OURS = {
    "degf": lambda d, sid: {"est": [d.degf]},
    "mean_y": lambda d, sid: _esd(sk.mean(d, "yv")),
    "mean_f": lambda d, sid: _esd(sk.mean(d, "fac")),
    "total_y": lambda d, sid: _esd(sk.total(d, "yv")),
    "total_f": lambda d, sid: _esd(sk.total(d, "fac")),
    "by_y": lambda d, sid: _esd(sk.mean(d, "yv", by="grp").sort_values("grp")),
    "by_f": lambda d, sid: _by_f(d),
    "q_default": lambda d, sid: _q(d),
    "q_hf7_beta": lambda d, sid: _q(d, qrule="hf7", interval_type="beta"),
    "ratio": lambda d, sid: _esd(sk.ratio(d, "yv", "xv"), deff=False),
    **{f"ciprop_{m}": (lambda m: lambda d, sid: _ciprop(m)(d))(m)
       for m in ("logit", "beta", "asin", "xlogit", "mean")},
    "glm_gaussian": lambda d, sid: _esd(sk.regress(d, "yv ~ xv + C(fac)"), deff=False),
    "glm_quasibinomial": lambda d, sid: _esd(sk.regress(d, "bv ~ xv", family="quasibinomial"), deff=False),
    "chisq": lambda d, sid: _chisq(d),
    "ttest": lambda d, sid: _ttest(d),
    "domain_mean_y": lambda d, sid: _esd(sk.mean(_domain(d, sid), "yv")),
    "domain_total_y": lambda d, sid: _esd(sk.total(_domain(d, sid), "yv"), deff=False),
    "domain_degf": lambda d, sid: {"est": [_domain(d, sid).degf]},
}


def _cases():
    out = []
    for key, res in R.items():
        sid, opt = key.split(":")
        if "design_error" in res:
            continue
        for name, r in res.items():
            if "error" not in r:
                out.append(pytest.param(sid, opt, name, id=f"{sid}-{opt}-{name}"))
    return out


def ours(sid: str, opt: str, name: str) -> dict:
    d = design(sid, opt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {k: np.asarray(v, dtype=float).ravel() for k, v in OURS[name](d, sid).items()}


@pytest.mark.parametrize(("sid", "opt", "name"), _cases())
def test_equals_r(sid, opt, name):
    r = R[f"{sid}:{opt}"][name]
    got = ours(sid, opt, name)
    for k, v in got.items():
        want = np.array([np.nan if x is None else x for x in np.atleast_1d(r[k])], dtype=float)
        np.testing.assert_allclose(v, want, rtol=RTOL, atol=ATOL, equal_nan=True,
                                   err_msg=f"{sid} lonely={opt} {name} {k}")


@pytest.mark.parametrize("sid", sorted(k.split(":")[0] for k in R if k.endswith(":nest_false")))
def test_ids_repeated_across_strata_need_nest(sid):
    """R: "Clusters not nested in strata at top level; you may want nest=TRUE"; surveykit refuses too."""
    assert "not nested" in R[f"{sid}:nest_false"]["design_error"]
    s = SPECS[sid]
    with pytest.raises(DesignError, match="nest"):
        sk.Design(data(sid), weights="wt", strata=s["strata"], ids=s["ids"], fpc=s["fpc"], nest=False,
                  lonely_psu=SPECS[sid]["lonely"][0] if SPECS[sid]["lonely"] != ["fail"] else "adjust")
