"""Which rows R's design holds in a subset (Design.held_rows / held / held_count / held_degf): R drops
the rows a subset leaves out of a design without calibration and keeps every row of a calibrated one
(weight 0), so a subset taken before the weighting step narrows the design and one taken after does
not; rows of weight 0 in the data are held like any other. nrow() enters svyciprop (beta,
likelihood), svyquantile (beta, score) and svychisq's denominator df.
R's values: tests/data/r-calibrate/held_rows.R -> held_rows.json."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data"
R = json.loads((DATA / "r-calibrate" / "held_rows.json").read_text(encoding="utf-8"))
STRAT = pd.read_csv(DATA / "r-survey" / "data" / "apistrat.csv")
CLUS = pd.read_csv(DATA / "r-survey" / "data" / "apiclus1.csv")


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(high=df["api00"] > 700)


def _precal() -> sk.Design:
    a = _frame(STRAT)
    des = sk.Design(a, strata="stype", weights="pw")
    return sk.poststratify(des.subset((a["stype"] != "H").to_numpy()), "sch.wide",
                           {"sch.wide": {"No": 800, "Yes": 4000}})


def _designs() -> dict[str, sk.Design]:
    a, c = _frame(STRAT), _frame(CLUS)
    clus = sk.Design(c, ids="dnum", weights="pw").subset((c["stype"] != "M").to_numpy())
    clusrak = sk.calibrate(clus, {"stype": {"E": 4300, "H": 700}, "sch.wide": {"No": 800, "Yes": 4200}},
                           calfun="raking")
    z = a.copy()
    z.loc[[2, 49, 119, 169, 198], "pw"] = 0.0
    zero = sk.Design(z, strata="stype", weights="pw")
    return {
        "precal": _precal().subset((a["yr.rnd"] == "No").to_numpy()),
        "clusrak": clusrak.subset((c["yr.rnd"] == "No").to_numpy()),
        "zero": zero.subset((z["yr.rnd"] == "No").to_numpy()),
    }


CASES = ["precal", "clusrak", "zero"]


@pytest.mark.parametrize("case", CASES)
def test_rows_held_and_degf_equal_r(case):
    d, want = _designs()[case], R[case]
    assert int(d.held_rows.sum()) == want["nrow"]
    assert d.degf == want["degf"]
    assert d.held_count(np.zeros(d.n, dtype=np.int64), 1).tolist() == [want["nrow"]]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("method", ["beta", "likelihood", "logit"])
def test_ciprop_equals_r(case, method):
    d, want = _designs()[case], R[case]["ciprop"][method]
    got = sk.proportion(d, "high", level=True, method=method).iloc[0]
    assert [got["estimate"], got["conf_low"], got["conf_high"]] == pytest.approx(want, rel=1e-8)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("interval", ["score", "beta"])
def test_quantile_interval_equals_r(case, interval):
    d, want = _designs()[case], R[case]["quantile"][interval]
    got = sk.quantile(d, "api00", [0.25, 0.5], interval_type=interval)
    assert got[["estimate", "conf_low", "conf_high"]].to_numpy().tolist() == want


@pytest.mark.parametrize("case", CASES)
def test_chisq_equals_r(case):
    d, want = _designs()[case], R[case]["chisq"]
    got = sk.chisq(d, "awards", "stype").iloc[0]
    assert got["statistic"] == pytest.approx(want["statistic"], rel=1e-7)
    assert got["df"] == pytest.approx(want["ddf"], rel=1e-7)
    assert got["p_value"] == pytest.approx(want["p"], rel=1e-6)


def test_by_groups_of_a_calibrated_subset_hold_every_row():
    """svyby on a design post-stratified after a subset: each group's design holds the rows the
    first subset kept (150), not every row of the data (200)."""
    d, want = _precal(), R["precal_by"]
    assert d.held_count(np.array([0, 1] * 100), 2).tolist() == [150.0, 150.0]
    beta = sk.proportion(d, "high", level=True, by="comp.imp", method="beta")
    assert beta["comp.imp"].astype(str).tolist() == want["beta"]["group"]
    for col, key in [("estimate", "estimate"), ("conf_low", "low"), ("conf_high", "high")]:
        assert beta[col].tolist() == pytest.approx(want["beta"][key], rel=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        score = sk.quantile(d, "api00", 0.5, by="comp.imp", interval_type="score")
    assert score[["estimate", "conf_low", "conf_high"]].to_numpy().T.tolist() == [
        want["score"]["estimate"], want["score"]["low"], want["score"]["high"]]
