"""Matplotlib helpers of the report's figures (imported only where a figure is drawn).

Example:
    >>> fig, axes = new_figure(8.0, 2, 1)
    >>> axes.shape
    (2, 1)
"""

from __future__ import annotations

import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = ["CM", "WIDTH", "agg_canvas", "fit_rows", "new_figure", "title_figure", "wrap_even", "wrap_title"]

CM = 1 / 2.54
WIDTH = 17 * CM


def agg_canvas(fig: Figure) -> Figure:
    """``fig`` on an Agg canvas: a report figure is measured and drawn by Agg whatever the user's
    backend (``MPLBACKEND=pdf`` has no ``get_renderer``, and another renderer measures text
    otherwise); the global backend is left alone."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if type(fig.canvas) is not FigureCanvasAgg:
        FigureCanvasAgg(fig)   # becomes fig.canvas
    return fig


def new_figure(height_cm: float, nrows: int = 1, ncols: int = 1, **kw) -> tuple[Figure, np.ndarray]:
    """An A4-width constrained-layout figure ``height_cm`` tall with a grid of Axes (on Agg)."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, height_cm * CM), layout="constrained", squeeze=False, **kw)
    return agg_canvas(fig), axes


def wrap_even(label: str, width: int) -> str:
    """Wrap onto as few lines as ``width`` allows, with lines of even length (no orphan word).

    Example:
        >>> wrap_even("Lett å få hjelp med digitale tjenester", 30)
        'Lett å få hjelp med\\ndigitale tjenester'
    """
    label = str(label)
    if len(label) <= width:
        return label
    lines = len(textwrap.wrap(label, width))
    for w in range(-(-len(label) // lines), width + 1):
        if len(textwrap.wrap(label, w)) <= lines:
            return textwrap.fill(label, w)
    return textwrap.fill(label, width)


def wrap_title(title: str, width_pt: float, fontsize: float = 11, weight: str = "bold") -> str:
    """``title`` on as few lines as fit ``width_pt`` (measured in the font), the lines of even
    length.

    Example:
        >>> wrap_title("Hvor fornøyd er du med biblioteket og innbyggertorget der du bor?", 300)
        'Hvor fornøyd er du med biblioteket\\nog innbyggertorget der du bor?'
    """
    from surveykit.plots.theme import text_width_pt, wrap_to_width

    title = str(title)
    fits = lambda text: all(text_width_pt(line, fontsize, weight=weight) <= width_pt  # noqa: E731
                            for line in text.split("\n"))
    if fits(title):
        return title
    greedy = wrap_to_width(title, width_pt, fontsize, separator="\n", weight=weight)   # the fewest lines
    lines = greedy.count("\n") + 1
    for w in range(-(-len(title) // lines), len(title) + 1):   # the narrowest even wrap that fits
        text = textwrap.fill(title, w, break_long_words=False)   # "(nettskjema)" is not "(net\ntskjema)"
        if text.count("\n") + 1 > lines:
            continue
        if fits(text):
            return text
        break   # wider wraps only make the first lines longer
    return greedy


def title_figure(fig: Figure, title: str, fontsize: float = 11) -> None:
    """Give ``fig`` its title (bold, wrapped to the figure's width), the figure made taller by
    the title's lines beyond the first (the kinds' heights leave room for one)."""
    text = wrap_title(title, fig.get_figwidth() * 72 * 0.95, fontsize)
    fig.suptitle(text, fontsize=fontsize, fontweight="bold")
    extra = text.count("\n")
    if extra:
        fig.set_figheight(fig.get_figheight() + extra * fontsize * 1.3 / 72)


def fit_rows(fig: Figure, passes: int = 3) -> None:
    """Make ``fig`` taller until no axes' row labels (y tick labels) overlap: a figure whose
    height was reckoned per row can still be squeezed by a long title, a legend of several
    rows or wrapped labels, and its labels then run into each other. A legend under an Axes
    taller than the figure has room for (seven answers of long labels under one row of bars)
    made constrained layout give up, the legend running over the footer: the figure grows by
    what the legend lacks."""
    for _ in range(passes):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        collapsed = False
        for warning in caught:
            if "constrained_layout not applied" in str(warning.message):
                collapsed = True
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        renderer = fig.canvas.get_renderer()
        deficit: dict[int, float] = {}   # per grid row of axes: inches it lacks
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is not None and legend.get_visible():
                box = legend.get_window_extent(renderer)
                over = max(-box.y0, box.height if collapsed else 0.0)   # below the figure's bottom
                if over > 0:
                    spec = ax.get_subplotspec()
                    row = spec.rowspan.start if spec is not None else id(ax)
                    deficit[row] = max(deficit.get(row, 0.0), over / fig.dpi + 0.1)
            ticks = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
            if len(ticks) < 2 or collapsed:   # not laid out: its rows are measured once it is
                continue
            ys = np.sort([ax.transData.transform((0, t.get_position()[1]))[1] for t in ticks])
            pitch = float(np.min(np.diff(ys))) if len(ys) > 1 else 0.0
            need = max(t.get_window_extent(renderer).height for t in ticks) * 1.05
            if pitch <= 0 or need <= pitch:
                continue
            spec = ax.get_subplotspec()
            row = spec.rowspan.start if spec is not None else id(ax)
            lack = ax.bbox.height * (need / pitch - 1) / fig.dpi
            deficit[row] = max(deficit.get(row, 0.0), lack)
        if not deficit:
            return
        fig.set_figheight(fig.get_figheight() + sum(deficit.values()))
