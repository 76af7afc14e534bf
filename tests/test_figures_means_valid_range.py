"""A means figure draws a number with a `valid:` range (a 0–10 rating) over that range, as it
draws a scale over the scale and as the heatmap colours it: its axis zoomed on 4,2–5,6 drew a
mean of 4,6 against 5,1 as if they lay at the two ends of the rating. Only when the range is
the number's scale, though: a plausibility range (age valid 15–110) squashed means of 40–50
into a sliver. The rule: the answers' lowest and highest cover at least half of the range."""

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


def _study(root, valid: str):
    root = write_one_wave_study(root, n=300)   # visits: whole numbers 0-59
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("valid: [0, 400]", f"valid: {valid}"),
                        encoding="utf-8")
    return load_study(root)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """visits valid 0-100, answered 0-59: the range is the number's scale (answers over more than half of it)."""
    return _study(tmp_path_factory.mktemp("valid"), "[0, 100]")


@pytest.fixture(scope="module")
def plausible(tmp_path_factory):
    """visits valid 0-400 (the study's codebook), answered 0-59: a plausibility check, not a scale."""
    return _study(tmp_path_factory.mktemp("plausible"), "[0, 400]")


def _panels(study):
    spec = Spec("m", "means", ("help", "visits"), ("gender",))
    result = FIGURES["means"].compute(study, analysis_design(study), spec)
    fig = FIGURES["means"].draw(result, study.presentation())
    scale, visits = (ax for ax in fig.axes if ax.get_yticklabels())
    return result, scale, visits


def test_the_report_means_figure_spans_the_codebook_valid_range(study):
    result, scale, visits = _panels(study)
    assert result.valid == (("visits", 0.0, 100.0),)
    low, high = visits.get_xlim()
    assert low <= 0 and high >= 100            # the visits' valid: [0, 100]; their means are about 30
    low, high = scale.get_xlim()
    assert low <= 1 and 4 <= high < 5          # the 1-4 scale as before


def test_a_plausibility_range_does_not_squash_the_means(plausible):
    """Answers covering less than half of `valid:` (visits 0-59 of 0-400; an age valid 15-110 with
    means of 40-50): the axis fits the intervals, as a number without `valid:`, not the whole range."""
    result, scale, visits = _panels(plausible)
    assert result.valid == ()
    means = result.means[result.means["variable"] == "visits"]
    low, high = visits.get_xlim()
    assert low <= means["conf_low"].min() and high >= means["conf_high"].max()   # every interval shown
    assert high - low < 3 * (means["conf_high"].max() - means["conf_low"].min())   # and fitted, with padding
    assert high < 100
    low, high = scale.get_xlim()
    assert low <= 1 and 4 <= high < 5          # the scale still spans its scale


@pytest.mark.parametrize(("answers", "valid", "scale_like"), [
    ([1, 4, 10], (0, 10), True),        # a rating answered over most of its range
    ([5, 10], (0, 10), True),           # exactly half of it: still its scale
    ([3, 6], (0, 10), False),           # a rating answered only 3-6: its means fitted, as a number's
    ([18, 64], (15, 110), False),       # an age valid 15-110: a plausibility check
    ([18, 95], (15, 110), True),        # answered over most of it: drawn over it
    ([], (0, 10), False),               # no answers: nothing to span
])
def test_a_valid_range_is_a_scale_when_the_answers_cover_half_of_it(answers, valid, scale_like):
    from surveykit.report.figures.means import _scale_like

    assert _scale_like(pd.Series(answers, dtype=float), *valid) is scale_like
