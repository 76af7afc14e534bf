"""Formulas with interactions against R's svyglm on real data of unequal clusters.

References: tests/data/r-exam/exam.json, written by exam.R there (mlmRev's Exam, a two-stage
stratified design with fpc). Where R's model matrix has full rank, surveykit's coefficients and
SEs equal R's; an interaction without its lower-order terms (``y ~ x + a:b``) is coded by R with
every level of its factors, collinear with the intercept (R reports NA coefficients and other
meanings for the rest), and is refused: formulaic would code it another way, giving another
intercept under the same name.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

HERE = Path(__file__).parent / "data" / "r-exam"
REF = json.loads((HERE / "exam.json").read_text(encoding="utf-8"))
LEVELS = ["bottom 25%", "mid 50%", "top 25%"]


@pytest.fixture(scope="module")
def design() -> sk.Design:
    df = pd.read_csv(HERE / "exam.csv")
    df["vr"] = pd.Categorical(df["vr"], LEVELS)
    df["intake"] = pd.Categorical(df["intake"], LEVELS)
    df["schgend"] = pd.Categorical(df["schgend"], ["mixed", "boys", "girls"])
    return sk.Design(df, weights="pw", strata="schgend", ids=["school", "student"],
                     fpc=["N1", "N2"], nest=True)


FULL = [f for f in REF["fits"] if f["rank"] == len(f["columns"])]
COLLINEAR = [f for f in REF["fits"] if f["rank"] < len(f["columns"])]


@pytest.mark.parametrize("fit", FULL, ids=[f["formula"] for f in FULL])
def test_interactions_equal_r(design, fit):
    got = sk.regress(design, fit["formula"])
    np.testing.assert_allclose(got["estimate"], fit["estimate"], rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(got["std_error"], fit["std_error"], rtol=1e-9)
    assert (got["df"] == fit["df"]).all()


@pytest.mark.parametrize("fit", COLLINEAR, ids=[f["formula"] for f in COLLINEAR])
def test_interaction_without_margins_refused(design, fit):
    # R: len(columns) columns of rank `rank`, so it drops a coefficient as aliased; formulaic
    # would re-code the interaction to full rank and return another, plausible intercept
    assert len(fit["names"]) == fit["rank"] < len(fit["columns"])
    with pytest.raises(sk.DataError, match="without its lower-order terms"):
        sk.regress(design, fit["formula"])


def test_interaction_without_margins_refused_in_olr(design):
    with pytest.raises(sk.DataError, match="without its lower-order terms"):
        sk.olr(design.with_columns(grade=pd.cut(design.data["normexam"], [-9, -1, 1, 9]).cat.codes),
               "grade ~ standLRT + vr:sex")


def test_text_predictor_whose_reference_depends_on_rs_locale_warns(design):
    """R sorts text levels by the locale: 'Mixed' first under LC_COLLATE=C (as surveykit),
    'boys' in C.UTF-8 / en_US (ICU). The numbers are R's C-locale fit; the warning names both."""
    ref = json.loads((HERE / "text_levels.json").read_text(encoding="utf-8"))
    assert ref["utf8"]["levels"][0] == "boys" and ref["c_locale"]["levels"][0] == "Mixed"
    d = design.with_columns(school_type=design.data["schgend"].astype(str).replace({"mixed": "Mixed"}))
    with pytest.warns(sk.SurveykitWarning, match=r"reference level is 'Mixed'.*likely takes 'boys'"):
        got = sk.regress(d, ref["formula"])
    np.testing.assert_allclose(got["estimate"], ref["c_locale"]["estimate"], rtol=1e-9)
    np.testing.assert_allclose(got["std_error"], ref["c_locale"]["std_error"], rtol=1e-9)
    lower = design.with_columns(school_type=design.data["schgend"].astype(str))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one case: the same order in every locale, no warning
        sk.regress(lower, ref["formula"])
