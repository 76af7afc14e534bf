"""Replicate weights with negative cells (ACS PUMS PWGTP1..PWGTP80) against R survey 4.1-1.

R's ``glm.fit`` fits only the rows whose weight is above 0 (``good <- weights > 0``), so every
estimate that refits a replicate through it leaves out that replicate's rows of weight 0 or
below: ``svyglm`` (gaussian and quasibinomial), ``svyciprop(method="logit")`` (a svyglm of
``y ~ 1``) and ``svyttest`` (a svyglm). ``svymean``/``svytotal`` and ``svyolr`` (polr's own
likelihood) keep the negative weights. The reference numbers are R's, from
tests/data/r-rep-negative/make_negative.R (its data: negative_acs.csv, 300 persons, 471
negative and 230 zero replicate cells; see PROVENANCE.md there).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import SurveykitWarning

HERE = Path(__file__).parent / "data" / "r-rep-negative"
REF = json.loads((HERE / "negative_ref.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def design():
    df = pd.read_csv(HERE / "negative_acs.csv")
    df["HLTH"] = pd.Categorical(df["HLTH"], ["Poor", "Good", "Excellent"], ordered=True)
    return sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$",
                     replicate_type="successive-difference", mse=True)


@pytest.fixture(autouse=True)
def _no_surveykit_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        yield


def test_the_data_has_negative_replicate_cells(design):
    w = design.replicate_weights.to_numpy()
    assert (w < 0).sum() == REF["negative_cells"] > 400
    assert (w == 0).sum() == REF["zero_cells"]
    assert design.degf == REF["degf"]


@pytest.mark.parametrize(("key", "family", "formula"), [
    ("glm_gaussian", "gaussian", "INC ~ AGEP + SEX"),
    ("glm_quasibinomial", "quasibinomial", "EMP ~ AGEP + SEX"),
])
def test_regress_leaves_out_rows_of_weight_not_above_zero(design, key, family, formula):
    """Before: gaussian SEs differed from R's in the 3rd digit; quasibinomial SEs were all NaN
    (sqrt of negative weights) with a false 'no weight in the domain' warning."""
    r = REF[key]
    res = sk.regress(design, formula, family=family)
    np.testing.assert_allclose(res["estimate"], r["coef"], rtol=1e-10)
    np.testing.assert_allclose(res["std_error"], r["se"], rtol=1e-8)
    assert (res["df"] == r["df_residual"]).all()


@pytest.mark.parametrize(("key", "female"), [("ciprop_logit", False), ("ciprop_logit_female", True)])
def test_proportion_logit_interval_equals_svyciprop(design, key, female):
    r = REF[key]
    d = design.subset(design.data["SEX"] == "Female") if female else design
    res = sk.proportion(d, "EMP", level=1).iloc[0]
    np.testing.assert_allclose(res["estimate"], r["estimate"], rtol=1e-9)  # R: expit of the glm's fit
    np.testing.assert_allclose(res["std_error"], r["se"], rtol=1e-10)  # svymean's SE: every weight
    np.testing.assert_allclose([res["conf_low"], res["conf_high"]], r["ci"], rtol=1e-8)


def test_share_and_topbox_logit_intervals_equal_svyciprop(design):
    """sk.mean of a categorical (its shares) and sk.topbox give proportion()'s logit interval:
    R's svyciprop(method="logit") of the level's (the top box's) indicator."""
    shares = sk.mean(design, "HLTH").set_index("level")
    for level, key in (("Good", "ciprop_logit_hlth_good"),):
        np.testing.assert_allclose(shares.loc[level, "estimate"], REF[key]["estimate"], rtol=1e-9)
        np.testing.assert_allclose(shares.loc[level, ["conf_low", "conf_high"]].to_numpy(float),
                                   REF[key]["ci"], rtol=1e-8)
    top = sk.topbox(design, "HLTH", top=("Good", "Excellent")).iloc[0]
    r = REF["ciprop_logit_hlth_top2"]
    np.testing.assert_allclose(top["estimate"], r["estimate"], rtol=1e-9)
    np.testing.assert_allclose([top["conf_low"], top["conf_high"]], r["ci"], rtol=1e-8)


def test_compare_equals_svyttest(design):
    r = REF["ttest"]
    res = sk.compare(design, "INC", between="SEX", levels=["Female", "Male"]).iloc[0]
    np.testing.assert_allclose(res["estimate"], r["estimate"], rtol=1e-12)
    np.testing.assert_allclose(res["std_error"], r["se"], rtol=1e-8)
    np.testing.assert_allclose(res["statistic"], r["statistic"], rtol=1e-8)
    assert res["df"] == r["df"]
    np.testing.assert_allclose([res["conf_low"], res["conf_high"]], r["ci"], rtol=1e-8)


def test_olr_keeps_negative_weights_as_svyolr(design):
    """svyolr refits with polr, whose likelihood takes the weights as they are (negative ones
    too): nothing is left out. Tolerances as tests/replicate_parity.py's for svyolr (R's optim
    stops short of the optimum)."""
    r = REF["olr"]
    res = sk.olr(design, "HLTH ~ AGEP + SEX")
    np.testing.assert_allclose(res["estimate"], r["coef"], rtol=1e-5)
    np.testing.assert_allclose(res["std_error"], r["se"], rtol=1e-4)


def test_means_and_totals_keep_negative_weights(design):
    for fun, var, key in ((sk.mean, "INC", "mean_inc"), (sk.total, "EMP", "total_emp")):
        res = fun(design, var).iloc[0]
        np.testing.assert_allclose(res["estimate"], REF[key]["estimate"], rtol=1e-12)
        np.testing.assert_allclose(res["std_error"], REF[key]["se"], rtol=1e-10)


def test_regress_names_a_replicate_without_weight(design):
    """In the five-person domain REG == 'T' replicate 3 has weight 0 on every row: R's
    glm.fit stops ('NAs in V(mu)', weights 0/0); surveykit leaves the replicate out and says
    why, not 'no weight in the domain' for rows that have it."""
    d = design.subset(design.data["REG"] == "T")
    assert "error" in REF["ciprop_logit_T"]
    with pytest.warns(SurveykitWarning, match=r"1 replicate\(s\) gave no estimate \(1 with replicate weights summing to 0 over"):
        res = sk.regress(d, "INC ~ AGEP")
    assert np.isfinite(res["std_error"]).all()


def test_replicates_positive_part():
    from surveykit.design.replicate import Replicates

    m = np.array([[-3, 2], [4, 0]], dtype=np.int16)
    rep = Replicates.from_matrix(m, "other", 1.0, np.ones(2), False, None, ("a", "b"))
    assert rep.has_negative
    pos = rep.positive()
    assert pos.matrix.dtype == np.int16
    assert pos.full().tolist() == [[0.0, 2.0], [4.0, 0.0]]
    assert not pos.has_negative and pos.positive() is pos
    assert rep.full().tolist() == [[-3.0, 2.0], [4.0, 0.0]]  # the design's own weights unchanged


def test_acs_file_with_negative_replicate_cells_drafts_validates_and_builds_r_numbers(tmp_path, capsys):
    """An ACS-shaped export whose PWGTP1..PWGTP80 have negative cells: the draft recognises the
    replicate block (before: 80 number questions with the negatives under `missing:`, and a
    build error 'replicate weight column 'pwgtp1' has 5 missing or infinite value(s)'), says
    under a REVIEW note that negative replicate weights are normal there, validates and builds;
    the published mean and SE are R's svrepdesign(type="successive-difference", mse=TRUE)."""
    from surveykit import cli
    from surveykit.config import load_config
    from surveykit.scaffold.replicate_weights import replicate_blocks
    from tests.test_scaffold_replicates import _build, _draft, _report_items

    export = HERE / "negative_acs.csv"
    df = pd.read_csv(export)
    blocks = replicate_blocks(df)
    assert [(b.full, len(b.replicates), b.negative) for b in blocks] == [("PWGTP", 80, REF["negative_cells"])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveykitWarning)   # the draft's own notes on the export
        study = _draft(tmp_path, export)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "'PWGTP' is the full-sample weight and 'PWGTP1' … 'PWGTP80' (80 columns) its replicate weights" in text
    yml = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert f"REVIEW: {REF['negative_cells']} replicate weight cell(s) are below 0" in yml
    assert "normal in ACS-type successive-difference files" in yml
    weighting = load_config(study / "surveykit.yaml").weighting
    assert weighting.replicates["replicate_type"] == "successive-difference"
    assert weighting.replicates["mse"] is True and weighting.replicates["repweights"] == "^pwgtp[0-9]+$"
    assert not {i for i in _report_items(study) if i.startswith("pwgtp")}
    assert "inc" in _report_items(study)

    capsys.readouterr()
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    assert _build(study) == 0, capsys.readouterr().err
    got = pd.read_csv(study / "reports" / "tables" / "numbers.csv").set_index("variable")
    assert got.loc["inc", "estimate"] == pytest.approx(REF["mean_inc"]["estimate"], rel=1e-10)
    assert got.loc["inc", "std_error"] == pytest.approx(REF["mean_inc"]["se"], rel=1e-10)
    assert got.loc["inc", "df"] == REF["degf"]


def test_linear_calibration_with_negative_replicate_weights_says_what_r_does(design):
    """R's calibrate(calfun="linear") stops on negative replicate weights (sqrt of them); the
    weights surveykit gives are those of R's grake path (calfun="linear" with wide finite
    bounds). Before: the same numbers, without a word."""
    assert "error" in REF["cal_linear"]
    with pytest.warns(SurveykitWarning, match=r"R's calibrate\(calfun='linear'\) stops on them"):
        cal = sk.calibrate(design, "~SEX", {"(Intercept)": 61000, "SEXMale": 31000}, calfun="linear")
    res = sk.mean(cal, "INC").iloc[0]
    assert res["estimate"] == pytest.approx(REF["cal_linear_wide_bounds"]["estimate"], rel=1e-10)
    assert res["std_error"] == pytest.approx(REF["cal_linear_wide_bounds"]["se"], rel=1e-10)
    sk.calibrate(design, "~SEX", {"(Intercept)": 61000, "SEXMale": 31000}, calfun="raking")  # R works: no warning


@pytest.mark.parametrize("estimate", ["proportion", "quantile"])
def test_domain_with_a_replicate_without_weight_is_said(design, estimate):
    """REG == 'T' (5 persons) has weight 0 in replicate 3: R's svyciprop(method="logit") stops
    ('NAs in V(mu)') and so does svyquantile(interval.type="quantile"); surveykit leaves the
    replicate out and says so."""
    d = design.subset(design.data["REG"] == "T")
    assert "error" in REF["ciprop_logit_T"] and "error" in REF["quantile_T"]
    with pytest.warns(SurveykitWarning, match=r"1 replicate\(s\) gave no estimate \(no weight in the domain") as got:
        if estimate == "proportion":
            sk.proportion(d, "EMP", level=1)
        else:
            sk.quantile(d, "INC", 0.5, interval_type="quantile")
    assert len([w for w in got if "gave no estimate" in str(w.message)]) == 1  # said once


def test_to_replicate_takes_rs_name_subbootstrap():
    """to_replicate("bootstrap") is R's subbootstrap (Rao-Wu); the exact name is accepted too,
    with the same draws, and its replicates are typed so (as Design(replicate_type=...))."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"y": rng.normal(size=40), "st": np.repeat(["a", "b"], 20),
                       "psu": np.repeat(np.arange(10), 4), "w": rng.uniform(1, 3, 40)})
    base = sk.Design(df, ids="psu", strata="st", weights="w")
    boot = base.to_replicate("bootstrap", replicates=20, seed=5)
    sub = base.to_replicate("subbootstrap", replicates=20, seed=5)
    assert sub.replicates.type == "subbootstrap"
    np.testing.assert_array_equal(sub.replicate_weights.to_numpy(), boot.replicate_weights.to_numpy())
    assert sub.replicates.scale == boot.replicates.scale
    assert sk.mean(sub, "y")["std_error"].iloc[0] == sk.mean(boot, "y")["std_error"].iloc[0]


@pytest.mark.parametrize(("key", "family", "formula"), [
    ("glm_gaussian", "gaussian", "z ~ x"),
    ("glm_quasibinomial", "quasibinomial", "y ~ x"),
])
def test_regress_replicate_summing_below_zero_is_refitted_as_r(key, family, formula):
    """make_negative.R's `tiny`: replicate 3's weights sum to -57, so glm.fit's weights
    w/sum(w) are positive on its negative rows and R fits those; replicate 4 has two negative
    cells (left out). scale 1, mse: the SEs rest on each replicate's coefficients."""
    tiny = REF["tiny"]
    d = sk.Design(pd.DataFrame(tiny["data"]), weights="w", repweights="^r[0-9]$", replicate_type="other",
                  scale=1, rscales=1, mse=True)
    res = sk.regress(d, formula, family=family)
    np.testing.assert_allclose(res["estimate"], tiny[key]["coef"], rtol=1e-10)
    np.testing.assert_allclose(res["std_error"], tiny[key]["se"], rtol=1e-8)


def test_provenance_lists_the_files_md5():
    import hashlib
    import re

    text = (HERE / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = dict((name, md5) for md5, name in re.findall(r"`([0-9a-f]{32})  ([\w.]+)`", text))
    assert set(listed) == {p.name for p in HERE.iterdir()} - {"PROVENANCE.md"}
    for name, md5 in listed.items():
        assert hashlib.md5((HERE / name).read_bytes()).hexdigest() == md5, name
