"""A study of two waves raked to a population table without a wave column (`margins: [[gender]]`,
population.csv by gender alone: one population for every wave) raked the two waves together, as one
sample: the pooled sample matched the population, each wave did not (wave 2021 weighted to 52.6 %
men, wave 2023-01 to 49.4 %, against 51 % in the population), while the method notes said "each
wave is weighted to the population" and the weights figure drew each wave's weighted dots off the
population bars. A change between the waves then carried a change of weighting. Each wave is now
weighted to the population.

The numbers are checked against what one margin's raking is by definition (post-stratification):
each wave's weighted share of men is the population's 5100 / 10000, and each wave's weighted mean
is the population-share-weighted mean of the men's and the women's means, from the export itself.
The study is tests/foreign_study.py's (English; its exports data/raw/w21.csv, w23.csv).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.study import load_study
from tests.foreign_study import write_foreign_study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    import os

    os.environ.setdefault("SURVEYKIT_KEY", "k" * 16)
    root = write_foreign_study(tmp_path_factory.mktemp("waves"), "en")
    return root, load_study(root)


def test_each_wave_is_weighted_to_the_population(study):
    _root, s = study
    design = s.design()
    data = design.data.assign(w=design.weights)
    for wave in ("w21", "w23"):
        part = data[data["wave"].astype(str) == wave]
        men = part.loc[part["gender"].astype(str) == "Man", "w"].sum() / part["w"].sum()
        assert men == pytest.approx(5100 / 10000, abs=1e-9), wave
        assert part["w"].sum() == pytest.approx(10000, rel=1e-9), wave   # each wave: the population's total


def test_each_waves_mean_is_the_post_stratified_mean_of_its_export(study):
    root, s = study
    means = sk.mean(s.design(), ["age"], by=["wave"])
    for wave in ("w21", "w23"):
        raw = pd.read_csv(root / "data" / "raw" / f"{wave}.csv")
        by_gender = raw.groupby("gender")["age"].mean()
        expected = 0.51 * by_gender["Man"] + 0.49 * by_gender["Woman"]
        got = means.loc[means["wave"].astype(str) == wave, "estimate"].item()
        assert got == pytest.approx(expected, rel=1e-9), wave
        assert np.isfinite(means.loc[means["wave"].astype(str) == wave, "std_error"].item())


def test_waves_are_strata_of_the_design_as_in_r(study):
    """The waves are independent samples, so the study's design is stratified by the wave
    (DESIGN.md: wave × stratum) also when `weighting.strata` is not given: the standard errors
    equal R's svydesign(ids=~1, strata=~wave) post-stratified per wave, and not R's design
    without the wave as stratum (which it was: 0.94612 for the pooled mean, not 0.94720).
    R: tests/data/r-wave-strata/wave_strata.R on the study's own responses (responses.csv)."""
    import json
    from pathlib import Path

    folder = Path(__file__).parent / "data" / "r-wave-strata"
    expected = json.loads((folder / "wave_strata.json").read_text())
    mine = pd.read_csv(folder / "responses.csv")
    _root, s = study
    got = s.responses[["wave", "gender", "age"]].astype({"wave": str, "gender": str}).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, mine, check_dtype=False)   # R's data are the study's
    for design in (s.design(), s.design(weighted=False)):
        assert "wave" in design.data.columns
    design = s.design()
    pooled = sk.mean(design, ["age"])
    by = sk.mean(design, ["age"], by=["wave"])
    change = sk.change(design, ["age"])
    got = {"pooled": pooled.iloc[0], "w21": by[by["wave"].astype(str) == "w21"].iloc[0],
           "w23": by[by["wave"].astype(str) == "w23"].iloc[0], "change": change.iloc[0]}
    for key, row in got.items():
        est, se = expected["stratified"][key]
        assert row["estimate"] == pytest.approx(est, rel=1e-9), key
        assert row["std_error"] == pytest.approx(se, rel=1e-9), key
        assert abs(row["std_error"] - expected["unstratified"][key][1]) > 1e-6, key
