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
from surveykit.errors import DataError, DesignError, SurveykitWarning

HERE = Path(__file__).resolve().parent
R = json.loads((HERE / "data" / "r-apitrust" / "apitrust.json").read_text(encoding="utf-8"))
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


def test_psus_not_nested_in_strata_are_named_by_their_id_and_strata():
    """The message said 'PSU code 0 is in several strata': an internal code. R: 'Clusters not
    nested in strata at top level; you may want nest=TRUE'."""
    df = pd.read_csv(HERE / "data" / "r-survey" / "data" / "apiclus2.csv")
    with pytest.raises(DesignError, match=r"PSUs of 'dnum' are not nested in strata \['stype'\]: PSU "
                                          r"dnum=83 is in 2 strata \(stype='E' \(row 2\); stype='M' "
                                          r"\(row 3\)\); 23 PSUs are in more than one stratum\. Use nest=True") as e:
        sk.Design(df, ids="dnum", strata="stype", weights="pw")
    assert "code" not in str(e.value)
    assert int((df.loc[[2, 3], "dnum"] == 83).sum()) == 2


def test_chisq_by_names_the_group_that_fails():
    df = _apistrat()
    df["yn"] = df["sch.wide"].where(df["stype"] != "H", "Yes")  # one answer among high schools
    df["kind"] = df["stype"].map({"E": "elementary", "H": "high", "M": "middle"})
    d = _design(df)
    with pytest.raises(DataError, match=r"chisq: in the group kind='high': 'yn' has 1 level\(s\) "
                                                  r"with respondents \(\['Yes'\]\).*Leave that group out"):
        sk.chisq(d, "yn", "awards", by="kind")
    with pytest.raises(DataError, match=r"in the group kind='elementary', both='No': 'awards'"):
        sk.chisq(d, "yn", "awards", by=["kind", "both"])
    ok = sk.chisq(d.subset(df["stype"] != "H"), "yn", "awards", by="kind")
    assert ok["kind"].tolist() == ["elementary", "middle"]


def _fixed_share(how: str) -> sk.Design:
    """The share of sch.wide == 'Yes' fixed by the weighting (5122 of 6194 schools)."""
    df = _apistrat()
    d = _design(df)
    if how == "poststratify":
        d = sk.poststratify(d, "sch.wide", {"No": 1072, "Yes": 5122})
    else:  # round-off leaves a variance of 1e-18: effective n 2e17
        d = sk.calibrate(d, "~sch.wide", {"(Intercept)": 6194, "sch.wideYes": 5122})
    return d.with_columns(yes=df["sch.wide"] == "Yes")


@pytest.mark.parametrize("how", ["poststratify", "calibrate"])
def test_likelihood_interval_of_a_share_the_weighting_fixed_is_refused(how):
    """R's svyciprop(method = 'likelihood') fails on a share the weighting fixed; surveykit gave
    an interval of width 1e-9 that left out its own estimate (effective n 3.5e17)."""
    assert R["calibrated_share"]["ci"]["likelihood"].startswith("error")
    with pytest.raises(DesignError, match=r"proportion: the share of 'yes' = 'True' \(0\.8269292864\) has "
                                          r"variance zero up to round-off \(effective n (infinite|[0-9.]+e\+1[5-9]) "
                                          r"for 200 respondents\).*likelihood interval is undefined.*method='logit'"):
        sk.proportion(_fixed_share(how), "yes", method="likelihood")


def test_other_intervals_of_a_share_the_weighting_fixed_are_rs():
    """R: logit, mean, asin, xlogit give the interval [p, p]; beta NaN (its effective n is
    infinite)."""
    d = _fixed_share("poststratify")
    for method, want in R["calibrated_share"]["ci"].items():
        if method == "likelihood":
            continue
        got = sk.proportion(d, "yes", method=method).iloc[0]
        # R's logit estimate is its glm's fitted share (glm's 1e-8 convergence: 7e-10 off the mean)
        rel = 1e-8 if method == "logit" else 1e-13
        assert got["estimate"] == pytest.approx(want[0], rel=rel)
        if method == "beta":
            assert want[1] == want[2] == "NaN" and np.isnan(got["conf_low"]) and np.isnan(got["conf_high"])
        else:
            assert [got["conf_low"], got["conf_high"]] == pytest.approx(want[1:3], rel=rel)
        assert got["std_error"] == pytest.approx(0, abs=1e-15)
    grouped = sk.proportion(d, "yes", by="stype", method="likelihood")  # not fixed within stype
    assert len(grouped) == 3 and (grouped["conf_low"] < grouped["estimate"]).all()


@pytest.mark.parametrize(("scale", "key"), [(1.0, "weights"), (100.0, "weights_x100")])
def test_shahvaish_warns_that_its_quantiles_depend_on_the_weights_scale(scale, key):
    """R's survey:::qrule_shahvaish subtracts w/2 where w/mean(w)/2 is meant: weights x100 make
    every quantile the maximum (868). surveykit keeps R's numbers and says so."""
    df = _apistrat().assign(w=lambda f: f["pw"] * scale)
    d = sk.Design(df, weights="w", strata="stype", fpc="fpc")
    with pytest.warns(SurveykitWarning,
                      match=r"qrule='shahvaish' of 'api00' gives R's numbers .* change with the scale of the "
                            r"weights.*scaled to mean 1 .* gives 559, 667, 756"):
        got = sk.quantile(d, "api00", q=[0.25, 0.5, 0.75], qrule="shahvaish")
    assert got["estimate"].tolist() == R["shahvaish"][key]
    unit = sk.Design(df.assign(w=df["w"] / df["w"].mean()), weights="w", strata="stype", fpc="fpc")
    with warnings.catch_warnings():  # weights of mean 1: the rule as meant, no warning
        warnings.simplefilter("error")
        same = sk.quantile(unit, "api00", q=[0.25, 0.5, 0.75], qrule="shahvaish")
    assert same["estimate"].tolist() == R["shahvaish"]["weights_mean1"]
