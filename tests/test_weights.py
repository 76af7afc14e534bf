"""Weighting: errors, diagnostics vs R's weight summaries, trimming."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design
from surveykit.errors import DesignError
from surveykit.weights import kish_n_eff, poststratify, rake, trim_weights, weight_summary
from tests.test_r_parity_loader import SPECS, case


@pytest.fixture
def d():
    df = pd.DataFrame({"sex": ["f", "f", "m", "m", "m"], "age": ["y", "o", "y", "o", "o"],
                       "w": [1.0, 2.0, 1.0, 1.0, 3.0]})
    return Design(df, weights="w")


@pytest.mark.parametrize("spec", [p.name for p in SPECS])
def test_weight_summary_matches_r(spec):
    c = case(spec)
    for name, info in c.out["designs"].items():
        if name != "base" and name not in c.spec.get("adjust", {}):
            continue
        got = weight_summary(c.design(name)).iloc[0]
        want = info["weights_summary"]
        for key in ("n", "n_nonzero", "sum", "mean", "sd", "min", "q25", "median", "q75", "max",
                    "cv_nonzero", "kish_deff"):
            np.testing.assert_allclose(got[key], want[key], rtol=1e-7, atol=1e-9,
                                       err_msg=f"{name}:{key}")


def test_kish():
    assert kish_n_eff([2.0, 2.0, 2.0]) == pytest.approx(3.0)
    assert kish_n_eff([1.0, 0.0, 3.0]) == pytest.approx(16 / 10)


def test_margins_must_share_total(d):
    with pytest.raises(DesignError, match="do not sum to the same population total"):
        rake(d, {"sex": {"f": 50, "m": 50}, "age": {"y": 40, "o": 70}})


def test_population_cell_without_sample(d):
    with pytest.raises(DesignError, match=r"population cell\(s\) \['x'\] of \['sex'\] have no sample"):
        poststratify(d, "sex", {"sex": {"f": 40, "m": 50, "x": 10}})


def test_sample_value_without_population(d):
    with pytest.raises(DesignError, match=r"sample values of \['sex'\] with no population total: 'm'"):
        poststratify(d, "sex", {"sex": {"f": 100}})


def test_unknown_margin_variable(d):
    with pytest.raises(DesignError, match=r"margin variable\(s\) \['gender'\] not in the design"):
        rake(d, {"gender": {"f": 50, "m": 50}})


def test_rake_hits_margins_and_keeps_input(d):
    before = d.weights.copy()
    r = rake(d, [{"sex": {"f": 40, "m": 60}}, pd.DataFrame({"age": ["y", "o"], "Freq": [30, 70]})])
    df = d.data.assign(w=r.weights)
    assert df.groupby("sex")["w"].sum().to_dict() == pytest.approx({"f": 40, "m": 60})
    assert df.groupby("age")["w"].sum().to_dict() == pytest.approx({"y": 30, "o": 70})
    np.testing.assert_array_equal(d.weights, before)
    assert len(r.calibration) == 1


def test_trim_weights_keeps_total_and_bounds():
    w = np.array([1.0, 1.0, 1.0, 1.0, 10.0])
    d = Design(pd.DataFrame({"w": w}), weights="w")
    t = trim_weights(d, 0.3, 2.0)  # relative to the mean weight 2.8
    assert t.weights.sum() == pytest.approx(w.sum())
    assert t.weights[4] == pytest.approx(5.6)
    np.testing.assert_allclose(t.weights[:4], 1 + (10 - 5.6) / 4)


def test_specs_listed():
    assert any(json.loads(p.read_text(encoding="utf-8")).get("adjust") for p in SPECS)
