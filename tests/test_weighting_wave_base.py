"""A study of two waves, stratified by municipality (`weighting.strata: [municipality]`), with one
population table for both waves (population.csv without a wave column) and `margins: [[gender]]`:
the base weights (population / sample size per stratum) pooled the waves, so a municipality
sampled more in one wave took that wave's share of its population. With 600 and 600 respondents
in Drammen and 600 and 150 in Indre Østfold, wave 2 weighed Indre Østfold 35273 x 150/750 and
Drammen 78996 x 600/1200 before raking: each wave's estimate (and the change) leaned to the
municipality sampled less in that wave, while the design treated the wave x municipality as its
strata and the method notes said each wave was weighted to the population. Each wave's stratum
now weighs its population (base weight population / n per wave x municipality), as R's
svydesign(strata = ~wave x municipality, weights = N_h / n_wh) post-stratified per wave.

The same study with a population per wave (population.csv with a wave column) and the same
`margins: [[gender]]` summed the population over the waves and raked the waves together: each
wave's weighted make-up was the pooled sample's, not its own wave's population (a two-wave check:
50/50 men in each wave's population, wave 1 weighted to 37.5 % men, wave 2 to 64 %). Each wave's
strata and margins now take its own rows of the table.

Data: tests/data/r-wave-base (the repository study's wave, municipality, gender and age, wave 2's
Indre Østfold cut to 150; R script, output and PROVENANCE.md there).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import pandas as pd
import pytest

import surveykit as sk
from surveykit.weighting import study_design
from tests.repo_study import repo_study

FOLDER = Path(__file__).parent / "data" / "r-wave-base"


@functools.cache
def _design(table: str):
    config = repo_study().config
    weighting = dataclasses.replace(config.weighting, strata=("municipality",), margins=(("gender",),),
                                    method="poststratify")
    responses = pd.read_csv(FOLDER / "responses.csv", dtype={"wave": str})
    responses["wave"] = pd.Categorical(responses["wave"], categories=["1", "2"], ordered=True)
    population = pd.read_csv(FOLDER / table, dtype={"wave": str})
    return study_design(responses, dataclasses.replace(config, weighting=weighting), population)


CASES = {"one_population": "population.csv", "population_per_wave": "population_waves.csv"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_waves_strata_weigh_their_population_as_in_r(case):
    design = _design(CASES[case])
    expected = json.loads((FOLDER / "wave_base.json").read_text())[case]
    by = sk.mean(design, "age", by="wave")
    pooled = sk.mean(design, "age").iloc[0]
    for key, row in (("w1", by.iloc[0]), ("w2", by.iloc[1]), ("pooled", pooled)):
        est, se = expected[key]
        assert row["estimate"] == pytest.approx(est, rel=1e-9), key
        assert row["std_error"] == pytest.approx(se, rel=1e-9), key
    data = design.data.assign(w=design.weights)
    drammen = data[data["municipality"] == "Drammen"].groupby("wave", observed=True)["w"].sum()
    assert drammen.to_numpy() == pytest.approx(expected["drammen_total"], rel=1e-9)
    men = data[data["gender"] == "Mann"].groupby("wave", observed=True)["w"].sum()
    assert men.to_numpy() == pytest.approx(expected["men_total"], rel=1e-9)


@pytest.mark.parametrize(("table", "totals"), [("population.csv", [78996.0, 35273.0, 78996.0, 35273.0]),
                                               ("population_waves.csv", [78996.0, 35273.0, 79945.0, 35873.0])])
def test_base_weights_are_population_over_sample_per_wave_and_stratum(table, totals):
    data = _design(table).data
    n = data.groupby(["wave", "municipality"], observed=True)["base_weight"].sum()
    assert n.to_numpy() == pytest.approx(totals, rel=1e-12)
