"""Reports of studies configured unlike the demo (a Danish study with 40 sites whose second
wave asked only half the questions, ...): what their reader sees, read back from the figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba

import surveykit as sk
from surveykit.plots.theme import report_theme
from surveykit.presentation import Presentation
from surveykit.report.figures.heatmap import HeatmapResult, draw_heatmap
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

AGREE = ["Meget uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Meget enig"]


def _forty_sites_second_wave_asks_half(sites: int = 40) -> pd.DataFrame:
    """Means of ``velkommen`` (asked in both waves) and ``aabning`` (only in 2023) by site × wave."""
    rng = np.random.default_rng(5)
    n = 3200
    frame = pd.DataFrame({
        "velkommen": pd.Categorical(rng.choice(AGREE, n), AGREE, ordered=True),
        "aabning": pd.Categorical(rng.choice(AGREE, n), AGREE, ordered=True),
        "site": [f"s{i:02d}" for i in rng.integers(0, sites, n)],
        "wave": pd.Categorical(np.repeat(["2023", "2025"], n // 2), ["2023", "2025"], ordered=True),
        "w": 1.0,
    })
    frame.loc[frame["wave"] == "2025", "aabning"] = None
    return sk.score(sk.Design(frame, weights="w"), ["velkommen", "aabning"], by=["site", "wave"])


def _legend_entries(fig) -> dict:
    """The figure's legend entries: label -> handle."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return {t.get_text(): h for legend in legends for t, h in zip(legend.get_texts(), legend.legend_handles,
                                                                     strict=True)}


def test_heatmap_of_many_sites_says_what_its_empty_frames_of_a_question_not_asked_mean():
    """With 40 sites the cells show colour only; the 2025 cells of a question only 2023 asked were
    drawn as 80 empty white frames and nothing in the figure said what they were (the legend entry
    "Ikke stillet: ..." was added only when the words "ikke stillet" were written in the cells)."""
    means = _forty_sites_second_wave_asks_half()
    p = Presentation("da", names={"velkommen": "Jeg føler mig velkommen", "aabning": "Åbningstiderne passer mig"},
                     scales={"velkommen": (1, 5, AGREE[0], AGREE[-1]), "aabning": (1, 5, AGREE[0], AGREE[-1])},
                     not_asked=frozenset({("aabning", "2025")}))
    with report_theme():
        fig = draw_heatmap(HeatmapResult(means, ("velkommen", "aabning"), "site", "wave"), p)
    frames = [a for ax in fig.axes for a in ax.patches if a.get_gid() == "not_asked_cell"]
    assert len(frames) == 40                      # every site of 2025, framed, without words
    assert not [t for ax in fig.axes for t in ax.texts if t.get_gid() == "not_asked"]
    entries = _legend_entries(fig)
    symbol = entries["Ikke stillet: spørgsmålet var ikke med i den runde"]
    # the entry's symbol is the frame drawn in the cells
    assert to_rgba(symbol.get_edgecolor()) == to_rgba(frames[0].get_edgecolor())
    assert to_rgba(symbol.get_facecolor()) == to_rgba(frames[0].get_facecolor())
