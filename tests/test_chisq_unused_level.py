"""chisq leaves out a level no respondent of the table has (a documented departure from R).

References: tests/data/r-chile/chisq_unused.json, written by chisq_unused.R there (carData's
Chile survey; vote with a fifth level no one gave). R's svychisq keeps the empty level and gives
F = NaN, p = NA; surveykit gives R's test of the table without it (R after droplevels).
"""

from __future__ import annotations

import json
from pathlib import Path

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
