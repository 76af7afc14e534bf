"""Mistakes an analyst makes with the Python API in a notebook (weights as text with decimal
commas or as inclusion probabilities, several item names in one text, ...): each gives the right
answer or a surveykit error or warning that says what was wrong and what to do. Data: R's
survey `apistrat` (tests/data/r-survey/data)."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError, DesignError, SurveykitWarning

APISTRAT = Path(__file__).resolve().parent / "data" / "r-survey" / "data" / "apistrat.csv"


def _apistrat() -> pd.DataFrame:
    return pd.read_csv(APISTRAT)


def test_weights_with_a_decimal_comma_get_advice_that_converts_them():
    df = _apistrat()
    comma = df.assign(pw=df["pw"].map(lambda x: f"{x:.1f}".replace(".", ",")))  # '44,2'
    with pytest.raises(DesignError, match=r"weights column 'pw' is not numeric.*"
                       r"str\.replace\(',', '\.'\)\) \(its numbers have a decimal comma\)"):
        sk.Design(comma, weights="pw", strata="stype", fpc="fpc")
    fixed = comma.assign(pw=pd.to_numeric(comma["pw"].str.replace(",", ".")))
    assert sk.Design(fixed, weights="pw").weights[0] == pytest.approx(round(df["pw"][0], 1))
    thousands = df.assign(pw=(df["pw"] * 1000).round().astype(int).map(lambda x: f"{x:,}"))
    with pytest.raises(DesignError, match=r"decimal one, or with \.str\.replace\(',', ''\) if it "
                       r"separates thousands"):
        sk.Design(thousands, weights="pw")


def test_inclusion_probabilities_given_as_weights_are_warned_of():
    df = _apistrat()
    probs = df.assign(pw=1 / df["pw"])
    with pytest.warns(SurveykitWarning, match=r"every weight in column 'pw' is at most 1 .*"
                      r"inclusion probabilities.*pass probs='pw'"):
        sk.Design(probs, weights="pw", strata="stype", fpc="fpc")
    right = sk.Design(probs, probs="pw", strata="stype", fpc="fpc")
    want = sk.mean(sk.Design(df, weights="pw", strata="stype", fpc="fpc"), "api00")
    assert sk.mean(right, "api00")["estimate"].item() == pytest.approx(want["estimate"].item())
    with warnings.catch_warnings():  # weights above 1, 0/1 weights, or equal ones: no warning
        warnings.simplefilter("error", SurveykitWarning)  # (equal weights give the means right)
        sk.Design(df, weights="pw")
        sk.Design(df.assign(pw=(df.index % 2).astype(float)), weights="pw")
        sk.Design(df.assign(pw=0.5), weights="pw")


def test_item_names_in_one_text_are_refused_with_the_list_to_give():
    d = sk.Design(_apistrat(), weights="pw", strata="stype", fpc="fpc")
    for items in ("api00,api99", "api00, api99"):
        with pytest.raises(DesignError, match=r"mean: 'api00,? ?api99' is several column names in "
                           r"one text; give them as a list: \['api00', 'api99'\]"):
            sk.mean(d, items)
    with pytest.raises(DesignError, match=r"not in the design's data"):
        sk.mean(d, "api00,nosuch")
    assert np.isfinite(sk.mean(d, ["api00", "api99"])["estimate"]).all()


def test_top_given_as_one_label_and_the_top_box_of_a_true_false_item():
    """top="Helt enig" was read as its letters (an error listing 'H', 'e', ...), and top=(True,)
    of a boolean item was refused as "not categorical". R: svyciprop(~I(lik == "h"), d) and
    svyciprop(~yesn, d) with two NA rows, method = "logit" (R survey 4.1, run for this test)."""
    df = _apistrat()
    answers = ["Uenig", "Nøytral", "Enig", "Helt enig"]
    df["lik"] = pd.Categorical(np.array(answers)[df.index % 4], categories=answers, ordered=True)
    df.loc[[3, 8], "lik"] = np.nan
    df["yes"] = (df["sch.wide"] == "Yes").astype("boolean")
    df.loc[[7, 9], "yes"] = pd.NA
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    one = sk.topbox(d, ["lik"], top="Helt enig")
    assert one["level"].item() == "Helt enig"
    assert one[["estimate", "conf_low", "conf_high"]].to_numpy().ravel() == pytest.approx(
        [0.2411810182, 0.1826624915, 0.3113063638], abs=1e-9)
    assert sk.topbox(d, ["lik"], top=4)["estimate"].item() == one["estimate"].item()
    yes = sk.topbox(d, ["yes"], top=True)
    assert yes[["estimate", "conf_low", "conf_high"]].to_numpy().ravel() == pytest.approx(
        [0.8326973002, 0.7803611169, 0.8745671877], abs=1e-9)
    assert yes["level"].item() == "True" and yes["n"].item() == 198
    no = sk.topbox(d, ["yes"], top=(False,))
    assert no["estimate"].item() == pytest.approx(1 - yes["estimate"].item(), abs=1e-12)


def test_subset_by_a_function_and_a_mask_of_the_wrong_length_says_what_to_give():
    df = _apistrat()
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    by_function = sk.mean(d.subset(lambda data: data["stype"] == "E"), "api00")
    assert by_function["estimate"].item() == pytest.approx(674.43, abs=1e-9)
    with pytest.raises(DesignError, match=r"the mask has 3 values, the data 200 rows; give one "
                       r"True/False per row.*index\.isin"):
        d.subset([1, 2, 3])


def test_proportion_of_codes_names_them_as_numbers():
    df = _apistrat().assign(code=lambda x: (x.index % 3 + 1).astype(float))
    d = sk.Design(df, weights="pw")
    with pytest.raises(DesignError, match=r"must be 0/1 \(or boolean\); got values 2, 3\. "):
        sk.proportion(d, "code")


def test_a_keyword_slip_names_the_keyword_meant():
    """levle=0.9 or R's level=0.95 / quantiles= were Python's bare TypeError (mean() got an
    unexpected keyword argument); proportion(level=0.95) named no conf_level."""
    df = _apistrat().assign(yes=lambda x: x["sch.wide"] == "Yes")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    for slip in ("levle", "level", "conf_lvl"):
        with pytest.raises(DataError, match=rf"mean: takes no argument {slip}=; did you mean "
                           r"conf_level=\? Its arguments: variables, by, conf_level, na_rm\."):
            sk.mean(d, "api00", **{slip: 0.9})
    for slip in ("probs", "quantiles"):
        with pytest.raises(DataError, match=rf"quantile: takes no argument {slip}=; did you mean q="):
            sk.quantile(d, "api00", **{slip: [0.5]})
    with pytest.raises(DataError, match=r"topbox: takes no argument tops=; did you mean top="):
        sk.topbox(d, "yes", tops=(True,))
    with pytest.raises(DesignError, match=r"level 95 is not a level of 'yes'.*pass conf_level=0\.95"):
        sk.proportion(d, "yes", level=95)
    with pytest.raises(TypeError, match="groups"):  # a required keyword left out: Python says it
        sk.did(d, "api00", group="stype")
    assert inspect.signature(sk.mean).parameters["conf_level"].default == 0.95  # help() as before
    assert sk.mean(d, "api00", conf_level=0.9)["conf_low"].item() > sk.mean(d, "api00")["conf_low"].item()


def test_an_item_named_twice_is_refused_where_it_would_change_alpha():
    """cronbach_alpha(["a", "a", "b"]) gave a plausible higher alpha (the item agreeing with
    itself), and item_rest correlated an item with a rest holding itself."""
    df = _apistrat()
    answers = ["Uenig", "Nøytral", "Enig", "Helt enig"]
    for name, step in (("a", 1), ("b", 2), ("c", 3)):
        df[name] = pd.Categorical(np.array(answers)[(df.index // step) % 4], categories=answers,
                                  ordered=True)
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    assert np.isfinite(sk.cronbach_alpha(d, ["a", "b", "c"])["estimate"].item())
    for fun in (sk.cronbach_alpha, sk.item_rest):
        with pytest.raises(DataError, match=r"reliability: 'a' named more than once in the items "
                           r"\['a', 'a', 'b'\].*Name each item once"):
            fun(d, ["a", "a", "b"])


def test_an_infinite_value_is_named_by_compare_and_score_as_by_mean():
    """compare of a column holding one inf gave an estimate of 1.8e308 with numpy's overflow
    RuntimeWarnings, score a NaN with 'invalid value' warnings; mean already named the row."""
    df = _apistrat()
    df["y"] = df["api00"].astype(float)
    df.loc[5, "y"] = np.inf
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for call in (lambda: sk.compare(d, "y", between="sch.wide"), lambda: sk.score(d, "y"),
                     lambda: sk.mean(d, "y")):
            with pytest.raises(DataError, match=r"'y' has 1 infinite value\(s\) \(first at row 5\)"):
                call()
    outside = d.subset(df.index != 5)  # the row out of the domain: its value is not used
    assert np.isfinite(sk.compare(outside, "y", between="sch.wide")["estimate"].item())


def test_by_a_column_of_many_values_gives_no_design_effect_to_a_group_of_one():
    """by= a score (api99: 170 groups, most of one school) gave some one-school groups
    deff 0.0 and n_eff inf (rounding noise over n - 1 = 0), others NaN; R's svyby(...,
    deff="replace") gives NaN to each, and its deff for the others (R survey 4.1, run for this
    test: api99 403, 478, 491, 495)."""
    d = sk.Design(_apistrat(), weights="pw", strata="stype", fpc="fpc")
    res = sk.mean(d, "api00", by="api99")
    one = res[res["n"] == 1]
    assert len(one) > 100 and one["deff"].isna().all() and one["n_eff"].isna().all()
    got = res.set_index("api99").loc[[403, 478, 491, 495], "deff"].to_numpy()
    assert got == pytest.approx([0.36269173, 0.49362661, 0.48514494, 0.72192572], abs=1e-8)


def test_an_empty_did_cell_names_the_levels_present_as_values():
    """The levels present of a nullable boolean were shown as numpy reprs: (False, np.False_)."""
    df = _apistrat().assign(yes=lambda x: (x["sch.wide"] == "Yes").astype("boolean"),
                            award=lambda x: x["awards"] == "Yes")
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DataError, match=r"the levels present are \(False, False\), \(False, "
                       r"True\), \(True, True\)\.$"):
        sk.did(d, ["api00"], group="yes", groups=(False, True), wave="award")


def test_design_roles_given_as_values_or_r_formulas_say_to_give_the_name():
    """weights=df['pw'] listed its 200 values as unknown column names; ids=1 (R's id=~1) was
    Python's "'int' object is not iterable"; weights='~pw' was an unknown column."""
    df = _apistrat()
    with pytest.raises(DesignError, match=r"weights= takes the name of a column of the data, got "
                       r"200 values \(Series\)\. Give the name: weights='pw'\.$"):
        sk.Design(df, weights=df["pw"])
    with pytest.raises(DesignError, match=r"got 200 values \(ndarray\).*df\.assign\(my_strata="):
        sk.Design(df, weights="pw", strata=df["stype"].to_numpy())
    with pytest.raises(DesignError, match=r"weights='~pw' is R's formula notation.*weights='pw'"):
        sk.Design(df, weights="~pw")
    with pytest.raises(DesignError, match=r"ids='~1' is R's formula notation.*ids=None"):
        sk.Design(df, weights="pw", ids="~1")
    one = sk.Design(df, weights="pw", strata="stype", fpc="fpc", ids=1)
    want = sk.mean(sk.Design(df, weights="pw", strata="stype", fpc="fpc"), "api00")
    pd.testing.assert_frame_equal(sk.mean(one, "api00"), want)


def test_a_ratio_over_a_denominator_of_zeros_is_refused_naming_the_group():
    """ratio() over a denominator that is 0 for every respondent of a group gave estimate inf
    with std_error NaN (R: Inf and NaN) as a row among the others."""
    df = _apistrat().assign(z=lambda x: np.where(x["stype"] == "E", 0.0, 1.0))
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DataError, match=r"ratio: the denominator 'z' sums to 0 in the group "
                       r"stype='E'.*design\.subset"):
        sk.ratio(d, "api00", "z", by="stype")
    with pytest.raises(DataError, match=r"the denominator 'zero' sums to 0 \(every"):
        sk.ratio(d.with_columns(zero=0.0), "api00", "zero")
    kept = sk.ratio(d.subset(df["stype"] != "E"), "api00", "z", by="stype")
    assert kept["estimate"].to_numpy() == pytest.approx([625.82, 636.6])


def test_an_unknown_adjust_method_is_a_surveykit_error():
    """compare(adjust='bonferoni') raised a bare ValueError."""
    df = _apistrat()
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DataError, match=r"unknown method 'bonferoni'; use one of holm, bh .*"
                       r"adjust= takes these or None"):
        sk.compare(d, "api00", between="sch.wide", adjust="bonferoni")


def test_a_column_added_to_the_frame_after_the_design_says_how_to_add_it():
    """The design keeps its own copy: a column added to df afterwards was 'not in the design's
    data ... Check the spelling', although the analyst sees it in df."""
    df = _apistrat()
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    df["growth2"] = df["growth"] * 2
    df.loc[0, "api00"] = 0  # a write after the design: not seen, as R's svydesign
    with pytest.raises(DesignError, match=r"\['growth2'\] not in the design's data.*Check the spelling\. A "
                       r"column added .*keeps its own copy\): add it with design = design\.with_columns\(name=values\)"):
        sk.mean(d, "growth2")
    added = d.with_columns(growth2=df["growth2"])
    assert sk.mean(added, "growth2")["estimate"].item() == pytest.approx(
        2 * sk.mean(d, "growth")["estimate"].item())
    assert sk.mean(d, "api00")["estimate"].item() == pytest.approx(662.287363, abs=1e-6)


def test_a_design_keyword_slip_names_the_keyword_meant():
    """Design(df, weight='pw') and R's id= were Python's bare TypeError."""
    df = _apistrat()
    for slip, meant in (("weight", "weights"), ("id", "ids"), ("strat", "strata"),
                        ("lonely", "lonely_psu")):
        with pytest.raises(DesignError, match=rf"Design: takes no argument {slip}=; did you mean "
                           rf"{meant}=\? Its arguments: df, weights, strata, ids,"):
            sk.Design(df, **{slip: "pw"})


def test_chisq_leaves_out_a_level_whose_respondents_all_lack_the_other_answer():
    """A level of row held only by rows without a value of col (3 schools 'Maybe', stype
    missing) made an empty table row: statistic and p NaN with numpy's 'invalid value'
    RuntimeWarning. Now R's svychisq after droplevels (the data without those rows' level:
    F = 17.945, ndf = 1.8191, ddf = 358.3638, p = 1.207e-07; R survey 4.1, run for this test)."""
    df = _apistrat()
    df["r"], df["c"] = df["sch.wide"].astype(object), df["stype"].astype(object)
    df.loc[df.index[:3], ["r", "c"]] = ["Maybe", np.nan]
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = sk.chisq(d, "r", "c")
    got = res[["statistic", "df_num", "df", "p_value"]].to_numpy().ravel()
    assert got == pytest.approx([17.945, 1.8191, 358.3638, 1.207e-07], rel=2e-4)


@pytest.mark.parametrize("value", ["False", "no", 0, None])
def test_na_rm_that_is_no_boolean_is_refused(value):
    # na_rm="False" is a true string: the missing values were left out as with na_rm=True
    df = pd.DataFrame({"y": [1.0, 2.0, np.nan, 4.0], "w": [1.0, 2.0, 1.0, 1.0]})
    d = sk.Design(df, weights="w")
    with pytest.raises(sk.DataError, match=r"na_rm=.* is not True or False"):
        sk.mean(d, "y", na_rm=value)


def test_design_given_r_data_keyword_names_df():
    # sk.Design(data=df) was Python's "missing 1 required positional argument: 'df'"
    df = pd.DataFrame({"y": [1.0, 2.0], "w": [1.0, 2.0]})
    with pytest.raises(DesignError, match=r"takes no argument data=; did you mean df=\?"):
        sk.Design(data=df, weights="w")
    with pytest.raises(DesignError, match="data must be a pandas DataFrame, got NoneType"):
        sk.Design(weights="w")
