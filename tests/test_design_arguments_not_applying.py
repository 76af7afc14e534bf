"""Design arguments that do not apply, or come as text, are refused as their neighbours are:
an fpc (or probs) column of text was converted silently where weights of text are refused;
mse=True (and combined_weights=False) without replicate weights was ignored where scale and
rho are refused; a replicate design ignored lonely_psu= and nest=True where strata and ids are
refused. A subset mask of integers other than 0/1 is refused (checked, it was already)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data" / "r-survey" / "data"


@pytest.fixture(scope="module")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(DATA / "apistrat.csv")


def _replicate_frame(apistrat: pd.DataFrame) -> pd.DataFrame:
    rep = sk.Design(apistrat, weights="pw", strata="stype").to_replicate(type="JKn").replicate_weights
    return pd.concat([apistrat, rep.iloc[:, :20].add_prefix("r")], axis=1)


@pytest.mark.parametrize("role", ["fpc", "probs"])
def test_an_fpc_or_probs_of_text_is_refused_as_weights_of_text_are(apistrat, role):
    x = apistrat.assign(p=1 / apistrat["pw"])
    column = "fpc" if role == "fpc" else "p"
    text = x.assign(**{column: x[column].astype(str)})
    args = {"weights": "pw"} if role == "fpc" else {}
    with pytest.raises(sk.DesignError, match=rf"Design: {role} column '{column}' is not numeric \(.*\); .* must be "
                                             rf"numbers.*df\['{column}'\] = pd.to_numeric\(df\['{column}'\]\)"):
        sk.Design(text, strata="stype", **{role: column}, **args)
    with pytest.raises(sk.DesignError, match=r"Design: weights column 'pw' is not numeric"):
        sk.Design(x.assign(pw=x["pw"].astype(str)), weights="pw", strata="stype")
    numbers = sk.Design(x.assign(**{column: x[column].astype("Int64" if role == "fpc" else "Float64")}),
                        strata="stype", **{role: column}, **args)
    assert numbers.degf == 197


@pytest.mark.parametrize(("given", "shown"), [({"mse": True}, "mse="), ({"combined_weights": False}, "combined_weights="),
                                              ({"scale": 0.5, "mse": True}, "scale=, mse=")])
def test_replicate_arguments_without_replicates_are_refused(apistrat, given, shown):
    with pytest.raises(sk.DesignError, match=rf"replicate_type, scale, rscales, rho, mse and combined_weights describe "
                                             rf"replicate weights, and this design has none \(given: {shown}\)"):
        sk.Design(apistrat, weights="pw", strata="stype", **given)


@pytest.mark.parametrize(("given", "shown"), [({"lonely_psu": "adjust"}, "lonely_psu='adjust' is"),
                                              ({"nest": True}, "nest=True is"),
                                              ({"nest": True, "lonely_psu": "remove"},
                                               "nest=True and lonely_psu='remove' are")])
def test_taylor_options_on_a_replicate_design_are_refused(apistrat, given, shown):
    frame = _replicate_frame(apistrat)
    with pytest.raises(sk.DesignError, match=rf"Design: {shown} about strata and clusters, which a replicate "
                                             "design has none of.*would be ignored"):
        sk.Design(frame, weights="pw", repweights="^rrep", replicate_type="JKn", rscales=np.ones(20), **given)
    sk.Design(frame, weights="pw", repweights="^rrep", replicate_type="JKn", rscales=np.ones(20),
              lonely_psu="fail", nest=False)  # the defaults, said out loud, are fine


def test_a_subset_mask_of_integers_other_than_0_and_1_is_refused(apistrat):
    d = sk.Design(apistrat, weights="pw", strata="stype")
    two = np.where(apistrat["stype"] == "E", 2, 0)
    for mask in (two, pd.Series(two, index=apistrat.index)):
        with pytest.raises(sk.DesignError, match=r"subset: the mask must be True/False \(or 1/0\) per row; it "
                                                 "holds 2, 0"):
            d.subset(mask)
    ones = sk.mean(d.subset((two > 0).astype(int)), ["api00"])
    assert ones["n"].iloc[0] == int((apistrat["stype"] == "E").sum())
