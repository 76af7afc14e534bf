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


POP = {"(Intercept)": 6194, "stypeH": 755, "stypeM": 1018, "api99": 3914069}
POP_NO_INTERCEPT = {"stypeE": 4421, "stypeH": 755, "stypeM": 1018, "api99": 3914069}


def test_calibrate_refuses_population_totals_the_formula_does_not_use():
    """R warns 'Sample and population totals reordered to make names agree'; surveykit ignored
    the extra total silently."""
    assert "reordered" in R["extra_total_warning"]
    d = _design(_apistrat())
    with pytest.raises(DesignError, match=r"calibrate: population totals given for \['foo'\], which "
                                          r"name no column.*\['\(Intercept\)', 'stypeH', 'stypeM', 'api99'\]"):
        sk.calibrate(d, "~stype+api99", {**POP, "foo": 1})
    assert _mean(sk.calibrate(d, "~stype+api99", POP)) == pytest.approx(R["calibrate_intercept"]["mean"], rel=1e-10)


@pytest.mark.parametrize("formula", ["~stype+api99-1", "~stype + api99 - 1", "~0+stype+api99",
                                     "~ -1 + stype + api99", "~api99+stype-1"])
def test_calibrate_without_intercept_as_r(formula):
    """'- 1' was read as part of a variable name ('api99-1' not in the design's data); R drops the
    intercept and gives the first factor a column per level."""
    d = _design(_apistrat())
    want = R["calibrate_no_intercept"]
    cal = sk.calibrate(d, formula, POP_NO_INTERCEPT)
    assert _mean(cal) == pytest.approx(want["mean"], rel=1e-10)
    assert _mean(cal) == pytest.approx(R["calibrate_zero"]["mean"], rel=1e-10)
    np.testing.assert_allclose(cal.weights, want["weights"], rtol=1e-10)
    with pytest.raises(DesignError, match=r"population totals missing for \['stypeE'\]"):
        sk.calibrate(d, formula, POP)


@pytest.mark.parametrize(("formula", "message"), [
    ("~stype+api99-api99", r"removes 'api99' with '-'; only '- 1'"),
    ("~stype*sch.wide-1", r"no intercept and an interaction"),
])
def test_calibrate_refuses_formulas_it_cannot_read_as_r(formula, message):
    with pytest.raises(DesignError, match=message):
        sk.calibrate(_design(_apistrat()), formula, POP_NO_INTERCEPT)


@pytest.mark.parametrize("population", [
    {"E": 4421, "H": 755, "M": 1018},
    {"stype": {"E": 4421, "H": 755, "M": 1018}},
    pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [4421, 755, 1018]}),
])
def test_poststratify_takes_level_totals_as_a_mapping(population):
    """{level: total} for the one post-stratification variable was refused although the
    signature takes a Mapping; the numbers are R's postStratify's whichever form is given."""
    want = R["poststratify_stype"]
    ps = sk.poststratify(_design(_apistrat()), "stype", population)
    assert _mean(ps) == pytest.approx(want["mean"], rel=1e-12)
    np.testing.assert_allclose(ps.weights, want["weights"], rtol=1e-12)


def test_poststratify_refuses_level_totals_for_several_variables():
    with pytest.raises(DesignError, match=r"\{level: total\} is for one variable, strata are \['stype', 'sch.wide'\]"):
        sk.poststratify(_design(_apistrat()), ["stype", "sch.wide"], {"E": 4421, "H": 755, "M": 1018})
