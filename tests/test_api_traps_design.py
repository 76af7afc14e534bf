"""API traps of the design, the weighting steps and the estimators that gave a plausible wrong
answer (or a raw error): each is now R's number or a clear surveykit error. R references:
tests/data/r-apitrust/ (apitrust.R, its output apitrust.json, PROVENANCE.md)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DesignError

HERE = Path(__file__).resolve().parent
R = json.loads((HERE / "data" / "r-apitrust" / "apitrust.json").read_text())
APISTRAT = HERE / "data" / "r-survey" / "data" / "apistrat.csv"


def _apistrat() -> pd.DataFrame:
    return pd.read_csv(APISTRAT)


def _design(df: pd.DataFrame) -> sk.Design:
    return sk.Design(df, weights="pw", strata="stype", fpc="fpc")


def _mean(design: sk.Design, variable: str = "api00") -> list[float]:
    return sk.mean(design, variable)[["estimate", "std_error"]].iloc[0].tolist()


@pytest.mark.parametrize("change", ["sort", "rescale", "drop"])
def test_the_design_keeps_its_data_when_the_callers_frame_changes(change):
    """R's svydesign copies its data; the design read the caller's frame live (weights and strata
    were copied), so sorting it in place gave another mean, rescaling a column a mean of 6.62 and
    dropping rows a raw broadcast error."""
    df = _apistrat()
    d = _design(df)
    with warnings.catch_warnings():  # pandas 3.1 deprecates inplace=
        warnings.simplefilter("ignore")
        if change == "sort":
            df.sort_values("api00", inplace=True)
        elif change == "rescale":
            df["api00"] = df["api00"] / 100
        else:
            df.drop(index=range(10), inplace=True)
    assert _mean(d) == pytest.approx(R["mean_api00"], rel=1e-12)
    assert d.n == 200 and d.data["api00"].iloc[0] == _apistrat()["api00"].iloc[0]


@pytest.mark.parametrize("q", [[float("nan")], float("nan"), [0.5, np.nan], [True], True,
                               np.array([False, True]), ["0.5"]])
def test_quantile_refuses_a_q_that_is_no_probability(q):
    """R's svyquantile fails on NaN; surveykit gave the maximum with SE 0 for NaN and took True
    as the quantile 1 (False as 0)."""
    assert "missing value" in R["quantile_nan"]
    d = _design(_apistrat())
    with pytest.raises(DesignError, match=r"quantile: q holds (NaN|True|False|'0\.5').*within \[0, 1\]"):
        sk.quantile(d, "api00", q=q)
    assert sk.quantile(d, "api00", q=[np.float32(0.5), 1])["level"].tolist() == ["0.5", "1"]


@pytest.mark.parametrize("waves", [("2022.9", "2022.10"), ("v1.9", "v1.10"), ("2022.1", "2022.10")])
def test_change_refuses_waves_whose_order_depends_on_reading_the_dot(waves):
    """'2022.9'/'2022.10' were read as decimals (2022.10 the earlier: the sign flipped for a
    year.month), 'v1.9'/'v1.10' as versions: the text does not say the order, so it is refused
    with the ways to give it; either way of giving it works."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"y": np.r_[rng.normal(0, 1, 30), rng.normal(1, 1, 30)],
                       "wave": [waves[0]] * 30 + [waves[1]] * 30})
    d = sk.Design(df)
    with pytest.raises(DesignError, match=r"change: wave='wave' has the waves .* order depends on how "
                                          r"the dot is read.*levels=\(earlier, later\).*ordered pandas Categorical"):
        sk.change(d, "y")
    given = sk.change(d, "y", levels=waves)
    ordered = sk.change(sk.Design(df.assign(wave=pd.Categorical(df["wave"], categories=list(waves),
                                                                ordered=True))), "y")
    for res in (given, ordered):
        assert res["contrast_from"].item() == waves[0] and res["contrast_to"].item() == waves[1]
        assert res["estimate"].item() == pytest.approx(df.y[30:].mean() - df.y[:30].mean(), rel=1e-12)


@pytest.mark.parametrize("waves", [("2022.09", "2022.10"), ("2022.1", "2022.11"), ("Runde 9", "Runde 10")])
def test_change_keeps_the_order_of_waves_that_say_it(waves):
    df = pd.DataFrame({"y": np.arange(40.0), "wave": [waves[1]] * 20 + [waves[0]] * 20})
    res = sk.change(sk.Design(df), "y")
    assert (res["contrast_from"].item(), res["contrast_to"].item()) == waves
