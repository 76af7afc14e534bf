"""A population total of 0 for a cell that has respondents is refused by every weighting step,
on Taylor and replicate designs alike, as R's ``postStratify`` refuses it ("Strata in sample
absent from population"): weighting would give those respondents weight 0 and every estimate
would describe another population, with no sign of it. Totals that are no count (NaN, negative,
infinite) are refused up front, naming the margin, the cell and the value. A study says the
same in the terms of config/population.csv, with its row.

R (apistrat)::

    d <- svydesign(ids=~1, strata=~stype, weights=~pw, fpc=~fpc, data=apistrat)
    postStratify(d, ~stype, data.frame(stype=c("E","H","M"), Freq=c(4421,0,1018)))
    # Error: Strata in sample absent from population. This Can't Happen
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.study import load_study
from tests.test_report_method_texts import add_replicates, write_study

DATA = Path(__file__).parent / "data" / "r-survey" / "data"
ZERO_H = {"E": 4421, "H": 0, "M": 1018}
REFUSED = (r"population cell\(s\) 'H' \(50 respondents\) of margin stype have population total 0 but "
           r"respondents with a positive weight: weighting would give them weight 0.*Give the cell's "
           r"population count, or.*drop its respondents first \(design.subset\(\)")


@pytest.fixture(scope="module")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(DATA / "apistrat.csv")


@pytest.fixture(scope="module")
def design(apistrat) -> sk.Design:
    return sk.Design(apistrat, weights="pw", strata="stype", fpc="fpc")


def test_poststratify_refuses_a_zero_cell_with_respondents(design):
    with pytest.raises(sk.DesignError, match="poststratify: " + REFUSED) as caught:
        sk.poststratify(design, "stype", ZERO_H)
    assert "R's postStratify refuses: 'Strata in sample absent from population'" in str(caught.value)


def test_rake_and_calibrate_refuse_it_too(design):
    margins = [{"stype": {"E": 4421, "H": 0, "M": 1773}}, {"awards": {"No": 2027, "Yes": 4167}}]
    with pytest.raises(sk.DesignError, match="rake: " + REFUSED):
        sk.rake(design, margins)
    for calfun in ("linear", "raking"):
        with pytest.raises(sk.DesignError, match="calibrate: " + REFUSED):
            sk.calibrate(design, margins, calfun=calfun)


def test_calibrate_with_a_formula_refuses_a_zero_total_of_a_level_with_respondents(design):
    with pytest.raises(sk.DesignError, match=r"calibrate: the population total of 'stypeH' is 0, but 50 "
                                             r"respondent\(s\) with a positive weight have a non-zero 'stypeH'"):
        sk.calibrate(design, "~stype", {"(Intercept)": 5439, "stypeH": 0, "stypeM": 1018})
    with pytest.raises(sk.DesignError, match=r"the population total of 'stypeH' is -3, but 'stypeH' is >= 0 "
                                             "for every respondent"):
        sk.calibrate(design, "~stype", {"(Intercept)": 5439, "stypeH": -3, "stypeM": 1018})
    with pytest.raises(sk.DesignError, match=r"the population total of 'stypeH' is None, not a finite number"):
        sk.calibrate(design, "~stype", {"(Intercept)": 5439, "stypeH": None, "stypeM": 1018})


def test_replicate_designs_refuse_it(design):
    rep = design.to_replicate(type="JKn")
    with pytest.raises(sk.DesignError, match="poststratify: " + REFUSED):
        sk.poststratify(rep, "stype", ZERO_H)
    with pytest.raises(sk.DesignError, match="rake: " + REFUSED):
        sk.rake(rep, [{"stype": {"E": 4421, "H": 0, "M": 1773}}, {"awards": {"No": 2027, "Yes": 4167}}])


def test_the_way_out_the_message_gives_works(design, apistrat):
    """Dropping the cell's respondents first (the domain without them) gives the estimate of the
    population without them, the same as leaving the cell out of the margin."""
    without = design.subset(apistrat["stype"] != "H")
    zero = sk.mean(sk.poststratify(without, "stype", ZERO_H), ["api00"])
    left_out = sk.mean(sk.poststratify(without, "stype", {"E": 4421, "M": 1018}), ["api00"])
    assert zero["n"].iloc[0] == 150
    np.testing.assert_allclose(zero[["estimate", "std_error"]], left_out[["estimate", "std_error"]], rtol=1e-13)
    rep = design.to_replicate(type="JKn").subset(apistrat["stype"] != "H")
    assert sk.mean(sk.poststratify(rep, "stype", ZERO_H), ["api00"])["n"].iloc[0] == 150


def test_a_zero_cell_without_respondents_is_fine(design):
    ps = sk.poststratify(design, "stype", {"E": 4421, "H": 755, "M": 1018})
    ps0 = sk.poststratify(design, "stype", pd.DataFrame({"stype": ["E", "H", "M", "X"], "Freq": [4421, 755, 1018, 0]}))
    np.testing.assert_allclose(ps0.weights, ps.weights, rtol=1e-15)


@pytest.mark.parametrize(("bad", "shown"), [(np.nan, "nan"), (-755, "-755"), (np.inf, "inf"), (None, "nan")])
def test_a_total_that_is_no_count_is_refused_naming_margin_cell_and_value(design, bad, shown):
    with pytest.raises(sk.DesignError, match=rf"poststratify: margin stype, cell 'H': the population total is "
                                             rf"{shown}; a total must be a finite number >= 0"):
        sk.poststratify(design, "stype", {"E": 4421, "H": bad, "M": 1018})
    table = pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [4421.0, np.nan if bad is None else bad, 1018.0]})
    with pytest.raises(sk.DesignError, match=rf"margin stype, cell 'H': the population total is {shown}"):
        sk.poststratify(design, "stype", table)
    with pytest.raises(sk.DesignError, match=rf"rake: margin awards, cell 'No': the population total is {shown}"):
        sk.rake(design, [{"stype": {"E": 4421, "H": 755, "M": 1018}}, {"awards": {"No": bad, "Yes": 4167}}])


# -- a study: the same contradiction in config/population.csv ------------------------------------------
def _zero_woman(root: Path) -> Path:
    population = root / "config" / "population.csv"
    text = population.read_text(encoding="utf-8")
    assert "Woman,4800" in text
    population.write_text(text.replace("Woman,4800", "Woman,0"), encoding="utf-8")
    return root


@pytest.fixture
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "test-key" * 2)


@pytest.mark.usefixtures("_key")
@pytest.mark.parametrize("replicates", [False, True])
def test_a_study_names_population_csv_and_the_row(tmp_path, replicates):
    """Raked with and without replicate weights: the error is the file's, with its row (the
    replicate design was raked without this check, and said it in terms of sk.rake)."""
    root = write_study(tmp_path, weighted=True)
    if replicates:
        add_replicates(root, raked=True)
    study = load_study(_zero_woman(root))
    with pytest.raises(sk.DesignError, match=r"config/population.csv: population count 0 for cell\(s\) 'Woman' "
                                             r"\(\d+ respondents\) of margin gender \(row 3\), so those respondents "
                                             "would get weight 0"):
        study.design()
