"""The adjusted comparison figure: a wrapped effect label ("Har du besökt en vårdcentral det
senaste året?: Ja") ran into the next row's label ("Åldersgrupp: 30-49"): rows are now as tall
as their labels' lines. And each categorical predictor's reference level, against which its
coefficients are read, is named on the figure in the report's language ("Kommun: Lycksele
(referens)")."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.plots import add_footer, report_theme
from surveykit.presentation import Presentation
from surveykit.report.figures import draw
from surveykit.report.figures.adjusted import AdjustedResult, _references
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

AGES = ["16-29", "30-49", "50-64", "65+"]
KOMMUNER = ["Lycksele", "Skellefteå", "Sorsele", "Umeå", "Vilhelmina"]
P = Presentation("sv", names={"vardcentral": "Har du besökt en vårdcentral det senaste året?",
                              "age_group": "Åldersgrupp", "kommun": "Kommun", "gender": "Kön",
                              "nojd": "Hur nöjd är du med kollektivtrafiken?"})
TERMS = ("C(vardcentral)", "C(age_group)", "C(gender)", "C(kommun)")


@pytest.fixture(scope="module")
def coefficients() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    n = 900
    frame = pd.DataFrame({
        "vardcentral": pd.Categorical(rng.choice(["Nej", "Ja"], n), ["Nej", "Ja"]),
        "age_group": pd.Categorical(rng.choice(AGES, n), AGES, ordered=True),
        "gender": pd.Categorical(rng.choice(["Kvinna", "Man"], n), ["Kvinna", "Man"]),
        "kommun": pd.Categorical(rng.choice(KOMMUNER, n), KOMMUNER),
        "w": rng.uniform(0.5, 2, n),
    })
    frame["nojd"] = 3 + 0.3 * frame["age_group"].cat.codes + rng.normal(0, 1, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sk.regress(sk.Design(frame, weights="w"), "nojd ~ " + " + ".join(TERMS)).assign(outcome="nojd"), frame


def _overlapping(ax) -> list[tuple[str, str]]:
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    ticks = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in ticks]
    return [(ticks[i].get_text(), ticks[j].get_text()) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i].overlaps(boxes[j])]


def test_adjusted_figure_labels_do_not_overlap_and_name_the_references(coefficients):
    coefs, frame = coefficients
    design = sk.Design(frame, weights="w")
    columns = [t[2:-1] for t in TERMS]
    references = [ref for t in TERMS for ref in _references(design, "nojd", t, ["nojd", *columns], coefs, False)]
    result = AdjustedResult(coefs, "vardcentral", TERMS, tuple(references))
    assert {column: level for _, column, level in result.references} == {"vardcentral": "Nej", "age_group": "16-29", "gender": "Kvinna",
                                       "kommun": "Lycksele"}
    with report_theme():   # as the build draws it: the report's fonts, its title and footer
        fig = draw("adjusted", result, P, "Justerat samband (regression): Hur nöjd är du med kollektivtrafiken i din kommun?")
        add_footer(fig, "Källa: Medborgarundersökning 2024 (Microsoft Forms) · 2024 · n = 900")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Har du besökt en vårdcentral det senaste\nåret?: Ja" and labels[1] == "Åldersgrupp: 30-49"
    assert _overlapping(ax) == []
    legend = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    assert {"Åldersgrupp: 16-29 (referens)", "Kön: Kvinna (referens)", "Kommun: Lycksele (referens)",
            "Har du besökt en vårdcentral det senaste året?: Nej (referens)"} <= set(legend)


def test_plot_coefficients_own_figure_gives_wrapped_labels_their_room(coefficients):
    coefs, _ = coefficients
    ax = sk.plot_coefficients(coefs, presentation=P.replace(language="en"), highlight="vardcentral",
                              references={"kommun": "Lycksele"})
    assert "\n" in ax.get_yticklabels()[0].get_text()
    assert _overlapping(ax) == []
    assert "Kommun: Lycksele (reference)" in [t.get_text() for t in ax.get_legend().get_texts()]
