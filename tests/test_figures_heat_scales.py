"""The heatmap never colours items of different scales on one colour bar: a 0-10 item beside
1-5 items looked "best" in every cell (one colour bar 2-7), and a number (visits, 0-60)
beside 1-4 items outshone them all. The report's heatmap draws a block per scale, each with
its own colour bar spanning the scale and named by its ends; ``sk.plot_heatmap`` refuses items
on different scales (or numbers on no scale beside scaled items when nothing says their
scales). Its columns (districts) come in the configured order, as in every other figure, and a
wave's panel names a site as that wave named it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError
from surveykit.plots.theme import report_theme
from surveykit.presentation import Presentation
from surveykit.report.figures.heatmap import HeatmapResult, draw_heatmap
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

SATISFIED = ["Svært misnøgd", "Nokså misnøgd", "Verken nøgd eller misnøgd", "Nokså nøgd", "Svært nøgd"]
SAFE = ["Nokså utrygg", "Verken trygg eller utrygg", "Nokså trygg", "Svært trygg"]
TEN = [str(i) for i in range(11)]
DISTRICTS = ["Nord", "Øst", "Syd", "Vest"]    # the codebook's order (not the alphabet's: Ø after V)
SCALES = {"nogd": (1, 5, "Svært misnøgd", "Svært nøgd"), "tilra": (0, 10, "Lite sannsynleg", "Svært sannsynleg"),
          "trygg": (1, 4, "Nokså utrygg", "Svært trygg")}
P = Presentation("nn", names={"nogd": "Nøgd", "tilra": "Tilrå", "trygg": "Trygg", "visits": "Besøk"},
                 values={"wave": {"1": "2023", "2": "2024"}}, scales=SCALES)


def _design() -> sk.Design:
    rng = np.random.default_rng(11)
    n = 800
    scales = {"nogd": SATISFIED, "trygg": SAFE, "tilra": TEN}
    answers = {item: pd.Categorical(rng.choice(levels, n), levels, ordered=True) for item, levels in scales.items()}
    waves = pd.Categorical(np.repeat(["1", "2"], n // 2), ["1", "2"], ordered=True)
    return sk.Design(pd.DataFrame(answers).assign(visits=rng.integers(0, 61, n).astype(float), wave=waves, w=1.0,
                                                  kommunedel=pd.Categorical(rng.choice(DISTRICTS, n), DISTRICTS)),
                     weights="w")


def _means(by) -> pd.DataFrame:
    d = _design()
    return pd.concat([sk.score(d, ["nogd"], by=by), sk.score(d, ["trygg"], by=by),
                      sk.score(d, ["tilra"], by=by, codes={str(i): i for i in range(11)}),
                      sk.mean(d, ["visits"], by=by)], ignore_index=True)


def _result(means, items=("nogd", "tilra", "trygg")) -> HeatmapResult:
    return HeatmapResult(means[means["variable"].isin(items)], tuple(items), "kommunedel", "wave")


def _grids(fig):
    """Each panel's items and its colour image."""
    out = []
    for ax in fig.axes:
        if ax.images and ax.get_label() != "<colorbar>":
            out.append(([t.get_text() for t in ax.get_yticklabels()], ax.images[0], ax))
    return out


def test_items_of_different_scales_get_a_colour_scale_each_spanning_their_scale():
    fig = draw_heatmap(_result(_means(["kommunedel", "wave"])), P)
    grids = _grids(fig)
    assert [rows for rows, _, _ in grids] == [["Nøgd"], ["Tilrå"], ["Trygg"]] * 2   # a block per scale, per wave
    for rows, image, ax in grids:
        low, high = image.get_clim()
        assert (low, high) == {"Nøgd": (1, 5), "Tilrå": (0, 10), "Trygg": (1, 4)}[rows[0]]
        # the block says its scale by its ends
        scale = {"Nøgd": "Gjennomsnitt (1 = Svært misnøgd, 5 = Svært nøgd)",
                 "Tilrå": "Gjennomsnitt (0 = Lite sannsynleg, 10 = Svært sannsynleg)",
                 "Trygg": "Gjennomsnitt (1 = Nokså utrygg, 4 = Svært trygg)"}[rows[0]]
        assert ax.get_title(loc="right").endswith("\n" + scale)   # the line over the cells
    # the same scale has the same colours in every wave
    assert [g[1].get_clim() for g in grids[:3]] == [g[1].get_clim() for g in grids[3:]]


def test_a_number_beside_scaled_items_gets_its_own_block():
    fig = draw_heatmap(_result(_means(["kommunedel"]).assign(wave="1"), ("trygg", "visits")), P)
    (safe, safe_image, _), (visits, visits_image, ax) = _grids(fig)
    assert safe == ["Trygg"] and visits == ["Besøk"]
    assert safe_image.get_clim() == (1, 4)
    low, high = visits_image.get_clim()
    assert low == 0 and 25 < high < 40      # the visits' own colours, from none to the most (a mean near 30), not 1-4's
    assert ax.get_title(loc="right").endswith("\nGjennomsnitt")


def test_plot_heatmap_refuses_items_on_scales_of_other_ranges():
    means = _means(["kommunedel"])
    with pytest.raises(DataError, match=r"different scales.*nogd.*\(1–5\).*tilra.*\(0–10\)"):
        sk.plot_heatmap(means[means["variable"].isin(["nogd", "tilra"])], row="variable", col="kommunedel",
                        presentation=P)
    # without a presentation knowing the scales: a number of 0-60 beside 1-4 scores is refused by size
    with pytest.raises(DataError, match="visits"):
        sk.plot_heatmap(means[means["variable"].isin(["trygg", "visits"])], row="variable", col="kommunedel")
    # items of one scale range share the colour bar as before
    ax = sk.plot_heatmap(means[means["variable"].isin(["trygg"])], row="variable", col="kommunedel",
                         presentation=P)
    assert [t.get_text() for t in ax.get_xticklabels()] == DISTRICTS


def test_heatmap_columns_come_in_the_configured_order_as_in_the_other_figures():
    means = _means(["kommunedel", "wave"])
    fig = draw_heatmap(_result(means, ("nogd",)), P)
    for _, _, ax in _grids(fig):
        assert [t.get_text() for t in ax.get_xticklabels()] == DISTRICTS
    ax = sk.plot_estimates(means[means["variable"] == "nogd"], group=["kommunedel", "wave"], presentation=P)
    legend = [t.get_text().split(" · ")[0] for t in ax.get_legend().get_texts()][::2][:4]
    assert legend == DISTRICTS


def test_a_wave_panel_names_a_site_as_that_wave_named_it():
    means = _means(["kommunedel", "wave"])
    p = P.replace(values={**P.values, "kommunedel": {"Nord": "Nordbyen"}},
                  wave_values={"kommunedel": {"1": {"Nord": "Nordre bydel"}}})
    fig = draw_heatmap(_result(means, ("nogd",)), p)
    first, second = (ax for _, _, ax in _grids(fig))
    assert first.get_xticklabels()[0].get_text() == "Nordre bydel"
    assert second.get_xticklabels()[0].get_text() == "Nordbyen"


def test_means_figure_names_each_wave_s_groups_as_that_wave_named_them():
    means = _means(["kommunedel", "wave"])
    p = P.replace(values={**P.values, "kommunedel": {"Nord": "Nordbyen"}},
                  wave_values={"kommunedel": {"1": {"Nord": "Nordre bydel"}}})
    ax = sk.plot_estimates(means[means["variable"] == "nogd"], group=["kommunedel", "wave"], presentation=p)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["Nordre bydel · 2023", "Nordbyen · 2024"]


def test_numbers_of_a_study_without_scales_get_a_block_each():
    means = _means(["kommunedel"]).assign(wave="1")
    means = pd.concat([means[means["variable"] == "visits"], means[means["variable"] == "visits"].assign(
        variable="age", estimate=lambda f: f["estimate"] + 20)], ignore_index=True)
    fig = draw_heatmap(_result(means, ("visits", "age")), Presentation("nn"))
    assert [rows for rows, _, _ in _grids(fig)] == [["visits"], ["age"]]


def test_a_long_wave_label_stands_apart_from_the_scale_and_the_colour_bar_beside_the_grid():
    """Swedish waves "Våren 2023" were written on the baseline of the scale's line ("Medelvärde (1 =
    Stämmer inte alls …)") and over it; the colour bars stood far right of the grid, past the column
    names, short, with the ticks 2 and 4 only. The wave's name is now above the lines on the right,
    and each colour bar stands beside its grid, its full height, read by the scale's ends and middle."""
    long = P.with_labels(values={"wave": {"1": "Innbyggarundersøkinga våren 2023", "2": "Innbyggarundersøkinga 2024"},
                                 "kommunedel": {d: f"{d} bydelsutval og nærmiljø" for d in DISTRICTS}})
    with report_theme():
        fig = draw_heatmap(_result(_means(["kommunedel", "wave"]), ("nogd",)), long)
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    grids = _grids(fig)
    assert len(grids) == 2
    for _, _, ax in grids:
        left, right = ax._left_title, ax._right_title
        assert left.get_text().startswith("Innbyggarundersøkinga") and right.get_text()
        box, lines = left.get_window_extent(renderer), right.get_window_extent(renderer)
        label = left.get_text().rstrip("\n")     # blank lines under the name lift it: its own line's height
        line = fig.text(0, 0, label, fontproperties=left.get_fontproperties()).get_window_extent(renderer).height
        assert box.y1 - line > lines.y1 and box.x0 < lines.x0   # the name above the lines on the right
        [bar] = ax.child_axes
        box, grid = bar.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert 0 < box.x0 - grid.x1 < 0.05 * grid.width          # beside the grid
        assert abs(box.height - grid.height) < 1                 # as tall as the grid
        assert [t.get_text() for t in bar.get_yticklabels()] == ["1", "3", "5"]
