"""The likert figure's legend keeps clear of the base note (the x label: "Andel av dem som tok
stilling ..."), of the tick labels and of the footer ("n = ..."). A don't-know answer named in
more than 12 characters is wrapped onto two tick lines, which pushed the base note down into
the legend at its fixed offset; seven long answer labels under one row of bars made a legend
taller than the figure had room for, constrained layout gave up and the legend ran over the
footer; beside long row labels the base note ran off the figure's right edge (now on two
lines, one per base). Measured on the drawn figure (the renderer's bounding boxes), for
several shapes."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from surveykit.plots.theme import add_footer, report_theme
from surveykit.presentation import Presentation
from surveykit.report.figures import draw
from surveykit.report.figures.likert import LikertResult, ScalePanel

LONG = "Svært lite fornøyd med tilbudet på stedet"


def _result(levels: int, rows: int, long: bool, dont_know: str | None, items: int = 1) -> LikertResult:
    order = [f"{LONG} ({i})" if long else f"Nivå {i}" for i in range(levels)]
    groups = [f"Gruppe med et ganske langt navn {g}" if long else f"G{g}" for g in range(rows)]
    rng = np.random.default_rng(levels * 100 + rows)
    records = []
    for item in [f"item{i}" for i in range(items)]:
        for group in groups:
            for level, share in zip(order, rng.dirichlet(np.ones(levels)), strict=True):
                records.append((group, item, level, share, 200, False))
            if dont_know:
                records.append((group, item, dont_know, 0.1, 220, False))
    shares = pd.DataFrame(records, columns=["grp", "variable", "level", "estimate", "n", "suppressed"])
    neutral = order[levels // 2] if levels % 2 else None
    panel = ScalePanel(tuple(f"item{i}" for i in range(items)), tuple(order), neutral,
                       (dont_know,) if dont_know else ())
    return LikertResult(shares, ("grp",), (panel,))


def _apart(a, b) -> bool:
    return a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


@pytest.mark.parametrize(("levels", "rows", "long", "dont_know", "items"), [
    (5, 3, False, "Vet ikke", 1),                    # the usual figure
    (5, 3, False, "Vet ikke / ikke aktuelt", 1),     # the don't-know name on two tick lines
    (2, 12, True, "Vet ikke / ikke aktuelt", 2),
    (3, 1, True, None, 1),                           # no don't-know: no base note
    (7, 1, True, "Vet ikke", 1),                     # seven long labels under one row
    (7, 3, True, "Vet ikke / ikke aktuelt", 1),
    (4, 12, False, "Vet ikke", 3),
])
def test_the_legend_is_clear_of_the_base_note_ticks_and_footer(levels, rows, long, dont_know, items):
    p = Presentation("nb", min_cell=5)
    with report_theme(), warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)   # "constrained_layout not applied" is a failure too
        fig = draw("likert", _result(levels, rows, long, dont_know, items), p, "Tittel")
        try:
            add_footer(fig, "Kilde: Syntetiske data · År 1 og År 2 · n = 200–220 per estimat · Syntetiske data")
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            (ax,) = fig.axes
            legend = ax.get_legend().get_window_extent(renderer)
            figure = fig.bbox
            assert legend.y0 >= figure.y0 and legend.y1 <= figure.y1
            base = ax.xaxis.label
            assert bool(base.get_text()) == bool(dont_know)
            if base.get_text():
                box = base.get_window_extent(renderer)
                assert _apart(box, legend), (box, legend)
                assert box.y0 - legend.y1 >= 2, "the base note touches the legend"
                assert box.x0 >= figure.x0 and box.x1 <= figure.x1, "the base note runs off the figure"
            for tick in ax.get_xticklabels():
                if tick.get_text():
                    assert _apart(tick.get_window_extent(renderer), legend), tick.get_text()
            (footer,) = [t for t in fig.texts if t.get_gid() == "footer"]
            box = footer.get_window_extent(renderer)
            assert legend.y0 >= box.y1, (box, legend)   # the legend's box holds its own padding
            assert box.y0 >= figure.y0
            # the bars are laid out: the Axes sits above the legend, not squeezed to nothing
            assert ax.get_window_extent(renderer).height > 20
        finally:
            plt.close(fig)
