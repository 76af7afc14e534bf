"""plot_composition and plot_weights."""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.errors import DataError
from surveykit.plots import plot_composition, plot_weights
from tests.test_plots_common import _close_figures, make_composition  # noqa: F401


def test_composition_draws_each_source_as_given():
    frame = make_composition()
    ax = plot_composition(frame)
    pop = [p for p in ax.patches if p.get_gid() == "bar|population"]
    np.testing.assert_allclose([p.get_width() for p in pop], frame[frame.source == "population"].share)
    for source in ("sample", "weighted"):
        coll = next(c for c in ax.collections if c.get_gid() == f"points|{source}")
        np.testing.assert_allclose(coll.get_offsets()[:, 0], frame[frame.source == source].share)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:2] == ["Drammen", "Kvinne · 16–29"] and "Indre Østfold" in labels
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Befolkning", "Utvalg, uvektet", "Utvalg, vektet"]


def test_composition_rejects_unknown_source():
    frame = make_composition().replace({"source": {"weighted": "raked"}})
    with pytest.raises(DataError, match=r"source values must be among \['population', 'sample', 'weighted'\]; got \['raked'\]"):
        plot_composition(frame)


def test_weights_histogram_and_n_eff():
    weights = np.random.default_rng(3).lognormal(0, 0.4, 500)
    ax = plot_weights(weights, n_eff=431.6)
    assert sum(p.get_height() for p in ax.patches) == 500
    note = next(t for t in ax.texts if t.get_gid() == "n_eff").get_text()
    assert note == "Effektivt utvalg (Kish): 432 av 500"
    formatter = ax.xaxis.get_major_formatter()
    formatter.set_locs([1.0, 1.5, 2.0])
    assert formatter(1.5, None) == "1,5" and formatter(2.0, None) == "2,0"


def test_weights_note_leaves_every_bar_visible():
    # a tester's post-stratified study: the note "Effective sample size (Kish): 599 of 600" covered
    # the top of the right-hand bar (the largest weights), whose height could not be read
    weights = np.r_[np.full(300, 90.0), np.full(290, 110.0), np.full(10, 174.0) + np.arange(10) * 0.1]
    weights[-300:] = 174.0  # the right-hand bar is the tallest
    ax = plot_weights(weights, n_eff=599.0)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = next(t for t in ax.texts if t.get_gid() == "n_eff").get_bbox_patch().get_window_extent(renderer)
    for bar in ax.patches:
        top = bar.get_window_extent(renderer)
        if bar.get_height() > 0 and top.x1 > box.x0 and top.x0 < box.x1:  # a bar under the note
            assert top.y1 < box.y0, (bar.get_x(), bar.get_height())


def test_weights_must_be_finite_and_non_negative():
    with pytest.raises(DataError, match=r"2 of 4 are not"):
        plot_weights([1.0, np.nan, -1.0, 2.0])
