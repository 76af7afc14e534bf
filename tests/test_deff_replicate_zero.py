"""deff on a replicate design whose data give rows weight 0: the respondents' SRS variance.

References: tests/data/r-deff/replicate_zero.json, written by replicate_zero.R there (mlmRev's
Exam, 32 strata of two schools, BRR from as.svrepdesign, one school of weight 0). R's
svymean.svyrep.design divides the SRS variance by every row of the design (its deff is 8.842
here), its Taylor svymean by the rows of weight above 0; surveykit counts the respondents on both
(a documented departure): R's own deff once the rows of weight 0 are dropped, which changes no
replicate estimate (8.647).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data"
REF = json.loads((DATA / "r-deff" / "replicate_zero.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    d = pd.read_csv(DATA / "r-exam" / "exam.csv")
    d = d[d["school"] <= 64].reset_index(drop=True)
    d["pair"] = (d["school"] + 1) // 2
    d.loc[d["school"] == 7, "pw"] = 0.0
    return d


def test_replicate_deff_counts_respondents(data):
    assert len(data) == REF["rows"] and (data["pw"] == 0).sum() == REF["rows_weight_zero"]
    taylor = sk.Design(data, ids="school", strata="pair", weights="pw")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # BRR's "replicate weights from a Hadamard matrix" note
        rep = taylor.to_replicate(type="BRR")
    got = sk.mean(rep, "normexam")
    np.testing.assert_allclose(got["estimate"][0], REF["mean"], rtol=1e-10)
    np.testing.assert_allclose(got["std_error"][0], REF["se"], rtol=1e-9)
    np.testing.assert_allclose(got["deff"][0], REF["deff_respondents"], rtol=1e-9)
    assert abs(got["deff"][0] / REF["deff_r_rows"] - 1) > 0.02  # R's rows-of-weight-0 deff
    by = sk.mean(rep, "normexam", by="sex")
    np.testing.assert_allclose(by["deff"], REF["by_sex_deff_respondents"], rtol=1e-9)
    np.testing.assert_allclose(by["std_error"], REF["by_sex_se"], rtol=1e-9)
    np.testing.assert_allclose(sk.mean(taylor, "normexam")["deff"][0], REF["deff_taylor"], rtol=1e-9)
