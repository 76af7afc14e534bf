"""The means figure never puts items of different scales on one axis: a 1-5 agreement item
beside a mean age (18-90) or a 0-10 satisfaction item gets a panel per scale, each axis
spanning its scale and named by its ends; without the scales known it is refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError
from surveykit.presentation import Presentation
from surveykit.report.figures.means import MeansResult, draw_means
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

AGREE = ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]
TEN = [str(i) for i in range(11)]
SCALES = {"help": (1, 5, "Helt uenig", "Helt enig"), "recommend": (0, 10, "Ikke sannsynlig", "Svært sannsynlig")}


def _design() -> sk.Design:
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({
        "help": pd.Categorical(rng.choice(AGREE, n, p=[0.05, 0.1, 0.2, 0.35, 0.3]), AGREE, ordered=True),
        "recommend": pd.Categorical(rng.choice(TEN, n), TEN, ordered=True),
        "age": rng.integers(18, 91, n).astype(float),
        "site_type": rng.choice(["co", "sep"], n),
        "w": rng.uniform(0.5, 2.0, n),
    })
    return sk.Design(frame, weights="w")


def _means(design: sk.Design, by=("site_type",)) -> pd.DataFrame:
    agree = sk.score(design, ["help"], by=list(by))
    ten = sk.score(design, ["recommend"], by=list(by), codes={str(i): i for i in range(11)})
    age = sk.mean(design, ["age"], by=list(by))
    return pd.concat([agree, ten, age], ignore_index=True)


def _panels(fig):
    return [a for a in fig.axes if a.get_yticklabels()]


def test_likert_and_age_are_drawn_in_panels_of_their_own():
    means = _means(_design())
    ax = sk.plot_estimates(means, group="site_type", items=["help", "age"],
                           presentation=Presentation(scales=SCALES))
    panels = _panels(ax.figure)
    assert len(panels) == 2
    likert, age = panels
    assert [t.get_text() for t in likert.get_yticklabels()] == ["help"]
    assert [t.get_text() for t in age.get_yticklabels()] == ["age"]
    # the Likert axis spans its scale and says what its ends mean; the age axis is its own
    low, high = likert.get_xlim()
    assert low <= 1 and high >= 5 and high < 6
    assert likert.get_xlabel() == "Gjennomsnitt (1 = Helt uenig, 5 = Helt enig)"
    assert [t.get_text() for t in likert.get_xticklabels()] == ["1", "2", "3", "4", "5"]
    assert age.get_xlabel() == "Gjennomsnitt"
    assert age.get_xlim()[0] > 30     # a mean age of about 54: not squashed beside the scores
    # one legend, under the last panel
    assert likert.get_legend() is None and age.get_legend() is not None


@pytest.mark.parametrize(("language", "agree", "ten"), [
    ("en", "Mean (1 = Helt uenig, 5 = Helt enig)", "Mean (0 = Ikke sannsynlig, 10 = Svært sannsynlig)"),
    ("sv", "Medelvärde (1 = Helt uenig, 5 = Helt enig)", "Medelvärde (0 = Ikke sannsynlig, 10 = Svært sannsynlig)"),
])
def test_scales_of_different_length_get_a_panel_each(language, agree, ten):
    means = _means(_design())
    ax = sk.plot_estimates(means, group="site_type", items=["help", "recommend"],
                           presentation=Presentation(language, scales=SCALES))
    panels = _panels(ax.figure)
    assert [a.get_xlabel() for a in panels] == [agree, ten]
    assert panels[1].get_xlim()[0] <= 0 and panels[1].get_xlim()[1] >= 10
    assert [t.get_text() for t in panels[1].get_xticklabels()][::5] == ["0", "5", "10"]


def test_likert_and_age_without_scales_are_refused_naming_them():
    means = _means(_design())
    with pytest.raises(DataError, match=r"\['age', 'help'\] are on different scales"):
        sk.plot_estimates(means, group="site_type", items=["help", "age"])


def test_items_of_one_scale_share_one_axis():
    means = _means(_design())
    two = pd.concat([means[means.variable == "help"], means[means.variable == "help"].assign(variable="welcome")])
    ax = sk.plot_estimates(two, group="site_type",
                           presentation=Presentation(scales={**SCALES, "welcome": SCALES["help"]}))
    assert len(_panels(ax.figure)) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["help", "welcome"]


def test_report_means_figure_of_likert_and_age_has_a_panel_each():
    design = _design()
    means = _means(design, by=("site_type",))
    result = MeansResult(means, ("site_type",), ("help", "recommend", "age"))
    fig = draw_means(result, Presentation("en", names={"help": "Easy to get help", "age": "Age"}, scales=SCALES))
    panels = _panels(fig)
    assert [[t.get_text() for t in a.get_yticklabels()] for a in panels] == [["Easy to get help"], ["recommend"],
                                                                            ["Age"]]
    assert [a.get_xlabel() for a in panels] == ["Mean (1 = Helt uenig, 5 = Helt enig)",
                                                "Mean (0 = Ikke sannsynlig, 10 = Svært sannsynlig)", "Mean"]


def test_score_columns_of_with_scores_have_their_items_scales():
    design = sk.with_scores(sk.with_scores(_design(), ["help"]), ["recommend"], codes={str(i): i for i in range(11)})
    means = sk.mean(design, ["help_score", "recommend_score"], by=["site_type"])
    ax = sk.plot_estimates(means, group="site_type", presentation=Presentation("en", scales=SCALES))
    assert [a.get_xlabel() for a in _panels(ax.figure)] == ["Mean (1 = Helt uenig, 5 = Helt enig)",
                                                           "Mean (0 = Ikke sannsynlig, 10 = Svært sannsynlig)"]


def test_numbers_of_a_study_are_each_in_a_panel_of_their_own():
    """Age (years) and visits (a count) are no common scale, whatever their sizes: with a study's
    presentation (it knows the scales of its items) each number gets its own axis."""
    design = _design()
    design = design.with_columns(visits=pd.Series(np.arange(len(design.data)) % 90, index=design.data.index,
                                                  dtype=float))
    means = sk.mean(design, ["age", "visits"], by=["site_type"])
    ax = sk.plot_estimates(means, group="site_type", presentation=Presentation(scales=SCALES))
    assert [[t.get_text() for t in a.get_yticklabels()] for a in _panels(ax.figure)] == [["age"], ["visits"]]


def test_change_figure_refuses_items_of_different_scales_naming_them():
    """The change figure draws every item on one axis: a 1-5 beside a 0-10 item, or a number
    beside a score, is refused (there are no panels there), naming the items and their scales."""
    design = _design().with_columns(wave=pd.Series(np.tile(["1", "2"], 200), index=range(400)))
    means = pd.concat([sk.score(design, ["help"], by=["wave"]),
                       sk.score(design, ["recommend"], by=["wave"], codes={str(i): i for i in range(11)}),
                       sk.mean(design, ["age"], by=["wave"])], ignore_index=True)
    with pytest.raises(DataError, match=r"different scales \(help \(1–5\); recommend \(0–10\)\)"):
        sk.plot_change(means, items=["help", "recommend"], presentation=Presentation(scales=SCALES))
    with pytest.raises(DataError, match=r"different scales \(help \(1–5\); age \(a number\)\)"):
        sk.plot_change(means, items=["help", "age"], presentation=Presentation(scales=SCALES))
    with pytest.raises(DataError, match=r"\['age', 'help'\] are on different scales"):
        sk.plot_change(means, items=["help", "age"])
    ax = sk.plot_change(means, items=["help"], presentation=Presentation(scales=SCALES))   # one scale: drawn
    assert [t.get_text() for t in ax.get_yticklabels()] == ["help"]


def test_report_change_entry_of_a_score_and_a_number_is_refused_before_drawing(tmp_path):
    from surveykit.errors import ConfigError
    from surveykit.report.figures import FIGURES, TABLES
    from surveykit.report.spec import Spec
    from surveykit.study import load_study
    from tests.test_report_studies import write_three_wave_study

    study = load_study(write_three_wave_study(tmp_path, n=60))
    spec = Spec("mixed", "change", ("help", "visits"), ("gender",))
    with pytest.raises(ConfigError, match=r"\['help'\] \(codes 1–4\); \['visits'\] \(a number\).*one per scale"):
        FIGURES["change"].check(spec, study)
    TABLES["change"].check(spec, study)     # a table of changes has no axis to share
    FIGURES["change"].check(Spec("one", "change", ("help", "welcome"), ("gender",)), study)


def test_one_reference_line_or_x_label_for_panels_of_several_scales_is_refused():
    means = _means(_design())
    p = Presentation(scales=SCALES)
    with pytest.raises(DataError, match=r"ref=3 is a value on one scale.*\(help; recommend\)"):
        sk.plot_estimates(means, group="site_type", items=["help", "recommend"], ref=3, presentation=p)
    with pytest.raises(DataError, match=r"xlabel= names one axis"):
        sk.plot_estimates(means, group="site_type", items=["help", "recommend"], xlabel="Score", presentation=p)
    ax = sk.plot_estimates(means, group="site_type", items=["help"], ref=3, xlabel="Score", presentation=p)
    assert ax.get_xlabel() == "Score"
