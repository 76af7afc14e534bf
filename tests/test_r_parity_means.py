"""svymean / svytotal / svyby parity with R survey 4.1-1 (oracle JSON in tests/data/r-survey)."""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.estimate.grouping import logit_interval
from surveykit.estimate.means import mean, total
from tests.test_r_parity_loader import case, cases

RTOL_EST = 1e-9


def _se_tol(est: dict, row: dict) -> dict:
    atol = 1e-8 * abs(row["estimate"]) + 1e-12  # SE 0 (e.g. shares of a stratum variable)
    if est.get("design", "base") == "base":
        return {"rtol": 1e-8, "atol": atol}
    return {"rtol": 1e-6, "atol": atol}


def _is_rake(c, est) -> bool:
    name = est.get("design", "base")
    return name != "base" and c.spec["adjust"][name]["method"] == "rake"


def _row_key(row: dict) -> tuple:
    return (row["variable"], row["level"])


def _listwise(est) -> bool:
    return est.get("na_rm", False) and len(est["vars"]) > 1 and not est.get("per_variable")


def _r_str(v) -> str:
    return {True: "TRUE", False: "FALSE"}.get(v, str(v)) if isinstance(v, bool | np.bool_) else str(v)


def _nan(x):
    return np.nan if x is None else x


def fun_is_mean(est) -> bool:
    return est.get("fun", est["type"]) in ("svymean",)


def _run(c, est, d):
    fun = mean if est.get("fun", est["type"]) in ("svymean",) else total
    variables = est["vars"]
    if _listwise(est):
        # R's na.rm with several variables is listwise: the domain of complete cases
        d = d.subset(c.data[variables].notna().all(axis=1).to_numpy())
    return fun(d, variables, by=est.get("by"), na_rm=True)


@pytest.mark.parametrize(("spec", "eid"), cases({"svymean", "svytotal"}))
def test_svymean_svytotal(spec, eid):
    c = case(spec)
    est, out = c.estimate(eid)
    assert out["ok"]
    res = _run(c, est, c.domain_design(est))
    r = out["result"]
    got = {(v, lv): row for v, lv, row in zip(res["variable"], res["level"], res.itertuples(), strict=True)}
    assert len(got) == len(r["rows"])
    for row in r["rows"]:
        g = got[_row_key(row)]
        np.testing.assert_allclose(g.estimate, row["estimate"], rtol=RTOL_EST, atol=1e-12)
        if not _is_rake(c, est):  # rake SEs: see test_r_parity_weights.py
            np.testing.assert_allclose(g.std_error, row["se"], **_se_tol(est, row))
        # listwise emulation by subset() changes df (R keeps the design's)
        if not _listwise(est) and not _is_rake(c, est):
            scale = max(abs(row["estimate"]), row["se"], 1e-300)
            tol = _se_tol(est, row)["rtol"] * scale * 10
            lo, hi = _nan(row["ci_t_low"]), _nan(row["ci_t_high"])
            if row["level"] is not None and fun_is_mean(est):
                # a share gets R's svyciprop(method="logit") interval on the same df, whose
                # agreement with R is tested in test_r_parity_proportion.py
                lo, hi = logit_interval(row["estimate"], row["se"], r["df"], 0.95)
            np.testing.assert_allclose(g.conf_low, lo, rtol=0, atol=tol)
            np.testing.assert_allclose(g.conf_high, hi, rtol=0, atol=tol)
            assert g.df == r["df"]
        # the oracle's deff is R's deff=TRUE (without replacement); surveykit's is R's
        # deff="replace" (1 for equal weights), compared with R in test_deff.py


@pytest.mark.parametrize(("spec", "eid"), cases({"svyby"}))
def test_svyby(spec, eid):
    c = case(spec)
    est, out = c.estimate(eid)
    assert out["ok"]
    d = c.domain_design(est)
    res = _run(c, est, d)
    by = est["by"]
    rows = out["result"]["rows"]
    got = {}
    for rec in res.to_dict("records"):
        key = (*(_r_str(rec[b]) for b in by), rec["variable"], rec["level"])
        got[key] = rec
    assert len(got) == len(rows)
    for row in rows:
        key = (*(str(row["group"][b]) for b in by), row["variable"], row["level"])
        g = got[key]
        np.testing.assert_allclose(g["estimate"], row["estimate"], rtol=RTOL_EST, atol=1e-12)
        if not _is_rake(c, est):
            np.testing.assert_allclose(g["std_error"], row["se"], **_se_tol(est, row))
        # df is the group's own design df (as for a subset), so by= and subset() agree
        mask = np.logical_and.reduce(
            [c.data[b].map(_r_str).to_numpy() == row["group"][b] for b in by]
        )
        assert g["df"] == d.subset(mask).degf
