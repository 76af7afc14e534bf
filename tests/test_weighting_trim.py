"""`weighting.trim` bounds the raking (R: calibrate(calfun="raking", bounds=...)): the weights
stay within the bounds times their stratum's base weight and every population margin still
holds, so no weight moves between waves or municipalities. Reference: tests/data/r-trim/
(trim.R, trim.json: the R call of each value)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DesignError
from surveykit.weighting import study_design
from tests.repo_study import repo_study

ROOT = Path(__file__).parent.parent
REF = json.loads((Path(__file__).parent / "data" / "r-trim" / "trim.json").read_text(encoding="utf-8"))


def _study():
    return repo_study()


def _design(trim, method="rake"):
    s = _study()
    weighting = dataclasses.replace(s.config.weighting, trim=trim, method=method)
    return study_design(s.responses, dataclasses.replace(s.config, weighting=weighting), s.population)


def test_trimmed_weights_equal_r_bounded_raking():
    d = _design((0.5, 2.1))
    np.testing.assert_allclose(d.weights, REF["weights"], rtol=1e-6)
    res = sk.mean(d, "age").iloc[0]
    # both stop at a relative misfit below 1e-7 (R's epsilon), so they agree to about that
    np.testing.assert_allclose(res["estimate"], REF["mean_age"], rtol=1e-7)
    np.testing.assert_allclose(res["std_error"], np.ravel(REF["se_age"])[0], rtol=1e-6)
    by = sk.mean(d, "age", by="wave")
    np.testing.assert_allclose(by["estimate"], REF["by_wave_mean"], rtol=1e-7)
    np.testing.assert_allclose(by["std_error"], REF["by_wave_se"], rtol=1e-6)


def test_trimming_keeps_every_margin_and_the_bounds():
    s = _study()
    d = _design((0.5, 2.1))
    g = d.weights / d.data["base_weight"].to_numpy()
    assert g.min() >= 0.5 - 1e-9 and g.max() <= 2.1 + 1e-9
    assert g.max() == pytest.approx(2.1)  # the bound binds (unbounded: up to 2.217)
    assert REF["g_range_unbounded"][1] > 2.1
    count = s.config.weighting.count
    for margin in s.config.weighting.margins:
        cols = list(margin)
        pop = s.population.groupby(cols, observed=True)[count].sum()
        got = pd.Series(d.weights, index=d.data.index).groupby(
            [d.data[c].astype(str) for c in cols], observed=True).sum()
        pop.index = pop.index.set_levels([lv.astype(str) for lv in pop.index.levels])
        np.testing.assert_allclose(got.reindex(pop.index).to_numpy(), pop.to_numpy(), rtol=1e-6)
    # the trimmed weight stays in its wave and municipality (the strata the raking used)
    base = d.data.groupby(["wave", "municipality"], observed=True)["base_weight"].sum()
    moved = pd.Series(d.weights).groupby([d.data["wave"], d.data["municipality"]],
                                         observed=True).sum()
    np.testing.assert_allclose(moved.to_numpy(), base.to_numpy(), rtol=1e-6)


def test_trim_with_post_stratification_or_bad_bounds_is_refused():
    with pytest.raises(DesignError, match="needs `method: rake`"):
        _design((0.5, 2.0), method="poststratify")
    with pytest.raises(DesignError, match="needs 0 <= lower < 1 < upper"):
        _design((1.2, 3.0))
    with pytest.raises(DesignError, match=r"no weights within \[0.7, 1.6\].*Widen the bounds"):
        _design((0.7, 1.6))
