"""A question not asked in one wave is marked in the figure by its words ("ikke spurt") in a
frame, and its legend entry shows that frame as its symbol (it was blank); a group without
answers is framed in dots, its legend entry alike; neither looks like the suppressed hatching
nor like a bar of the neutral answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba

import surveykit as sk
from surveykit.presentation import Presentation
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

LEVELS = ["Uenig", "Nøytral", "Enig"]


def _design() -> sk.Design:
    """Two waves; ``q`` was asked only in wave 2; ``help`` in both."""
    rng = np.random.default_rng(3)
    n = 240
    frame = pd.DataFrame({
        "q": pd.Categorical(rng.choice(LEVELS, n), LEVELS, ordered=True),
        "help": pd.Categorical(rng.choice(LEVELS, n), LEVELS, ordered=True),
        "wave": pd.Categorical(np.repeat(["1", "2"], n // 2), ["1", "2"], ordered=True),
        "site": rng.choice(["Nord", "Sør"], n),
        "w": 1.0,
    })
    frame.loc[frame["wave"] == "1", "q"] = None
    return sk.Design(frame, weights="w")


P = Presentation("nb", names={"q": "Nytt spørsmål", "help": "Lett å få hjelp"},
                 values={"wave": {"1": "År 1", "2": "År 2"}}, not_asked=frozenset({("q", "1")}))


def _entry(ax, label_start: str):
    legend = ax.get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    index = next(i for i, t in enumerate(texts) if t.startswith(label_start))
    return legend.legend_handles[index]


def _visible(handle) -> bool:
    face, edge = to_rgba(handle.get_facecolor()), to_rgba(handle.get_edgecolor())
    white = to_rgba("white")
    return (face[3] > 0 and face != white) or (edge[3] > 0 and edge != white and handle.get_linewidth() > 0)


def _same_look(symbol, patch) -> bool:
    """The legend symbol is drawn as the mark's frame: fill, edge, width and dashes."""
    return (to_rgba(symbol.get_facecolor()) == to_rgba(patch.get_facecolor())
            and to_rgba(symbol.get_edgecolor()) == to_rgba(patch.get_edgecolor())
            and symbol.get_linewidth() == patch.get_linewidth()
            and symbol._dash_pattern == patch._dash_pattern)   # the drawn dashes (the legend copies only these)


def _marks(ax, gid: str):
    return [t for t in ax.texts if t.get_gid() == gid]


def test_likert_not_asked_bar_and_its_legend_symbol_match():
    shares = sk.proportion(_design(), "q", by="wave")
    ax = sk.plot_likert(shares, order=LEVELS, neutral="Nøytral", group="wave", presentation=P)
    [mark] = _marks(ax, "not_asked")
    assert mark.get_text() == "ikke spurt"
    box = mark.get_bbox_patch()
    symbol = _entry(ax, "Ikke spurt: spørsmålet var ikke med i den runden")
    assert _visible(symbol) and _same_look(symbol, box)
    assert symbol.get_hatch() is None    # not the suppressed hatching
    bars = {to_rgba(b.get_facecolor()) for b in ax.patches if (b.get_gid() or "").startswith("likert|")}
    assert to_rgba(symbol.get_facecolor()) not in bars    # not the grey of "Nøytral"


def test_dot_figure_not_asked_mark_and_its_legend_symbol_match():
    means = sk.score(_design(), ["help", "q"], by=["wave"])
    ax = sk.plot_estimates(means, group="wave", presentation=P)
    [mark] = _marks(ax, "not_asked")
    symbol = _entry(ax, "Ikke spurt")
    assert _visible(symbol) and _same_look(symbol, mark.get_bbox_patch())


def test_heatmap_not_asked_cell_is_filled_like_its_legend_symbol_with_and_without_numbers():
    means = sk.score(_design(), ["q"], by=["site", "wave"])
    for numbers in (True, False):
        ax = sk.plot_heatmap(means, row="site", col="wave", presentation=P, numbers=numbers)
        cells = [a for a in ax.patches if a.get_gid() == "not_asked_cell"]
        assert len(cells) == 2    # both sites in wave 1
        symbol = _entry(ax, "Ikke spurt")
        assert _visible(symbol) and _same_look(symbol, cells[0])
        assert len(_marks(ax, "not_asked")) == (2 if numbers else 0)
        # the range of n is that of the cells with answers, not from the 0 of the cells not asked
        note = ax.get_title(loc="right")
        assert note.startswith("n per celle ") and " 0–" not in note


def test_no_answers_has_a_visible_dotted_symbol():
    design = _design()
    means = sk.score(design, ["help", "q"], by=["wave"])
    ax = sk.plot_estimates(means, group="wave", presentation=Presentation("en"))   # nothing known as not asked
    [mark] = _marks(ax, "no_answers")
    symbol = _entry(ax, "No answers")
    assert _visible(symbol) and _same_look(symbol, mark.get_bbox_patch())
    assert mark.get_bbox_patch().get_linestyle() == ":"
    assert not _same_look(symbol, _entry(sk.plot_estimates(means, group="wave", presentation=P), "Ikke spurt"))
