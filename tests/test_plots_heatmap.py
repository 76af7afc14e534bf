"""plot_heatmap: numbers in cells, suppressed cells hatched with no number."""

from __future__ import annotations

import re

import numpy as np
import pytest

from surveykit.errors import DataError
from surveykit.plots import plot_heatmap
from tests.test_plots_common import SITES, _close_figures, make_heatmap, make_means, presentation  # noqa: F401


def _cell_texts(ax):
    """{(row, col): [texts]} by the cell under each text's position."""
    out = {}
    for t in ax.texts:
        x, y = t.get_position()
        out.setdefault((round(y), round(x)), []).append(t)
    return out


def test_values_written_in_their_cells_and_suppressed_cells_have_no_number():
    result = make_heatmap()
    ax = plot_heatmap(result, presentation=presentation(min_cell=30))
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert cols == ["År 1", "År 2"] and sorted(rows) == sorted(SITES.values())
    cells = _cell_texts(ax)
    by_label = {v: k for k, v in SITES.items()}
    for (i, j), texts in cells.items():
        rec = result[(result.site == by_label[rows[i]]) & (result.wave == str(j + 1))].iloc[0]
        if rec.suppressed:
            assert [t.get_text() for t in texts] == ["–"]
            assert not any(re.search(r"\d", t.get_text()) for t in texts)
        else:
            assert [t.get_text() for t in texts] == [f"{rec.estimate:.1f}".replace(".", ",")]
    hatched = [p for p in ax.patches if p.get_gid() == "suppressed_cell"]
    assert len(hatched) == int(result.suppressed.sum()) and all(p.get_hatch() for p in hatched)
    assert ax.get_legend().get_texts()[0].get_text() == "–  Undertrykt (færre enn 30 svar)"
    image = ax.get_images()[0].get_array()
    assert int(np.ma.getmaskarray(image).sum()) == int(result.suppressed.sum())


def test_items_as_columns_and_english():
    means = make_means(items=("help", "welcome"))
    result = means[means.wave == "1"]
    ax = plot_heatmap(result, row="site_type", col="variable", presentation=presentation("en"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Co-located", "Separate"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Det er lett å få hjelp", "Jeg føler meg velkommen"]
    assert all("." in t.get_text() for t in ax.texts if t.get_gid() == "value")


def test_heatmap_errors():
    means = make_means(items=("help", "welcome"))
    with pytest.raises(DataError, match=r"several variables \['help', 'welcome'\]; pass item="):
        plot_heatmap(means, row="site_type", col="wave")
    with pytest.raises(DataError, match=r"row and col must differ"):
        plot_heatmap(means, row="wave", col="wave")
    with pytest.raises(DataError, match=r"no column\(s\) \['site'\]"):
        plot_heatmap(means)


def test_numbers_left_out_for_a_colour_bar_when_cells_are_too_narrow():
    import pandas as pd

    def grid(n_cols):
        return pd.DataFrame([(f"s{j}", f"q{i}", 3 + 0.01 * (i + j), j == 0) for i in range(3) for j in range(n_cols)],
                            columns=["site", "variable", "estimate", "suppressed"])

    few = plot_heatmap(grid(9), row="variable", col="site", colorbar=False)
    assert sum(t.get_gid() == "value" for t in few.texts) == 3 * 8
    assert not few.child_axes  # no colour bar when asked
    many = plot_heatmap(grid(200), row="variable", col="site")
    assert not many.texts  # neither numbers nor dashes: they would overlap
    assert len(many.child_axes) == 1  # the colour bar reads the colours, beside the grid
    hatched = [p for p in many.patches if p.get_gid() == "suppressed_cells"]  # still hatched, as one path
    assert len(hatched) == 1 and hatched[0].get_hatch()
    corners = hatched[0].get_path().vertices[hatched[0].get_path().codes == 1]  # MOVETO: one per cell
    assert sorted(map(tuple, corners + 0.5)) == [(0.0, 0.0), (0.0, 1.0), (0.0, 2.0)]
    forced = plot_heatmap(grid(200), row="variable", col="site", numbers=True)
    assert sum(t.get_gid() == "value" for t in forced.texts) == 3 * 199


def test_colour_scale_n_and_uncertainty_are_shown():
    """Issue 13: a colour bar reads the colours; n and the intervals' range are written."""
    result = make_heatmap()
    ax = plot_heatmap(result, presentation=presentation(min_cell=30))
    assert len(ax.child_axes) == 1  # the colour bar, also when the numbers fit
    shown = result[~result.suppressed]
    note = ax.get_title(loc="right")
    half = (shown.conf_high - shown.conf_low) / 2
    assert note == (f"n per celle {shown.n.min()}–{shown.n.max()}; 95 % KI "
                    f"±{half.min():.2f} til ±{half.max():.2f}".replace(".", ","))
    plain = plot_heatmap(result.drop(columns=["n"]))
    assert plain.get_title(loc="right") == ""  # no n in the result: nothing claimed
