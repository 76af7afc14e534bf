"""sk.var, sk.ttest and sk.regterm_test equal R survey 4.1's svyvar, svyttest(x ~ 0) and
regTermTest to 1e-9 relative, and a variable named twice is estimated once, as R's formula.

R's numbers: tests/data/r-var-tests/var_tests.json, written by var_tests.R there from survey's
own data sets (api, nhanes, election_pps; PROVENANCE.md says how). The api and election files
are those of tests/data/r-survey/data and tests/data/r-examples (read as test_r_help_examples
reads them), nhanes.csv is survey's nhanes as R's write.csv wrote it.
"""

from __future__ import annotations

import functools
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError, DesignError
from tests.test_r_help_examples import POP_TYPES, D, read

HERE = Path(__file__).parent / "data" / "r-var-tests"
R = json.loads((HERE / "var_tests.json").read_text(encoding="utf-8"))
TOL = 1e-9


@functools.cache
def design(name: str) -> sk.Design:
    if name in ("dclus1", "dstrat", "dclus2", "rclus1", "jkstrat"):
        return D(name)
    if name == "dclus1_E":
        return D("dclus1").subset(read("apiclus1")["stype"] == "E")
    if name == "rclus1_mse":  # as.svrepdesign(dclus1, mse = TRUE)
        return D("dclus1").to_replicate(mse=True)
    if name == "rclus1_E":
        return D("rclus1").subset(read("apiclus1")["stype"] == "E")
    if name == "dclus1_H":
        return D("dclus1").subset(read("apiclus1")["stype"] == "H")
    if name == "dclus1_ps":  # postStratify(dclus1, ~stype, pop.types)
        return sk.poststratify(D("dclus1"), "stype", POP_TYPES)
    if name == "ppswr":  # ?election: svydesign(id = ~1, probs = ~p, data = election_pps)
        return sk.Design(read("election_pps"), ids=1, probs="p")
    nh = pd.read_csv(HERE / "nhanes.csv")
    d = sk.Design(nh, ids="SDMVPSU", strata="SDMVSTRA", weights="WTMEC2YR", nest=True)
    return d if name == "nhanes" else d.to_replicate("JKn")  # as.svrepdesign(type = "JKn")


VAR = {
    "var_api00_dclus1": ("dclus1", ["api00"]), "var_3_dclus1": ("dclus1", ["api00", "api99", "enroll"]),
    "var_2_dstrat": ("dstrat", ["api00", "enroll"]), "var_2_dclus2": ("dclus2", ["api00", "api99"]),
    "var_2_dclus1_E": ("dclus1_E", ["api00", "api99"]), "var_2_rclus1": ("rclus1", ["api00", "api99"]),
    "var_2_rclus1_E": ("rclus1_E", ["api00", "api99"]), "var_2_rclus1_mse": ("rclus1_mse", ["api00", "api99"]),
    "var_api00_jkstrat": ("jkstrat", ["api00"]), "var_2_dclus1_ps": ("dclus1_ps", ["api00", "api99"]), "var_2_ppswr": ("ppswr", ["Bush", "Kerry"]),
    # HI_CHOL misses 1,234 answers: R's n/(n-1) counts them on a Taylor design, not on a replicate one
    "var_hichol_nhanes": ("nhanes", ["HI_CHOL"]), "var_2_nhanes": ("nhanes", ["HI_CHOL", "race"]),
    "var_hichol_rnhanes": ("rnhanes", ["HI_CHOL"]), "var_2_rnhanes": ("rnhanes", ["HI_CHOL", "race"]),
}


@pytest.mark.parametrize("name", sorted(VAR))
def test_var_equals_rs_svyvar(name: str) -> None:
    d, variables = VAR[name]
    got = sk.var(design(d), variables)
    ref = R[name]
    p = len(variables)
    assert len(got) == p * p
    # R's names are "row,column" in column-major order ("api00,x": R's variance of one variable
    # on a Taylor design has no column name); ours one row per entry, row-major
    key = {f"{v},{lv}": i for i, (v, lv) in enumerate(zip(got["variable"], got["level"], strict=True))}
    order = [key[n.replace(",x", "," + n.split(",")[0]) if n.endswith(",x") else n] for n in ref["names"]]
    np.testing.assert_allclose(got["estimate"].to_numpy()[order], ref["estimate"], rtol=TOL)
    np.testing.assert_allclose(got["std_error"].to_numpy()[order], ref["se"], rtol=TOL)
    assert (got["df"] == ref["df"][0]).all()
    assert (got["level"].iloc[0], got["variable"].iloc[-1]) == (variables[0], variables[-1])


@pytest.mark.parametrize(("name", "d", "variable", "by"), [
    ("var_by_stype_dclus1", "dclus1", "api00", "stype"), ("var_by_stype_rclus1", "rclus1", "api00", "stype"),
    ("var_by_race_nhanes", "nhanes", "HI_CHOL", "race"), ("var_by_race_rnhanes", "rnhanes", "HI_CHOL", "race")])
def test_var_by_equals_rs_svyby(name: str, d: str, variable: str, by: str) -> None:
    got = sk.var(design(d), variable, by=by)
    ref = R[name]
    assert got[by].astype(str).tolist() == ref["names"]
    np.testing.assert_allclose(got["estimate"], ref["estimate"], rtol=TOL)
    np.testing.assert_allclose(got["std_error"], ref["se"], rtol=TOL)
    np.testing.assert_array_equal(got["df"], ref["df"])


TTEST = {
    "ttest_api_diff_dclus2": ("dclus2", "d", 0.0), "ttest_api00_650_dclus1": ("dclus1", "api00", 650),
    "ttest_api00_650_jkstrat": ("jkstrat", "api00", 650),
    "ttest_api00_650_dclus1_ps": ("dclus1_ps", "api00", 650), "ttest_enroll_500_dclus1_H": ("dclus1_H", "enroll", 500),
    "ttest_hichol_nhanes": ("nhanes", "HI_CHOL", 0.1), "ttest_hichol_rnhanes": ("rnhanes", "HI_CHOL", 0.1),
    "ttest_bush_ppswr": ("ppswr", "Bush", 80000),
}


@pytest.mark.parametrize("name", sorted(TTEST))
def test_ttest_equals_rs_one_sample_svyttest(name: str) -> None:
    """svyttest(I(x - mu) ~ 0, design): t on degf(design) - 1 df, R's conf.int."""
    d, variable, mu = TTEST[name]
    des = design(d).with_columns(d=lambda x: x["api00"] - x["api99"]) if variable == "d" else design(d)
    got = sk.ttest(des, variable, mu=mu)
    ref = R[name]
    assert len(got) == 1 and got["contrast"][0] == f"{variable} - {mu:g}"
    for col, key in (("estimate", "estimate"), ("statistic", "statistic"), ("df", "df"), ("p_value", "p"),
                     ("conf_low", "ci_low"), ("conf_high", "ci_high")):
        np.testing.assert_allclose(got[col], ref[key], rtol=TOL, err_msg=col)


def test_ttest_by_group_is_rs_test_on_the_groups_subset() -> None:
    """by= gives, per group, R's svyttest on subset(design, group): the H row is R's test on
    subset(dclus1, stype == "H"), 6 df (7 PSUs in the domain, less 1)."""
    got = sk.ttest(D("dclus1"), "enroll", mu=500, by="stype").set_index("stype")
    ref = R["ttest_enroll_500_dclus1_H"]
    np.testing.assert_allclose(got.loc["H", ["estimate", "statistic", "df", "p_value"]].to_numpy(float),
                               [ref["estimate"][0], ref["statistic"][0], ref["df"][0], ref["p"][0]], rtol=TOL)


F1, F2 = "api00 ~ ell + meals + stype", "api00 ~ ell * stype + meals"
NH = "HI_CHOL ~ factor(race) + agecat + RIAGENDR"
F6 = "api00 ~ ell + I(ell^2) + sch.wide + poly(meals, 2, raw = TRUE)"
TERMS = {
    "rtt_stype_dclus2": ("dclus2", F1, "stype", "gaussian"), "rtt_ell_dclus2": ("dclus2", F1, "ell", "gaussian"),
    "rtt_ell_meals_dclus2": ("dclus2", F1, ["ell", "meals"], "gaussian"),
    "rtt_ellstype_dstrat": ("dstrat", F2, "ell:stype", "gaussian"),
    "rtt_stype_ellstype_dstrat": ("dstrat", F2, "~stype + ell:stype", "gaussian"),
    "rtt_stype_quasibin_dclus1": ("dclus1", "I(sch.wide == 'Yes') ~ ell + stype", "stype", "quasibinomial"),
    "rtt_stype_jkstrat": ("jkstrat", "api00 ~ ell + stype", "stype", "gaussian"),
    "rtt_race_nhanes": ("nhanes", NH, "factor(race)", "gaussian"),
    # terms as R deparses them: a column with a dot, I(ell^2), poly(..., raw = TRUE)
    "rtt_rnames_dclus2": ("dclus2", F6, "I(ell^2) + sch.wide", "gaussian"),
    "rtt_poly_dclus2": ("dclus2", F6, "poly(meals, 2, raw = TRUE)", "gaussian"),
    # agecat's levels hold brackets and commas ("(19,39]"): its coefficients are found all the same
    "rtt_agecat_nhanes": ("nhanes", NH, "agecat", "gaussian"),
}


@pytest.mark.parametrize("name", sorted(TERMS))
def test_regterm_test_equals_rs_regtermtest(name: str) -> None:
    d, formula, terms, family = TERMS[name]
    got = sk.regterm_test(design(d), formula, terms, family=family)
    ref = R[name]
    assert len(got) == 1
    for col, key in (("statistic", "statistic"), ("df_num", "df_num"), ("df", "df"), ("p_value", "p")):
        np.testing.assert_allclose(got[col], ref[key], rtol=TOL, err_msg=col)
    # deff: the mean of the tested coefficients' design effects, as regress gives them (checked
    # for main effects: the coefficients named by the term, or by it and a level)
    coefs = sk.regress(design(d), formula, family=family)
    names = [terms] if isinstance(terms, str) else terms
    mine = [v in names or v.split("[")[0] in names for v in coefs["variable"]]
    if any(mine) and all(":" not in t and "~" not in t for t in names):
        np.testing.assert_allclose(got["deff"], coefs.loc[mine, "deff"].mean(), rtol=1e-12)


def test_regterm_test_terms_in_other_order_or_spelling() -> None:
    """R's canonicalOrder: 'stype:ell' is the term ell:stype; a term not in the formula is named."""
    a = sk.regterm_test(D("dstrat"), F2, "stype:ell")
    np.testing.assert_allclose(a["statistic"], R["rtt_ellstype_dstrat"]["statistic"], rtol=TOL)
    with pytest.raises(DataError, match=r"\['emer'\] are not terms of .* its terms are \['ell', 'stype', 'meals', "
                                        r"'ell:stype'\]"):
        sk.regterm_test(D("dstrat"), F2, "emer")


def test_regterm_test_names_rs_test_terms() -> None:
    with pytest.raises(DataError, match=r"takes no argument test_terms=; did you mean terms=\?"):
        sk.regterm_test(D("dclus2"), F1, test_terms="stype")


def test_regterm_test_of_a_regress_result_says_what_it_takes() -> None:
    """R's regTermTest(model, ~stype) ported as sk.regterm_test(sk.regress(...), "stype"): a
    regress() result has no covariance of its coefficients; the message shows the call."""
    model = sk.regress(D("dclus2"), F1)
    with pytest.raises(DataError, match=r"takes the design, the model's formula and the terms.*"
                                        r"sk\.regterm_test\(design, 'api00 ~ ell \+ stype', 'stype'\)"):
        sk.regterm_test(model, "stype")


def test_regterm_test_with_rs_df() -> None:
    """regTermTest(m, ~stype, df = 20): F on 20 df; df = Inf: R's chi-square (df_num times F),
    the same p-value."""
    ref = R["rtt_stype_dclus2_df20"]
    got = sk.regterm_test(D("dclus2"), F1, "stype", df=20)
    np.testing.assert_allclose(got[["statistic", "df_num", "df", "p_value"]].to_numpy(float).ravel(),
                               [ref["statistic"][0], ref["df_num"][0], ref["df"][0], ref["p"][0]], rtol=TOL)
    ref = R["rtt_stype_dclus2_dfinf"]
    got = sk.regterm_test(D("dclus2"), F1, "stype", df=float("inf"))
    np.testing.assert_allclose(got["statistic"] * got["df_num"], ref["chisq"], rtol=TOL)
    np.testing.assert_allclose(got["p_value"], ref["p"], rtol=TOL)
    assert got["df"][0] == np.inf


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "LRT"}, r"method='LRT' is not available; only R's default 'Wald'"),
    ({"method": "WorkingWald"}, r"'WorkingWald' .* not in surveykit"),
    ({"df": 0}, r"df=0 is not a number of degrees of freedom above 0"),
    ({"df": "Inf"}, r"df='Inf' is not a number .*float\('inf'\)"),
    ({"null": [1.0, 2.0]}, r"null=.*not supported"),
])
def test_regterm_test_refuses_what_it_cannot_equal(kwargs, message) -> None:
    with pytest.raises(DataError, match=message):
        sk.regterm_test(D("dclus2"), F1, "stype", **kwargs)


def test_var_and_ttest_refuse_what_is_not_a_number() -> None:
    with pytest.raises(DataError, match=r"var: \['stype'\] are not numbers"):
        sk.var(D("dclus1"), ["api00", "stype"])
    with pytest.raises(DataError, match=r"ttest: \['stype'\] are not numbers"):
        sk.ttest(D("dclus1"), "stype")
    with pytest.raises(DataError, match=r"mu='650' is not a finite number"):
        sk.ttest(D("dclus1"), "api00", mu="650")
    with pytest.raises(DesignError, match=r"missing values in the domain and na_rm=False"):
        sk.var(design("nhanes"), "HI_CHOL", na_rm=False)


def test_a_variable_named_twice_is_one_as_in_r() -> None:
    """svymean(~api00 + api00) is one estimate in R (its formula has the term once); surveykit
    gave two equal rows. Every estimator of a list of variables now gives one row each."""
    one = sk.mean(D("dclus1"), ["api00", "api00"])
    ref = R["mean_api00_twice_dclus1"]
    assert one["variable"].tolist() == ref["names"]
    np.testing.assert_allclose(one[["estimate", "std_error"]].to_numpy(float).ravel(),
                               [ref["estimate"][0], np.ravel(ref["se"])[0]], rtol=TOL)
    tot = sk.total(D("dclus1"), ["enroll", "api00", "enroll"])
    ref = R["total_enroll_api00_enroll_dclus1"]
    assert tot["variable"].tolist() == ref["names"]
    np.testing.assert_allclose(tot["estimate"], ref["estimate"], rtol=TOL)
    np.testing.assert_allclose(tot["std_error"], ref["se"], rtol=TOL)
    d = D("dclus1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for frame in (sk.quantile(d, ["api00", "api00"], 0.5), sk.compare(d, ["api00", "api00"], between="sch.wide"),
                      sk.topbox(d, ["stype", "stype"], top=("H",)), sk.score(d, ["api00", "api00"]),
                      sk.var(d, ["api00", "api00"]), sk.ttest(d, ["api00", "api00"])):
            assert frame["variable"].tolist() == ["api00"] or frame["variable"].tolist() == ["stype"], frame


def _tiny() -> sk.Design:
    df = pd.DataFrame({"y": [1.0, 2, 3, 6, 5], "x": [2.0, 1, 4, 4, 3], "g": ["a", "a", "a", "a", "b"],
                       "w": [1.0, 2, 1, 1, 3]})
    return sk.Design(df, weights="w")


def test_a_variance_of_one_respondent_has_no_numbers_and_says_so() -> None:
    """R's svyvar of one respondent is NA (n/(n-1) = 1/0); the group b gave NaN with an SE of 0,
    which reads as a variance known exactly."""
    for d in (_tiny(), _tiny().to_replicate("JK1")):
        with pytest.warns(sk.SurveykitWarning, match=r"var: g='b' rests on one respondent.*R gives NA"):
            got = sk.var(d, ["y", "x"], by="g").set_index("g")
        assert got.loc["b", ["estimate", "std_error", "conf_low", "conf_high"]].isna().all().all()
        assert got.loc["a", ["estimate", "std_error"]].notna().all().all()


def test_a_ttest_without_degrees_of_freedom_has_no_test_and_says_so() -> None:
    """One PSU: R's df is degf - 1 = -1 and its p-value NaN; surveykit gave t = 2e8 from an SE
    of round-off. No statistic, p-value or interval, and a warning."""
    with pytest.warns(sk.SurveykitWarning, match=r"ttest: .*'g': 'b'.* too few PSUs for a test"):
        got = sk.ttest(_tiny(), "y", by="g").set_index("g")
    assert got.loc["b", ["statistic", "p_value", "conf_low", "conf_high"]].isna().all()
    assert got.loc["b", "df"] == -1 and got.loc["a", "df"] == 2
    assert np.isfinite(got.loc["a", "statistic"])


def test_a_table_question_named_twice_is_one_with_one_test() -> None:
    """sk.table(rows=["stype", "stype"]) showed the question twice and Holm-adjusted its test as
    two tests (p 0.022 became 0.043): as gtsummary's include = c(stype, stype), it is one."""
    d = D("dclus1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        once = sk.table(d, rows=["stype"], by="sch.wide")
        twice = sk.table(d, rows=["stype", "stype"], by="sch.wide")
        means = sk.table(d, rows=["api00", "enroll", "api00"], by="sch.wide", stat="mean")
    pd.testing.assert_frame_equal(twice.estimates, once.estimates)
    pd.testing.assert_frame_equal(twice.tests, once.tests)
    assert twice.tests["p_adjusted"].tolist() == twice.tests["p_value"].tolist()
    assert means.tests["variable"].tolist() == ["api00", "enroll"]


def test_a_share_refused_with_code_that_keeps_missing_answers_missing() -> None:
    """ttest and var of a text question: ttest proposed (d['q'] == 'Ja').astype(float), naming
    neither the design nor the question, and counting a missing answer as 0 (not the level);
    var proposed df['x'].astype(float), which text refuses. The code each proposes now runs and
    gives R's numbers: nhanes' HI_CHOL (1,234 missing) written 'No'/'Yes', its 0/1 column equals
    R's svyttest(I(HI_CHOL - 0.1) ~ 0, na.rm = TRUE) and svyvar(~HI_CHOL, na.rm = TRUE)."""
    base = design("nhanes")
    chol = base.data["HI_CHOL"].map({0: "No", 1: "Yes"})
    d = base.with_columns(chol=chol)
    for call, name in ((lambda: sk.ttest(d, "chol", mu=0.1), "ttest_hichol_nhanes"),
                       (lambda: sk.var(d, "chol"), "var_hichol_nhanes")):
        with pytest.raises(DataError, match=r"design\.data\['chol'\]") as err:
            call()
        space = {"design": d}
        exec(str(err.value).split("): ", 1)[1].rstrip("."), space)
        made = space["design"]
        if name.startswith("ttest"):
            got = sk.ttest(made, "chol_Yes", mu=0.1)
            np.testing.assert_allclose(got[["estimate", "statistic", "p_value"]].to_numpy(float)[0],
                                       [R[name]["estimate"][0], R[name]["statistic"][0], R[name]["p"][0]], rtol=TOL)
        else:
            got = sk.var(made, "chol_Yes")
            np.testing.assert_allclose(got[["estimate", "std_error"]].to_numpy(float)[0],
                                       [R[name]["estimate"][0], R[name]["se"][0]], rtol=TOL)
