"""A means figure draws a number with a `valid:` range (a 0–10 rating) over that range, as it
draws a scale over the scale and as the heatmap colours it: its axis zoomed on 4,2–5,6 drew a
mean of 4,6 against 5,1 as if they lay at the two ends of the rating."""

from __future__ import annotations

import pandas as pd
import pytest

import surveykit as sk
from surveykit.report.figures import FIGURES
from surveykit.report.items import analysis_design
from surveykit.report.spec import Spec
from surveykit.study import load_study
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)
from tests.test_report_studies import write_one_wave_study


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"variable": ["rating", "rating"], "level": None, "g": ["a", "b"],
                         "estimate": [4.6, 5.1], "conf_low": [4.2, 4.7], "conf_high": [5.0, 5.6],
                         "suppressed": False})


def test_plot_estimates_spans_a_numbers_range():
    zoomed = sk.plot_estimates(_frame(), group="g").get_xlim()
    assert zoomed[0] > 4 and zoomed[1] < 6             # without a range: the data's
    low, high = sk.plot_estimates(_frame(), group="g", ranges={"rating": (0, 10)}).get_xlim()
    assert low <= 0 and high >= 10 and high - low < 11


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return load_study(write_one_wave_study(tmp_path_factory.mktemp("valid"), n=300))


def test_the_report_means_figure_spans_the_codebook_valid_range(study):
    spec = Spec("m", "means", ("help", "visits"), ("gender",))
    result = FIGURES["means"].compute(study, analysis_design(study), spec)
    assert result.valid == (("visits", 0.0, 400.0),)
    fig = FIGURES["means"].draw(result, study.presentation())
    scale, visits = (ax for ax in fig.axes if ax.get_yticklabels())
    low, high = visits.get_xlim()
    assert low <= 0 and high >= 400            # the visits' valid: [0, 400]; their means are about 30
    low, high = scale.get_xlim()
    assert low <= 1 and 4 <= high < 5          # the 1-4 scale as before
