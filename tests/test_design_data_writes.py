"""Writing to ``design.data`` changed the design: a column set to 0 there made every later
estimate 0 (SE 0) without a word, and weights written there were ignored while the frame showed
them. ``design.data`` is now a copy (free under copy-on-write) that writes never reach. And
``with_columns`` with a Series of other index labels filled NaN for the unmatched rows, so the
estimates rested on half the rows: refused now, as ``subset`` refuses such a mask."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DesignError

APISTRAT = Path(__file__).parent / "data" / "r-survey" / "data" / "apistrat.csv"
R_MEAN, R_SE = 662.28736316, 9.40894080   # svymean(~api00, svydesign(~1, strata=~stype, weights=~pw, fpc=~fpc))


def _design():
    return sk.Design(pd.read_csv(APISTRAT), weights="pw", strata="stype", fpc="fpc")


def test_writing_to_design_data_does_not_change_the_design():
    d = _design()
    with pytest.warns(Warning, match="chained assignment"):   # pandas says the write does nothing
        d.data["api00"] = 0
    data = d.data
    data["pw"] = data["pw"] * 2
    data.loc[data.index[:50], "api00"] = -1.0
    got = sk.mean(d, "api00").iloc[0]
    assert abs(got["estimate"] - R_MEAN) < 1e-6 and abs(got["std_error"] - R_SE) < 1e-6
    assert len(d.data) == 200 and (d.data["api00"] != 0).all()


def test_with_columns_refuses_a_series_of_other_labels_and_aligns_a_reordered_one():
    d, st = _design(), pd.read_csv(APISTRAT)
    shifted = st["api00"].copy()
    shifted.index += 100
    with pytest.raises(DesignError, match=r"with_columns: column 'y' is a Series whose index does not match"):
        d.with_columns(y=shifted)
    shuffled = st["api00"].sample(frac=1, random_state=3)   # the same labels in another order: by label
    assert abs(sk.mean(d.with_columns(y=shuffled), "y").iloc[0]["estimate"] - R_MEAN) < 1e-6
    assert abs(sk.mean(d.with_columns(y=shifted.to_numpy()), "y").iloc[0]["estimate"] - R_MEAN) < 1e-6


def test_the_other_type_warning_names_only_what_was_defaulted():
    import numpy as np

    df = pd.DataFrame({"y": np.arange(10.0), "w": 1.0,
                       **{f"r{i}": np.random.default_rng(i).uniform(0.5, 1.5, 10) for i in range(4)}})
    with pytest.warns(Warning, match=r"replicate_type='other' without rscales=: taking 1 for it \(as R\); "
                                     r"the scale= given is used"):
        sk.Design(df, weights="w", repweights="^r[0-9]$", replicate_type="other", scale=0.1)
