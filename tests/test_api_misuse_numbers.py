"""A newcomer's calls that gave a number that looked right but was not (round "misuse"): each is
now R's number or a clear error. R's numbers: tests/data/r-misuse (misuse.R, PROVENANCE.md)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError, DesignError, SurveykitWarning

HERE = Path(__file__).parent / "data"
R = json.loads((HERE / "r-misuse" / "misuse.json").read_text())


def _apistrat() -> sk.Design:
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    df["x"] = np.clip(df["api00"] // 150 - 1, 1, 5)  # a 1-5 item held as numbers (R: misuse.R)
    return sk.Design(df, weights="pw", strata="stype", fpc="fpc")


def test_codes_score_a_numeric_item_as_they_score_a_categorical_one():
    """score(codes=) reversing a 1-5 item held as numbers gave the unreversed mean (2.90 for R's
    3.10): the codes were read for categorical items only and dropped silently for numbers."""
    d = _apistrat()
    reverse = {k: 6 - k for k in range(1, 6)}
    r = R["reversed"]
    got = sk.score(d, "x", codes=reverse)
    assert got["estimate"].to_numpy() == pytest.approx(r["estimate"], rel=1e-12)
    assert got["std_error"].to_numpy() == pytest.approx(r["se"], rel=1e-9)
    by = sk.score(d, "x", codes=reverse, by="stype")
    assert by["estimate"].to_numpy() == pytest.approx(r["by_estimate"], rel=1e-12)
    assert by["std_error"].to_numpy() == pytest.approx(r["by_se"], rel=1e-9)
    scored = sk.mean(sk.with_scores(d, "x", codes=reverse), "x_score")
    assert scored["estimate"].to_numpy() == pytest.approx(r["estimate"], rel=1e-12)
    # (3.0974 - 1) / (5 - 1) * 100: the top of the scale is the largest code
    assert sk.score(d, "x", codes=reverse, to_100=True)["estimate"].iloc[0] == pytest.approx(
        (r["estimate"][0] - 1) / 4 * 100, rel=1e-12)


def test_codes_without_a_score_for_every_number_answered_are_refused():
    d = _apistrat()
    with pytest.raises(DataError, match=r"codes= has no score for the value\(s\) 4 ×46 of 'x'"):
        sk.score(d, "x", codes={1: 3, 2: 2, 3: 1})
    with pytest.raises(DataError, match=r"keys \['1', '2', '3', '4', '5'\] are text"):
        sk.with_scores(d, "x", codes={str(k): 6 - k for k in range(1, 6)})


def _jk_factors() -> pd.DataFrame:
    return pd.read_csv(HERE / "r-misuse" / "jk_factors.csv")


def test_replicate_factors_given_as_weights_are_warned_of():
    """Jackknife factors (0 and 10/9) of weights between 1 and 3, given as replicate weights (the
    default combined_weights=True): the SE of the mean was 1.2191 for R's 1.0699 (of the factors,
    combined.weights=FALSE), with no word; R's fivefold test of the means never fires for weights
    near 1. Both totals are now compared: factors add up to the number of rows."""
    df = _jk_factors()
    cols = [f"f{r}" for r in range(1, 11)]
    with pytest.warns(SurveykitWarning, match=r"add up to 60 on average, about the number of rows \(60\).*"
                                              r"pass combined_weights=False"):
        sk.Design(df, weights="w", repweights=cols, replicate_type="JK1", scale=0.9)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        right = sk.Design(df, weights="w", repweights=cols, replicate_type="JK1", scale=0.9,
                          combined_weights=False)
    r = R["factors"]
    m, t = sk.mean(right, "y"), sk.total(right, "y")
    assert m["estimate"].iloc[0] == pytest.approx(r["mean"][0], rel=1e-12)
    assert m["std_error"].iloc[0] == pytest.approx(r["mean_se"][0], rel=1e-9)
    assert t["estimate"].iloc[0] == pytest.approx(r["total"][0], rel=1e-12)
    assert t["std_error"].iloc[0] == pytest.approx(r["total_se"][0], rel=1e-9)


def test_replicate_weights_given_as_factors_are_warned_of():
    """The other way round: weights given with combined_weights=False gave an SE of 1.0097 for
    R's 1.0699, with no word."""
    df = _jk_factors()
    cols = [f"f{r}" for r in range(1, 11)]
    weighted = df.assign(**{c: df[c] * df["w"] for c in cols})
    with pytest.warns(SurveykitWarning, match=r"about the full-sample weights' total.*leave out "
                                              r"combined_weights=False"):
        sk.Design(weighted, weights="w", repweights=cols, replicate_type="JK1", scale=0.9,
                  combined_weights=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        right = sk.Design(weighted, weights="w", repweights=cols, replicate_type="JK1", scale=0.9)
    assert sk.mean(right, "y")["std_error"].iloc[0] == pytest.approx(R["factors"]["mean_se"][0], rel=1e-9)


def test_cronbach_alpha_warns_of_an_item_that_points_the_other_way():
    """alpha of api00, api99 and meals (the share of free meals, which falls as the scores rise:
    a reversed item) was 0.545 with no word; psych's alpha warns of such an item. The warning
    names it and its item-rest correlation (item_rest's number), per group where only a group
    has it; items that agree give no warning."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    r = sk.item_rest(d, ["api00", "api99", "meals"]).set_index("variable")["estimate"]
    assert r["meals"] == pytest.approx(-0.834, abs=1e-3)
    with pytest.warns(SurveykitWarning, match=r"'meals' \(r = -0\.83\) correlates negatively.*reverse its"):
        sk.cronbach_alpha(d, ["api00", "api99", "meals"])
    one = d.with_columns(m2=np.where(df["stype"] == "E", -df["meals"], df["meals"]))
    with pytest.warns(SurveykitWarning, match=r"'m2' \(r = -0\.\d\d in stype == 'H'\)"):
        sk.cronbach_alpha(one, ["api00", "api99", "m2"], by="stype")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        sk.cronbach_alpha(d.with_columns(m=-df["meals"]), ["api00", "api99", "m"])


def test_a_table_refuses_top_without_stat_topbox_and_kish_takes_a_design():
    """sk.table(d, item, top=(4, 5)) without stat='topbox' showed every answer's share, top=
    quietly left out; sk.kish_n_eff(design) was a TypeError about float()."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    for stat in ("share", "mean"):
        with pytest.raises(DataError, match=rf"top= is for stat='topbox', and stat='{stat}' would leave it out"):
            sk.table(d, "sch.wide", stat=stat, top=("Yes",), test=False)
    w = df["pw"].to_numpy()
    assert sk.kish_n_eff(d) == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-12)
    assert sk.kish_n_eff(d) == pytest.approx(168.58133128, rel=1e-9)  # (sum pw)^2 / sum pw^2 of apistrat


def test_a_spline_on_rows_missing_a_value_and_lag_are_refused_not_fitted_otherwise():
    """y2 ~ bs(ell, df = 5) with 40 responses missing gave 750.87, 48.34, ... for R's 749.04,
    51.55, ... (R takes the knots from every row, then drops the missing ones; surveykit took
    them from the rows kept); api00 ~ lag(ell) gave a slope of -0.256 for R's -3.729 (formulaic's
    lag shifts the rows, R's leaves the column as it is). A spline on complete rows is R's."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    df["y2"] = df["api00"].astype(float)
    df.loc[:39, "y2"] = np.nan
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    full = sk.regress(d, "api00 ~ bs(ell, df = 5)")
    assert full["estimate"].to_numpy() == pytest.approx(R["bs"]["coef"], rel=1e-8)
    with pytest.raises(DataError, match=r"has bs\(ell, df = 5\), whose values R computes from every row.*"
                                        r"uses 160 of the 200 rows"):
        sk.regress(d, "y2 ~ bs(ell, df = 5)")
    with pytest.raises(DataError, match=r"R's lag\(\) leaves a column's values as they are"):
        sk.regress(d, "api00 ~ lag(ell)")
    same = sk.regress(d, "api00 ~ ell")  # what R's lag(ell) fits
    assert same["estimate"].to_numpy() == pytest.approx(R["lag"]["coef"], rel=1e-10)
    assert same["std_error"].to_numpy() == pytest.approx(R["lag"]["se"], rel=1e-9)


@pytest.mark.parametrize("column, values", [
    ("pw", lambda df: np.where(df["stype"] == "E", df["pw"] * 2, df["pw"])),
    ("stype", lambda df: "E"),
    ("fpc", lambda df: df["fpc"] * 10),
])
def test_with_columns_refuses_new_values_of_a_column_the_design_was_built_from(column, values):
    """d.with_columns(pw=...) doubling the weights of one stratum gave the mean of the old
    weights, 662.29 (R's svymean of the original design), as if reweighted: the design keeps the
    weights, strata and fpc it was built from, and R's update() changes the data only. The same
    values again (a round trip of design.data) are taken."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DesignError, match=rf"'{column}' is the design's \w+ column.*not one estimate"):
        d.with_columns(**{column: values(df)})
    same = d.with_columns(**{c: d.data[c] for c in ("pw", "stype", "fpc")}, x=1.0)
    assert sk.mean(same, "api00")["estimate"].iloc[0] == pytest.approx(662.287363, rel=1e-8)


def test_with_columns_refuses_new_replicate_weights():
    df = _jk_factors()
    cols = [f"f{r}" for r in range(1, 11)]
    d = sk.Design(df, weights="w", repweights=cols, replicate_type="JK1", scale=0.9, combined_weights=False)
    with pytest.raises(DesignError, match=r"'f1' is the design's replicate weights column"):
        d.with_columns(f1=df["f1"] * df["w"])


def test_an_r_formula_where_a_column_name_belongs_says_the_names():
    """svymean(~api00) and svyby(..., ~stype + sch.wide) written as R writes them were refused
    as misspelt columns, the message listing every column."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DesignError, match=r"'~api00' is an R formula; .* names themselves: 'api00'\.$"):
        sk.mean(d, "~api00")
    with pytest.raises(DesignError, match=r"by: '~stype \+ sch.wide' is an R formula; .*\['stype', 'sch.wide'\]"):
        sk.mean(d, "api00", by="~stype + sch.wide")


@pytest.mark.parametrize("call", [
    lambda d: sk.poststratify(d, "stype", {"E": 0.7137, "H": 0.1219, "M": 0.1644}),
    lambda d: sk.rake(d, [pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [71.37, 12.19, 16.44]})]),
    lambda d: sk.calibrate(d, "~stype", {"(Intercept)": 1, "stypeH": 0.1219, "stypeM": 0.1644}),
])
def test_weighting_to_shares_instead_of_counts_is_warned_of(call):
    """apistrat post-stratified to the shares of the school types (0.7137, ...) gave a total
    enrollment of 595 (as R's postStratify, silently) where the counts give R's 3,687,178; to
    percentages 59,531. No population is smaller than its sample. Means stay right."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with pytest.warns(SurveykitWarning, match=r"population total of .* is (1|100), below the 200 respondents.*shares or"):
        weighted = call(d)
    counted = sk.poststratify(d, "stype", {"E": 4421, "H": 755, "M": 1018})
    assert sk.mean(weighted, "api00")["estimate"].iloc[0] == pytest.approx(
        sk.mean(counted, "api00")["estimate"].iloc[0], rel=1e-3)


def test_a_design_without_weights_on_data_holding_them_is_warned_of():
    """sk.Design(apistrat) forgetting weights='pw' gave the sample's mean api00, 652.82, for the
    weighted 662.29, with no word (R's svydesign warns of every design without weights)."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    with pytest.warns(SurveykitWarning, match=r"no weights= .* a column 'pw' named as weights are.*weights='pw'"):
        d = sk.Design(df)
    assert sk.mean(d, "api00")["estimate"].iloc[0] == pytest.approx(df["api00"].mean(), rel=1e-12)
    with pytest.warns(SurveykitWarning, match=r"columns 'finalWeight', 'vekt'"):
        sk.Design(df.rename(columns={"pw": "finalWeight"}).assign(vekt=df["pw"] * 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        sk.Design(df, weights="pw")
        sk.Design(df, strata="stype", fpc="fpc")  # weights from the fpc, as R's
        sk.Design(df.drop(columns="pw").assign(bwt=df["api00"], weight_kg=0.0, wt=1.0))


@pytest.mark.parametrize("method", ["logit", "beta"])
def test_the_share_of_0_of_a_0_1_column_is_r_s_svyciprop_of_x_equal_0(method):
    """proportion(d, 'yr', level=0) on a 0/1 column was refused, saying its levels are ['1'],
    though 0 is a value of it (and False of a flag): it is now the share of 0, as R's
    svyciprop(~I(yr == 0))."""
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    df["yr"] = (df["yr.rnd"] == "Yes").astype(int)
    d = sk.Design(df.assign(flag=df["yr"] == 1), weights="pw", strata="stype", fpc="fpc")
    r = R[f"zero_{method}"]
    for variable, level in (("yr", 0), ("flag", False)):
        got = sk.proportion(d, variable, level=level, method=method)
        assert got["level"].tolist() == [str(level)]
        assert got["estimate"].iloc[0] == pytest.approx(r["estimate"][0], rel=1e-9)
        assert got["std_error"].iloc[0] == pytest.approx(r["se"][0], rel=1e-9)
        assert [got["conf_low"].iloc[0], got["conf_high"].iloc[0]] == pytest.approx(r["ci"], rel=1e-8)


def test_a_jkn_design_given_a_scale_below_1_is_warned_of():
    """JKn factors with scale=0.9 (JK1's (n-1)/n, carried over) and rscales guessed as R does
    (1/max = 0.9): R's and surveykit's SE is 1.01496, sqrt(0.9) times the 1.06986 of the
    jackknife, with no word; (n-1)/n was counted twice."""
    df = _jk_factors()
    cols = [f"f{r}" for r in range(1, 11)]
    with pytest.warns(SurveykitWarning, match=r"'JKn' with scale=0.9: .* counts it twice"):
        d = sk.Design(df, weights="w", repweights=cols, replicate_type="JKn", scale=0.9, combined_weights=False)
    se = sk.mean(d, "y")["std_error"].iloc[0]
    assert se == pytest.approx(R["factors"]["mean_se"][0] * np.sqrt(0.9), rel=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        right = sk.Design(df, weights="w", repweights=cols, replicate_type="JKn", rscales=[0.9] * 10,
                          combined_weights=False)
    assert sk.mean(right, "y")["std_error"].iloc[0] == pytest.approx(R["factors"]["mean_se"][0], rel=1e-9)


def test_cronbach_alphas_reversal_advice_runs_on_a_likert_item():
    """The reversed-item warning suggested codes={1: 5, 2: 4, ...} for every item; on a Likert item
    (an ordered categorical of labels, the usual case) that code stops with "codes= has no score
    for level(s) ...". And the one reversed item among three pulled the others' item-rest
    correlations below 0 too, and the advice named the first column ('x', r = -0.33), not the
    reversed item ('m', r = -0.81). It now names the most negative first, gives its own levels
    mirrored, and running that code gives R's alpha of the reversed item (svycralpha,
    tests/data/r-alpha-reversed)."""
    import re

    r = json.loads((HERE / "r-alpha-reversed" / "alpha.json").read_text())
    df = pd.read_csv(HERE / "r-survey" / "data" / "apistrat.csv")
    labels = ["Svært lav", "Lav", "Middels", "Høy", "Svært høy"]
    df["x"] = np.clip(df["api00"] // 150 - 1, 1, 5)
    df["z"] = np.clip(df["api99"] // 150 - 1, 1, 5)
    codes = np.clip(df["meals"] // 20 + 1, 1, 5).astype(int)
    df["m"] = pd.Categorical.from_codes(codes - 1, labels, ordered=True)
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    numeric = d.with_columns(m_num=codes.astype(float))
    first = r"'m' \(r = -0\.81\), 'z' \(r = -0\.42\), 'x' \(r = -0\.33\) correlate negatively.*If 'm', the most negative"
    with pytest.warns(SurveykitWarning, match=first) as said:
        alpha = sk.cronbach_alpha(d, ["x", "z", "m"])["estimate"].iloc[0]
    assert alpha == pytest.approx(r["unreversed"], rel=1e-9)
    advice = re.search(r"design = sk\.with_scores\(design, \['m'\], codes=(\{.*?\})\)", str(said[0].message))
    reversed_ = sk.with_scores(d, ["m"], codes=eval(advice.group(1)))   # the code the warning gives, as written
    assert sk.cronbach_alpha(reversed_, ["x", "z", "m_score"])["estimate"].iloc[0] == pytest.approx(r["reversed"], rel=1e-9)
    with pytest.warns(SurveykitWarning, match=r"codes=\{1: 5, 2: 4, 3: 3, 4: 2, 5: 1\}\) \(the values seen") as said:
        sk.cronbach_alpha(numeric, ["x", "z", "m_num"])
