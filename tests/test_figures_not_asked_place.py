"""The words of a question not asked in a wave ("ikkje spurt") were written at the axis' left
edge, over the other wave's markers and intervals when these reach the edge (a mean near the
scale's bottom in the means figure; the change figure, whose axis ends at the data). They now
sit where they cover no marker, interval or line: checked on the drawn figure's boxes."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection

import surveykit as sk
from surveykit.presentation import Presentation
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

SAFE = ["Svært utrygg", "Nokså utrygg", "Nokså trygg", "Svært trygg"]
DISTRICTS = ["Nord", "Sentrum", "Sør", "Vest"]
P = Presentation("nn", names={"trygg": "Kor trygg kjenner du deg?"}, values={"wave": {"1": "2023", "2": "2024"}},
                 not_asked=frozenset({("trygg", "1")}), scales={"trygg": (1, 4, "Svært utrygg", "Svært trygg")})


@pytest.fixture(scope="module")
def scores():
    """Wave 1 did not ask ``trygg``; in wave 2 most feel very unsafe: means near 1, the scale's bottom."""
    rng = np.random.default_rng(4)
    n = 400
    answers = rng.choice(SAFE, n, p=[0.8, 0.12, 0.05, 0.03])
    frame = pd.DataFrame({"trygg": pd.Categorical(answers, SAFE, ordered=True),
                          "kommunedel": pd.Categorical(rng.choice(DISTRICTS, n), DISTRICTS),
                          "wave": pd.Categorical(np.repeat(["1", "2"], n // 2), ["1", "2"], ordered=True), "w": 1.0})
    frame.loc[frame["wave"] == "1", "trygg"] = None
    design = sk.Design(frame, weights="w")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sk.score(design, ["trygg"], by=["kommunedel", "wave"]), sk.change(design, ["trygg"], by="kommunedel", no_answers="keep")


def _covered(fig, ax, gap: float = 0.0) -> list[str]:
    """The marks "ikkje spurt" whose frame covers a marker, an interval or a line of the data, or
    comes nearer to one than ``gap`` points (a mark touching an interval's end reads as its point)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    marks = [t for t in ax.texts if t.get_gid() == "not_asked"]
    assert marks
    px = fig.dpi / 72
    data = []   # (points in display units, how far their ink reaches around them)
    for artist in ax.collections:
        if isinstance(artist, LineCollection):
            data += [(artist.get_transform().transform(s), max(artist.get_linewidths()) / 2 * px)
                     for s in artist.get_segments() if len(s)]
        elif isinstance(artist, PathCollection) and len(artist.get_offsets()):
            data += [(artist.get_offset_transform().transform(artist.get_offsets()),
                      np.sqrt(max(artist.get_sizes())) / 2 * px)]
    for line in ax.lines:
        if line.get_gid() == "link":
            data.append((line.get_transform().transform(line.get_xydata()), line.get_linewidth() / 2 * px))
    covered = []
    for mark in marks:
        for points, ink in data:
            box = mark.get_bbox_patch().get_window_extent(renderer).padded(ink + gap * px)
            xs, ys = points[:, 0], points[:, 1]
            inside_y = (ys >= box.y0) & (ys <= box.y1)
            # a segment (two ends at one y) covers the box where their x ranges meet; a point where it lies
            if len(points) == 2 and ys[0] == ys[1]:
                if inside_y[0] and min(xs) <= box.x1 and max(xs) >= box.x0:
                    covered.append(mark.get_text())
            elif (inside_y & (xs >= box.x0) & (xs <= box.x1)).any():
                covered.append(mark.get_text())
    return covered


def test_means_figure_not_asked_marks_cover_no_data(scores):
    means, _ = scores
    assert means.loc[means["wave"] == "2", "conf_low"].min() < 1.15     # the data reach the axis' left edge
    ax = plt.figure(figsize=(6.7, 3.2), layout="constrained").add_subplot()   # as the report's figure
    ax = sk.plot_estimates(means, group=["kommunedel", "wave"], presentation=P, ax=ax)
    assert len([t for t in ax.texts if t.get_gid() == "not_asked"]) == 4
    assert _covered(ax.figure, ax, gap=3) == []


def test_change_figure_not_asked_marks_cover_no_data(scores):
    means, change = scores
    ax = sk.plot_change(means, change, group="kommunedel", presentation=P)
    assert _covered(ax.figure, ax, gap=3) == []
    # the marks stay inside the axes, left of the change column
    renderer = ax.figure.canvas.get_renderer()
    for mark in (t for t in ax.texts if t.get_gid() == "not_asked"):
        box = mark.get_bbox_patch().get_window_extent(renderer)
        assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1
