"""Heatmap of a number with a `valid:` range (a 0-10 rating, age 20-110): its colours span that
range, as a scale's span its scale; means of 5-6 on a 0-10 rating were the darkest blue (the
colours ran from 0 to the highest mean). A number without `valid:` still runs from 0."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt

from surveykit.plots.theme import report_theme
from surveykit.report.figures import FIGURES, draw
from surveykit.report.items import analysis_design
from surveykit.report.spec import load_recipe
from tests.repo_study import repo_study


def _clims(fig) -> list[tuple[float, float]]:
    return [tuple(map(float, im.get_clim())) for ax in fig.axes for im in ax.get_images() + ax.collections
            if hasattr(im, "get_clim") and im.get_array() is not None and ax.get_label() != "<colorbar>"]


def test_a_number_with_a_valid_range_is_coloured_over_it():
    study = repo_study()
    assert study.codebook.variable("age").valid == (20, 110)
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    spec = dataclasses.replace(next(s for s in recipe.figures if s.kind == "heatmap"), items=("age",))
    result = FIGURES["heatmap"].compute(study, analysis_design(study), spec)
    assert result.valid == (("age", 20.0, 110.0),)
    with report_theme():
        fig = draw("heatmap", result, study.presentation())
        clims = _clims(fig)
        plt.close(fig)
    assert clims and all(c == (20.0, 110.0) for c in clims), clims
    bare = dataclasses.replace(result, valid=())   # as a number without `valid:`: from 0 to its highest mean
    with report_theme():
        fig = draw("heatmap", bare, study.presentation())
        clims = _clims(fig)
        plt.close(fig)
    top = float(result.means.loc[~result.means["suppressed"].astype(bool), "estimate"].max())
    assert all(c == (0.0, top) for c in clims), clims
