"""A change figure marks a group's waves without a point once per kind of mark, side by side:
three suppressed waves of a group were three en dashes stacked a little apart at the left axis,
which read as one glyph ("Ξ"), and two waves not asked drew two frames on top of each other."""

from __future__ import annotations

import numpy as np
import pandas as pd

import surveykit as sk
from surveykit.presentation import Presentation
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

WAVES = ["1", "2", "3", "4"]


def _means(hidden: dict[str, list[str]], n_zero: dict[str, list[str]] | None = None) -> pd.DataFrame:
    rows = []
    for group in ("Nord", "Sør", "Vest"):
        for k, wave in enumerate(WAVES):
            off = wave in hidden.get(group, [])
            empty = wave in (n_zero or {}).get(group, [])
            estimate = np.nan if off or empty else 3.0 + 0.1 * k
            rows.append({"region": group, "wave": wave, "variable": "q", "level": None, "estimate": estimate,
                         "conf_low": estimate - 0.2, "conf_high": estimate + 0.2, "n": 0 if empty else 50,
                         "suppressed": off})
    return pd.DataFrame(rows)


P = Presentation("nb", names={"q": "Trygghet"}, values={"wave": {w: f"20{20 + int(w)}" for w in WAVES}},
                 min_cell=10, not_asked=frozenset({("q", "3"), ("q", "4")}))


def _marks(ax, gid: str) -> list:
    return [t for t in ax.texts if t.get_gid() == gid]


def test_three_suppressed_waves_of_a_group_are_one_mark():
    ax = sk.plot_change(_means({"Sør": ["1", "2", "4"]}), group="region", presentation=P)
    [mark] = _marks(ax, "suppressed")
    assert mark.get_position()[1] == 1          # on the row of Sør, at its middle


def test_a_suppressed_and_a_not_asked_wave_are_two_marks_apart():
    means = _means({"Sør": ["1"]}, n_zero={"Sør": ["3", "4"], "Nord": ["3", "4"], "Vest": ["3", "4"]})
    ax = sk.plot_change(means, group="region", presentation=P)
    assert len(_marks(ax, "not_asked")) == 3                      # a frame per row, not one per wave
    [dash] = _marks(ax, "suppressed")
    [framed] = [t for t in _marks(ax, "not_asked") if round(t.get_position()[1]) == 1]
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    assert not dash.get_window_extent(renderer).overlaps(framed.get_window_extent(renderer))
