"""Traps of formulas and of by= columns, now right or a clear error: R's meaning of ^, %%, %/%,
& | ! and of log/exp/sqrt/poly inside a formula's calls (R: tests/data/r-formula/formula.R ->
formula.json), a data column named Intercept, ..."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError

DATA = Path(__file__).resolve().parent / "data"
R = json.loads((DATA / "r-formula" / "formula.json").read_text(encoding="utf-8"))


def _apistrat():
    df = pd.read_csv(DATA / "r-survey" / "data" / "apistrat.csv")
    df["mc"] = 1 + (df["meals"] > 33).astype(int) + (df["meals"] > 66).astype(int)
    return df, sk.Design(df, weights="pw", strata="stype", fpc="fpc")


@pytest.mark.parametrize("case", R["glm"], ids=[c["formula"] for c in R["glm"]])
def test_operators_and_functions_inside_calls_mean_what_they_mean_in_r(case):
    """I(ell^2) is the square (Python's ^ gave a bitwise XOR), & | ! are logical with R's
    precedence, %% %/% the modulo and integer division; terms are named as R deparses them."""
    _, d = _apistrat()
    res = sk.regress(d, case["formula"])
    np.testing.assert_allclose(res["estimate"], case["estimate"], rtol=1e-9)
    np.testing.assert_allclose(res["std_error"], case["se"], rtol=1e-9)
    assert res["df"].iloc[0] == case["df"]
    r_names = [t.removesuffix("TRUE") for t in case["terms"][1:]]
    if "poly(" not in case["formula"]:  # formulaic numbers a poly()'s columns [1], [2] / [0], [1]
        assert res["variable"].tolist()[1:] == r_names


def test_a_power_inside_i_of_an_ordinal_model_is_r_s():
    _, d = _apistrat()
    res = sk.olr(d, "mc ~ ell + I(ell^2)")
    assert res["variable"].tolist() == R["olr"]["terms"]
    # svyolr stops its BFGS at optim's relative tolerance 1e-8 of the likelihood: ~1e-5 on I(ell^2)
    np.testing.assert_allclose(res["estimate"], R["olr"]["estimate"], rtol=1e-4)
    np.testing.assert_allclose(res["std_error"], R["olr"]["se"], rtol=1e-4)


def test_python_powers_and_python_expressions_still_work():
    _, d = _apistrat()
    square = sk.regress(d, "api00 ~ ell + I(ell**2)")
    assert square["variable"].tolist() == ["Intercept", "ell", "I(ell^2)"]
    np.testing.assert_allclose(square["estimate"], R["glm"][0]["estimate"], rtol=1e-9)
    assert sk.regress(d, "api00 ~ np.log(ell + 1)")["variable"].tolist()[1] == "np.log(ell + 1)"
    factor = sk.regress(d, "api00 ~ factor(stype) + ell")  # R's factor() is formulaic's C()
    assert factor["variable"].tolist()[1:3] == ["factor(stype)[T.H]", "factor(stype)[T.M]"]
    np.testing.assert_allclose(factor["estimate"], sk.regress(d, "api00 ~ C(stype) + ell")["estimate"], rtol=1e-12)
    block = sk.regress(d, "api00 ~ ell + {ell^2}")  # formulaic's Python block: ^ a power there too
    assert block["variable"].tolist() == ["Intercept", "ell", "ell^2"]
    np.testing.assert_allclose(block["estimate"], R["glm"][0]["estimate"], rtol=1e-9)


def test_r_operators_that_cannot_be_translated_are_refused():
    df, d = _apistrat()
    with pytest.raises(DataError, match=r"'&&', which compares only the first row in R; write '&'"):
        sk.regress(d, "api00 ~ I(ell > 10 && meals > 50)")
    with pytest.raises(DataError, match=r"cannot read 'I\(ell.isin\(\[1, 2\]\) \^ 2\)'.*\^ is a power"):
        sk.regress(d, "api00 ~ I(ell.isin([1, 2]) ^ 2)")
    for formula in ("api00 ~ poly(ell, 2)", "api00 ~ scale(ell)"):
        with pytest.raises(DataError, match=r"has (poly\(ell, 2\)|scale\(ell\)), whose values R computes from "
                                            r"every row.*uses 100 of the 200 rows.*raw = TRUE"):
            sk.regress(d.subset(df["stype"] == "E"), formula)


def test_a_data_column_named_intercept_is_refused():
    """Its coefficient was labelled 'Intercept' next to the model's own (olr dropped both)."""
    df, d = _apistrat()
    d2 = d.with_columns(Intercept=df["ell"])
    for fit, formula in ((sk.regress, "api00 ~ Intercept + meals"), (sk.olr, "mc ~ Intercept + meals")):
        with pytest.raises(DataError, match=r"uses the data column 'Intercept'.*Rename the column"):
            fit(d2, formula)


def test_a_by_column_named_as_a_result_column_keeps_its_values_as_by_name():
    """A by= column named level, estimate, n, ... overwrote that result column (values lost); it
    is now by_<name>, with a warning, and every number equals the by= of the same column under
    another name."""
    df, _ = _apistrat()
    dx = df.assign(level=df["stype"], estimate=df["awards"], n=df["yr.rnd"], grp=df["stype"],
                   grp2=df["awards"], grp3=df["yr.rnd"])
    d = sk.Design(dx, weights="pw", strata="stype", fpc="fpc")
    calls = [
        (lambda b: sk.proportion(d, "sch.wide", by=b), "level", "grp"),
        (lambda b: sk.mean(d, "api00", by=b), "estimate", "grp2"),
        (lambda b: sk.total(d, "api00", by=b), "n", "grp3"),
        (lambda b: sk.mean(d, "api00", by=b), ["n", "level"], ["grp3", "grp"]),
        (lambda b: sk.ratio(d, "api00", "api99", by=b), "level", "grp"),
        (lambda b: sk.chisq(d, "sch.wide", "awards", by=b), "level", "grp"),
        (lambda b: sk.compare(d, "api00", between="awards", by=b), "level", "grp"),
    ]
    for call, clash, plain in calls:
        with pytest.warns(sk.SurveykitWarning, match=r"by: the column '(level|estimate|n)' is named "
                                                     r"'by_(level|estimate|n)' in the result"):
            got = call(clash)
        want = call(plain)
        clash, plain = ([clash] if isinstance(clash, str) else clash), ([plain] if isinstance(plain, str) else plain)
        rename = {p: f"by_{c}" for c, p in zip(clash, plain, strict=True)}
        pd.testing.assert_frame_equal(got, want.rename(columns=rename))
    assert sk.proportion(d, "sch.wide", by="grp")["level"].tolist() == ["No", "Yes"] * 3


def test_a_table_and_a_crosstab_by_a_column_named_level():
    df, _ = _apistrat()
    d = sk.Design(df.assign(level=df["stype"], grp=df["stype"]), weights="pw", strata="stype", fpc="fpc")
    with pytest.warns(sk.SurveykitWarning, match="is named 'by_level'"):
        got = sk.table(d, rows=["sch.wide"], by="level", stat="share").frame()
    want = sk.table(d, rows=["sch.wide"], by="grp", stat="share").frame()
    pd.testing.assert_frame_equal(got, want)
    for percent in ("row", "column", "cell"):  # by level: row and cell (column: level is the answer)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            got = sk.crosstab(d, "level", "sch.wide", percent=percent).frame()
        assert any("is named 'by_level'" in str(w.message) for w in seen) == (percent != "column")
        want = sk.crosstab(d, "grp", "sch.wide", percent=percent).frame()
        np.testing.assert_array_equal(got.to_numpy()[:, 1:], want.to_numpy()[:, 1:])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sk.SurveykitWarning)
            got = sk.crosstab(d, "sch.wide", "level", percent=percent).frame()
        want = sk.crosstab(d, "sch.wide", "grp", percent=percent).frame()
        np.testing.assert_array_equal(got.to_numpy(), want.to_numpy())


def test_ratio_refuses_text_categories_and_infinite_values():
    """ratio turned text ("1", "2", "3") and categories into numbers without a word, crashed on
    other text, and gave 0.0 (SE NaN) with an inf in the denominator (R: "non-numeric argument")."""
    df, _ = _apistrat()
    dd = df.assign(s=df["stype"].map({"E": "1", "H": "2", "M": "3"}), t=df["stype"],
                   c=df["stype"].astype("category"), x=df["api99"].astype(float))
    dd.loc[5, "x"] = np.inf
    d = sk.Design(dd, weights="pw", strata="stype", fpc="fpc")
    refused = [
        (("api00", "s"), {}, r"the denominator 's' is text \(.*'1'.*not numbers.*pd.to_numeric"),
        (("api00", "t"), {}, r"the denominator 't' is text .*'E'"),
        (("c", "api99"), {}, r"the numerator 'c' is categorical"),
        (("api00", "x"), {}, r"'x' has 1 infinite value\(s\) \(first at row 5\).*np.nan"),
        (("x", "api00"), {"by": "stype"}, r"'x' has 1 infinite value\(s\) \(first at row 5\)"),
    ]
    for args, kwargs, message in refused:
        with pytest.raises(DataError, match=message):
            sk.ratio(d, *args, **kwargs)


def test_regress_names_an_infinite_value_instead_of_a_linalg_error():
    df, _ = _apistrat()
    dd = df.assign(x=df["api99"].astype(float))
    dd.loc[7, "x"] = -np.inf
    d = sk.Design(dd, weights="pw", strata="stype", fpc="fpc")
    for formula in ("api00 ~ x + ell", "x ~ ell"):
        with pytest.raises(DataError, match=r"'x' of .* has 1 infinite value\(s\) \(first at row 7 of the data\)"):
            sk.regress(d, formula)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy: divide by zero in log
        with pytest.raises(DataError, match=r"'log\(ell\)' of .* has 13 infinite value\(s\).*log\(x \+ 1\)"):
            sk.regress(d, "api00 ~ log(ell)")
        with pytest.raises(DataError, match=r"'x' of .* infinite"):
            sk.olr(d, "mc ~ x")


def test_a_column_mixing_numbers_and_text_is_refused_with_examples():
    """1 and "Nei" in one object column (a spreadsheet export) crashed with TypeError '<' not
    supported between 'int' and 'str' in every estimator that orders answers."""
    df, _ = _apistrat()
    mixed = pd.Series([1 if i % 3 else "Nei" for i in range(len(df))], dtype=object)
    d = sk.Design(df.assign(m=mixed), weights="pw", strata="stype", fpc="fpc")
    calls = [lambda: sk.mean(d, "api00", by="m"), lambda: sk.mean(d, "m"), lambda: sk.proportion(d, "m"),
             lambda: sk.chisq(d, "m", "stype"), lambda: sk.compare(d, "api00", between="m"),
             lambda: sk.table(d, rows=["m"], by="stype"), lambda: sk.table(d, rows=["api00"], by="m", stat="mean"),
             lambda: sk.regress(d, "api00 ~ m")]
    for call in calls:
        with pytest.raises(DataError, match=r"the column 'm' mixes values of several types \('Nei' \(str\), "
                                            r"1 \(int\)\).*\.astype\(str\).*pd.to_numeric"):
            call()


@pytest.mark.parametrize("dtype", ["string[python]", "string[pyarrow]"])
def test_a_pandas_string_predictor_is_a_factor_as_text_is(dtype):
    """R: a character column is a factor; a pandas string column raised 'could not convert
    string to float'."""
    df, d = _apistrat()
    ds = sk.Design(df.assign(s=df["stype"].astype(dtype)), weights="pw", strata="stype", fpc="fpc")
    for formula in ("api00 ~ s", "api00 ~ s + ell"):
        got = sk.regress(ds, formula)
        want = sk.regress(d, formula.replace(" s", " stype")).assign(
            variable=lambda f: f["variable"].str.replace("stype[", "s[", regex=False))
        pd.testing.assert_frame_equal(got, want)


def _numbered_items():
    rng = np.random.default_rng(1)
    n = 300
    df = pd.DataFrame({"w": rng.uniform(1, 2, n), "g": rng.choice(["a", "b"], n), "v": rng.integers(0, 7, n)})
    df["q"] = pd.Categorical(df["v"], categories=list(range(7)), ordered=True)  # a 0-6 item
    df["q15"] = pd.Categorical(df["v"] % 5 + 1, categories=[1, 2, 3, 4, 5], ordered=True)
    df["qs"] = pd.Categorical((df["v"] + 3).astype(str), categories=[str(i) for i in range(3, 10)], ordered=True)
    return df, sk.Design(df, weights="w")


def test_an_ordered_categorical_of_numbers_other_than_1_to_k_is_not_scored_by_position():
    """Categories 0..6 (or "3".."9") were scored 1..7 by score, compare, table(stat='mean')
    and cronbach_alpha: a 0-6 item's mean was one too high."""
    df, d = _numbered_items()
    calls = [lambda: sk.score(d, "q"), lambda: sk.score(d, "qs"), lambda: sk.compare(d, "q", between="g"),
             lambda: sk.table(d, rows=["q"], by="g", stat="mean"), lambda: sk.cronbach_alpha(d, ["q", "q15"])]
    for call in calls:
        with pytest.raises(DataError, match=r"ordered categorical whose answers are the numbers (0, 1|3, 4).*"
                                            r"positions 1\.\.7, not these numbers.*pd.to_numeric"):
            call()
    want = sk.mean(d, "v")["estimate"].item()
    assert sk.score(d, "q", codes={i: i for i in range(7)})["estimate"].item() == pytest.approx(want, rel=1e-12)
    assert sk.score(d, "q15")["estimate"].item() == pytest.approx(sk.mean(d.with_columns(
        x=df["q15"].astype(int)), "x")["estimate"].item(), rel=1e-12)  # 1..k: positions are the numbers
    assert len(sk.olr(d, "q ~ g")) == 7  # an ordinal model uses the order only


def test_topbox_of_a_numeric_item_refuses_a_value_it_never_has_and_takes_whole_floats():
    """top=(2,) on a 0/1 item gave 0 [0, 0] (a wrong level of a categorical item is an error);
    top=(1.0,) was refused with "give top= as the numbers in the top box"."""
    df, _ = _apistrat()
    df["b"] = (df["api00"] > 700).astype(int)
    df["q"] = pd.Categorical(df["b"].map({0: "Nei", 1: "Ja"}), categories=["Nei", "Ja"], ordered=True)
    d = sk.Design(df.assign(bf=df["b"].astype(float)), weights="pw", strata="stype", fpc="fpc")
    for top in ((2,), (1, 2), (2.0,)):
        with pytest.raises(DataError, match=r"top value\(s\) \[2\] of 'b' occur in no row of the data; its "
                                            r"values are 0, 1.*ordered categorical"):
            sk.topbox(d, "b", top=top)
    with pytest.raises(DataError, match=r"with_topbox: top value\(s\) \[2\] of 'b'"):
        sk.table(d, rows=["b"], stat="topbox", top=(2,))
    for item, top in (("b", (1.0,)), ("bf", (1,)), ("bf", (1.0,)), ("b", (np.float64(1),)), ("q", (2.0,))):
        res = sk.topbox(d, item, top=top)
        assert res["estimate"].item() == pytest.approx(R["share"]["estimate"], rel=1e-12)
        assert res["std_error"].item() == pytest.approx(R["share"]["se"], rel=1e-9)


def test_top_positions_of_an_item_whose_answers_are_numbers_other_than_1_to_k_are_refused():
    """top=(5, 6) on a 0-6 categorical item counted the answers 4 and 5 (positions)."""
    df, d = _numbered_items()
    for item, top in (("q", (5, 6)), ("qs", (6,)), ("q", (6.0,))):
        with pytest.raises(DataError, match=r"whose answers are the numbers .*top=\(\d, ?\d?\)? would be read as "
                                            r"positions 1\.\.7.*pd.to_numeric"):
            sk.topbox(d, item, top=top)
    numeric = d.with_columns(q=pd.to_numeric(df["q"].astype(str)))
    want = float(np.average(df["v"] >= 5, weights=df["w"]))
    assert sk.topbox(numeric, "q", top=(5, 6))["estimate"].item() == pytest.approx(want, rel=1e-12)
    assert sk.topbox(d, "q15", top=(4.0, 5))["estimate"].item() == pytest.approx(
        float(np.average(df["v"] % 5 + 1 >= 4, weights=df["w"])), rel=1e-12)


def test_columns_with_r_names_work_in_formulas_and_messages_name_them():
    """sch.wide, acs.k3 (R's names) were read by formulaic as attribute lookups ('unknown column
    sch'); they are now columns, and a message about one names it, not its alias."""
    df, d = _apistrat()
    res = sk.regress(d, "I(sch.wide == 'Yes') ~ acs.k3 + C(yr.rnd)", family="quasibinomial")
    assert res["variable"].tolist() == ["Intercept", "acs.k3", "C(yr.rnd)[T.Yes]"]
    assert res["contrast"].iloc[0] == "I(sch.wide == 'Yes')"
    plain = sk.regress(d.with_columns(sw=df["sch.wide"], k3=df["acs.k3"], yr=df["yr.rnd"]), "I(sw == 'Yes') ~ k3 + C(yr)",
                       family="quasibinomial")
    np.testing.assert_allclose(res["estimate"], plain["estimate"], rtol=1e-12)
    likert = pd.Categorical(np.resize(["Nei", "Ja", "Vet ikke"], len(df)), categories=["Nei", "Ja", "Vet ikke"],
                            ordered=True)
    with pytest.raises(DataError, match=r"the response 'q\.a' of 'q\.a ~ ell' is a categorical"):
        sk.regress(d.with_columns(**{"q.a": likert}), "q.a ~ ell")


def test_topbox_of_an_indicator_that_is_never_1_is_an_empty_top_box_not_an_error():
    """A build's don't-know share of a question nobody answered "Vet ikke" to is a 0/1 column of
    zeros: its top box (1,) is 0 %, not a slip (the rule above refused it and broke the build of
    every study with such a question)."""
    df, _ = _apistrat()
    df["dk"] = 0
    d = sk.Design(df, weights="pw", strata="stype", fpc="fpc")
    got = sk.topbox(d, "dk", top=(1,))
    assert got["estimate"].item() == 0.0
    with pytest.raises(DataError, match=r"top value\(s\) \[2\] of 'dk' occur in no row"):
        sk.topbox(d, "dk", top=(2,))
