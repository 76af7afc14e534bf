"""Bounded calibration against R's calibrate() (survey 4.1-1): raking with bounds, and weights
far below the population scale (R rescales them first). References and the R call of each:
tests/data/r-calibrate/bounds.R, bounds.json."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design
from surveykit.errors import DesignError

DATA = Path(__file__).parent / "data"
REF = json.loads((DATA / "r-calibrate" / "bounds.json").read_text(encoding="utf-8"))
POP = REF["population"]


def _data() -> pd.DataFrame:
    return pd.read_csv(DATA / "r-survey" / "data" / "apistrat.csv").assign(half=0.5)


def _design() -> Design:
    return Design(_data(), strata="stype", weights="pw", fpc="fpc")


def _check(d: Design, case: str) -> None:
    r = REF["cases"][case]
    np.testing.assert_allclose(d.weights, r["weights"], rtol=1e-8)
    res = sk.mean(d, "api00").iloc[0]
    np.testing.assert_allclose(res["estimate"], r["mean"], rtol=1e-9)
    np.testing.assert_allclose(res["std_error"], np.ravel(r["se"])[0], rtol=1e-7)


@pytest.mark.parametrize(("case", "bounds"), [("raking", None), ("raking_bounded", (0.8, 1.3)),
                                              ("raking_bounded_tight", (0.7, 1.2))])
def test_raking_with_bounds_equals_r(case, bounds):
    base = _design()
    d = sk.calibrate(base, "~stype + api99 + sch.wide", POP, calfun="raking", bounds=bounds)
    _check(d, case)
    g = d.weights / base.weights
    if bounds is not None:  # the bounds hold (R: g within them) and bind
        assert g.min() >= bounds[0] - 1e-12 and g.max() <= bounds[1] + 1e-12
        assert g.min() == pytest.approx(bounds[0]) or g.max() == pytest.approx(bounds[1])
    else:
        assert g.min() < 0.8 and g.max() > 1.3


MARGINS = [{"stype": {"E": 4421, "H": 755, "M": 1018}}, {"sch.wide": {"No": 1194, "Yes": 5000}}]


@pytest.mark.parametrize("calfun", ["linear", "logit"])
def test_weights_far_below_population_scale_are_rescaled_first_as_r(calfun):
    base = Design(_data(), strata="stype", weights="half")
    d = sk.calibrate(base, MARGINS, calfun=calfun, bounds=(0.5, 2))
    _check(d, f"{calfun}_rescaled")
    totals = pd.Series(d.weights).groupby(_data()["stype"]).sum()
    np.testing.assert_allclose(totals.to_numpy(), [4421, 755, 1018], rtol=1e-7)


def test_impossible_bounds_say_so():
    with pytest.raises(DesignError, match="bounds may be too tight"):
        sk.calibrate(_design(), "~stype + api99 + sch.wide", POP, calfun="raking",
                     bounds=(0.99, 1.01))
