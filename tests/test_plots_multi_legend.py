"""Multi-select figure: a group whose every share is suppressed has no bar, and its legend entry
took matplotlib's default blue (five groups alike in a tester's study), so a reader could not
tell which group was hidden. Each legend entry now has its group's own colour."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd

import surveykit as sk
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)


def test_a_fully_suppressed_group_keeps_its_colour_in_the_legend():
    rows = []
    for site, hidden in (("Fjellbygda", False), ("Øya", True), ("Strandvik", True), ("Sentrum", False)):
        for option in ("bok", "pc", "møte"):
            rows.append({"site": site, "variable": option, "estimate": 0.4, "conf_low": 0.3, "conf_high": 0.5,
                         "n": 5 if hidden else 50, "suppressed": hidden})
    ax = sk.plot_multi(pd.DataFrame(rows), group="site")
    legend = ax.get_legend()
    colours = {t.get_text(): mcolors.to_hex(h.get_facecolor()) for t, h in zip(legend.get_texts(), legend.legend_handles,
                                                                             strict=True) if t.get_text() in
               ("Fjellbygda", "Øya", "Strandvik", "Sentrum")}
    assert len(colours) == 4 and len(set(colours.values())) == 4, colours
    drawn = {p.get_gid().split("|", 1)[1]: mcolors.to_hex(p.get_facecolor()) for p in ax.patches
             if str(p.get_gid()).startswith("bar|")}
    assert colours["Fjellbygda"] == drawn["Fjellbygda"] and colours["Sentrum"] == drawn["Sentrum"]
