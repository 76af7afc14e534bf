"""chisq leaves out a level no respondent of the table has (a documented departure from R).

References: tests/data/r-chile/chisq_unused.json, written by chisq_unused.R there (carData's
Chile survey; vote with a fifth level no one gave). R's svychisq keeps the empty level and gives
F = NaN, p = NA; surveykit gives R's test of the table without it (R after droplevels).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

HERE = Path(__file__).parent / "data" / "r-chile"
REF = json.loads((HERE / "chisq_unused.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("statistic", ["F", "Chisq"])
def test_unused_level_left_out_as_r_droplevels(statistic):
    df = pd.read_csv(HERE / "chile.csv")
    df["vote5"] = pd.Categorical(df["vote"], ["A", "N", "U", "Y", "X"])
    d = sk.Design(df, weights="w", strata="region", ids="population", nest=True, lonely_psu="adjust")
    r_unused, r_dropped = REF[f"unused_{statistic}"], REF[f"dropped_{statistic}"]
    assert r_unused["statistic"] == r_unused["p"] == "NaN"
    got = sk.chisq(d, "sex", "vote5", statistic=statistic).iloc[0]
    assert got["statistic"] == pytest.approx(r_dropped["statistic"], rel=1e-10)
    assert got["p_value"] == pytest.approx(r_dropped["p"], rel=1e-8)
    if statistic == "F":
        assert [got["df_num"], got["df"]] == pytest.approx(r_dropped["parameter"], rel=1e-10)
    else:
        assert got["df"] == r_dropped["parameter"]


def test_a_level_whose_respondents_all_lack_the_other_answer_is_left_out_too():
    # 'O' is given only by respondents without a vote: the table's column of it is empty, its
    # statistic was 0/0 (NaN with numpy's "invalid value encountered in divide"; sk.table by a
    # wave that did not ask the question met it). Without it the table is R's ~sex + vote.
    df = pd.read_csv(HERE / "chile.csv")
    assert df["vote"].isna().sum() > 0
    df.loc[df["vote"].isna(), "sex"] = "O"
    d = sk.Design(df, weights="w", strata="region", ids="population", nest=True, lonely_psu="adjust")
    ref = REF["dropped_F"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        got = sk.chisq(d, "sex", "vote").iloc[0]
    assert got["statistic"] == pytest.approx(ref["statistic"], rel=1e-10)
    assert got["p_value"] == pytest.approx(ref["p"], rel=1e-8)


def test_a_variable_with_one_level_among_the_rows_with_both_answers_is_refused():
    # a question asked in one wave only, against the wave: no test of association, said so
    df = pd.read_csv(HERE / "chile.csv")
    df["wave"] = np.where(df["vote"].isna(), "w1", "w2")
    d = sk.Design(df, weights="w", strata="region", ids="population", nest=True, lonely_psu="adjust")
    with pytest.raises(sk.DataError, match="'wave' has 1 level"):
        sk.chisq(d, "vote", "wave")
