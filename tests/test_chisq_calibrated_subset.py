"""svychisq on a subset of a calibrated design: R keeps every row of a calibrated design in its
subsets (weight 0) and counts the PSUs of every row it holds in the test's denominator df (a
built study's table test per wave of a raked design had 2,470 denominator df where R has 4,708).
R's values: tests/data/r-calibrate/subset_chisq.R -> subset_chisq.json (PROVENANCE.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data"
R = json.loads((DATA / "r-calibrate" / "subset_chisq.json").read_text(encoding="utf-8"))
STRAT = pd.read_csv(DATA / "r-survey" / "data" / "apistrat.csv")
CLUS = pd.read_csv(DATA / "r-survey" / "data" / "apiclus1.csv")


def _designs():
    des = sk.Design(STRAT, strata="stype", weights="pw")
    cal = sk.calibrate(des, {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1000, "Yes": 5194}},
                       calfun="raking")
    post = sk.poststratify(des, "sch.wide", {"sch.wide": {"No": 1000, "Yes": 5194}})
    clus = sk.calibrate(sk.Design(CLUS, ids="dnum", weights="pw"), {"stype": {"E": 4421, "H": 755, "M": 1018}},
                        calfun="linear")
    yes = (STRAT["comp.imp"] == "Yes").to_numpy()
    return {
        "calibrated": (cal.subset(yes), "awards", "stype"),
        "poststratified": (post.subset(yes), "awards", "stype"),
        "plain": (des.subset(yes), "awards", "stype"),
        "clustered_calibrated": (clus.subset((CLUS["sch.wide"] == "Yes").to_numpy()), "awards", "stype"),
    }


@pytest.mark.parametrize("case", ["calibrated", "poststratified", "plain", "clustered_calibrated"])
def test_rao_scott_f_on_a_subset_equals_r(case):
    design, row, col = _designs()[case]
    want = R[case]
    got = sk.chisq(design, row, col).iloc[0]
    assert got["statistic"] == pytest.approx(want["statistic"], rel=1e-7)
    assert got["df"] == pytest.approx(want["ddf"], rel=1e-7)
    assert got["p_value"] == pytest.approx(want["p"], rel=1e-6)
    assert design.degf == want["degf"]  # R's degf: PSUs of non-zero weight
    assert design.held_degf * want["ndf"] == pytest.approx(want["ddf"], rel=1e-7)
