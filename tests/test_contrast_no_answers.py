"""compare / change / contrast / did of a level whose respondents have no value of the variable:
a DataError naming the variable, the column, the level and what to do (they returned a row of
NaN, with the other level's n, and no message). ``no_answers="keep"`` gives that row, as a
report shows a question not asked in a wave. By-group estimates (mean, total, ...) keep their
row of n = 0 for such a group.

apistrat's acs.k3 is missing for every high school (stype H). R refuses too:
``svyttest(acs.k3 ~ stype, subset(d, stype %in% c("E", "H")))`` fails.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data" / "r-survey" / "data"
ADVICE = (r"Compare levels that have answers, leave 'acs.k3' out, or pass no_answers='keep' to get its "
          r"row without numbers")


@pytest.fixture(scope="module")
def design() -> sk.Design:
    """apistrat as R's svydesign(ids=~1, strata=~stype, weights=~pw, fpc=~fpc)."""
    return sk.Design(pd.read_csv(DATA / "apistrat.csv"), weights="pw", strata="stype", fpc="fpc")


def _said(level: str, n: int, label: str) -> str:
    return (rf"no answer to 'acs.k3' in {level}: none of its {n} respondent\(s\) with a positive weight "
            rf"has a value of 'acs.k3' .*so '{label}' of 'acs.k3' has no estimate\. {ADVICE}")


def test_compare_change_and_contrast_name_the_variable_the_level_and_the_fix(design):
    with pytest.raises(sk.DataError, match="compare: " + _said("stype == 'H'", 50, r"stype: H - E")):
        sk.compare(design, "acs.k3", between="stype", levels=("E", "H"))
    with pytest.raises(sk.DataError, match="change: " + _said("stype == 'H'", 50, r"stype: H - E")):
        sk.change(design, "acs.k3", wave="stype", levels=("E", "H"))
    with pytest.raises(sk.DataError, match="contrast: " + _said("stype == 'H'", 50, "x")):
        sk.contrast(design, "acs.k3", over="stype", contrasts={"x": {"E": -1, "H": 1}})


def test_did_names_the_cell_of_both_columns(design):
    with pytest.raises(sk.DataError, match=r"did: no answer to 'acs.k3' in stype == 'H', awards == 'No': none "
                                           r"of its 34 respondent\(s\)"):
        sk.did(design, "acs.k3", group="awards", groups=("No", "Yes"), wave="stype", waves=("E", "H"))


def test_within_a_by_group_and_among_other_variables(design):
    with pytest.raises(sk.DataError, match=r"compare: no answer to 'acs.k3' in sch.wide == 'No' \(in stype == "
                                           r"'H'\).*The same holds for 1 other row\(s\)"):
        sk.compare(design, ["api00", "acs.k3"], between="sch.wide", by="stype")


def test_a_replicate_design_says_the_same(design):
    with pytest.raises(sk.DataError, match="compare: " + _said("stype == 'H'", 50, r"stype: H - E")):
        sk.compare(design.to_replicate(type="JKn"), "acs.k3", between="stype", levels=("E", "H"))


def test_answers_of_weight_zero_only_are_no_answers(design):
    apistrat = design.data
    x = apistrat.assign(y=np.where(apistrat["stype"] == "H", np.nan, apistrat["api00"]))
    x.loc[x.index[x["stype"] == "M"], "y"] = np.nan
    first_m = x.index[x["stype"] == "M"][0]
    x.loc[first_m, "y"] = 600.0
    x.loc[first_m, "pw"] = 0.0   # the only answer in M has weight 0
    d = sk.Design(x, weights="pw", strata="stype")
    with pytest.raises(sk.DataError, match=r"no answer to 'y' in stype == 'M': none of its 49 respondent\(s\) "
                                           "with a positive weight has a value of 'y'"):
        sk.compare(d, "y", between="stype", levels=("E", "M"))


def test_keep_gives_the_row_without_numbers(design):
    res = sk.compare(design, ["api00", "acs.k3"], between="stype", levels=("E", "H"), no_answers="keep")
    kept = res.set_index("variable")
    assert np.isnan(kept.loc["acs.k3", "estimate"]) and not kept.loc["acs.k3", "suppressed"]
    assert np.isfinite(kept.loc["api00", "estimate"])
    full = sk.compare(design, "api00", between="stype", levels=("E", "H"))
    assert kept.loc["api00", "estimate"] == pytest.approx(full["estimate"].iloc[0], rel=1e-14)
    with pytest.raises(sk.DataError, match=r"compare: no_answers='drop'; use one of \['error', 'keep'\]"):
        sk.compare(design, "api00", between="stype", levels=("E", "H"), no_answers="drop")


def test_by_group_estimates_keep_their_row_of_n_zero(design):
    for res in (sk.mean(design, ["acs.k3"], by="stype"), sk.total(design, ["acs.k3"], by="stype")):
        h = res.set_index("stype").loc["H"]
        assert h["n"] == 0 and np.isnan(h["estimate"])
