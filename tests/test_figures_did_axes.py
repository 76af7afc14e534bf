"""The DiD figure does not mislead by its axes or by the waves it leaves out.

Each item's panel had a y axis zoomed on its own data, so a difference of +0.22 looked as steep
as one of +0.71: panels of items on one scale now share their y axis, and items on scales of
other ranges keep their own, each named by its range. In a study of more waves than the two
compared, only those two were drawn and the waves between were not mentioned; they are drawn
now, the footer names them and the annotation says which two the difference compares."""

from __future__ import annotations

import pytest

from surveykit.report.figures import FIGURES
from surveykit.report.items import analysis_design
from surveykit.report.spec import Spec
from surveykit.study import load_study
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)
from tests.test_report_studies import write_three_wave_study

GROUPS = {"group": "history", "groups": ["always_own", "moved_in"]}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return load_study(write_three_wave_study(tmp_path_factory.mktemp("did"), n=300))


def _draw(study, items, **options):
    spec = Spec("d", "did", tuple(items), options={**GROUPS, **options})
    result = FIGURES["did"].compute(study, analysis_design(study), spec)
    return result, FIGURES["did"].draw(result, study.presentation())


def _panels(fig):
    return [ax for ax in fig.axes if ax.get_title()]


def test_items_on_one_scale_share_the_y_axis(study):
    result, fig = _draw(study, ["help", "welcome"])
    help_, welcome = _panels(fig)
    assert help_.get_ylim() == welcome.get_ylim()
    means = result.means
    for ax, item in ((help_, "help"), (welcome, "welcome")):
        rows = means[means["variable"] == item]
        low, high = ax.get_ylim()
        assert low <= rows["conf_low"].min() and rows["conf_high"].max() <= high
    assert help_.get_ylabel() == welcome.get_ylabel() == "Mean"


def test_items_on_other_scales_keep_their_axes_each_named_by_its_range(study):
    _, fig = _draw(study, ["help", "visits"])
    help_, visits = _panels(fig)
    assert help_.get_ylim() != visits.get_ylim()
    assert help_.get_ylabel() == "Mean (1–4)" and visits.get_ylabel() == "Mean"


def test_the_waves_between_the_two_compared_are_drawn_and_named(study):
    result, fig = _draw(study, ["help"])
    assert result.waves == ("a", "c") and FIGURES["did"].waves(result) == ("a", "b", "c")
    [ax] = _panels(fig)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Round A", "Round B", "Round C"]
    [box] = [t for t in ax.texts if t.get_gid() == "did"]
    assert box.get_text().split("\n")[1] == "Round C − Round A"
    assert list(result.did[["contrast_from", "contrast_to"]].iloc[0]) == ["a", "c"]   # the DiD: still a to c
    footer = study.footer(FIGURES["did"].waves(result))
    assert "Round A, Round B and Round C" in footer
    # compared waves chosen: only those between them are drawn, and no heading when there are none
    result, fig = _draw(study, ["help"], waves=["a", "b"])
    [ax] = _panels(fig)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Round A", "Round B"]
    [box] = [t for t in ax.texts if t.get_gid() == "did"]
    assert "Round B − Round A" not in box.get_text()
