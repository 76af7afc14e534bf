"""Weighting diagnostics: sample vs population composition, and the weight distribution.

Example:
    >>> import pandas as pd
    >>> f = pd.DataFrame({"gender": ["Kvinne", "Mann"] * 3,
    ...                   "source": ["sample"] * 2 + ["weighted"] * 2 + ["population"] * 2,
    ...                   "share": [0.6, 0.4, 0.5, 0.5, 0.5, 0.5]})
    >>> [t.get_text() for t in plot_composition(f).get_legend().get_texts()]
    ['Befolkning', 'Utvalg, uvektet', 'Utvalg, vektet']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots._dots import row_axis
from surveykit.plots.theme import NEUTRAL_GREY, OKABE_ITO, number_formatter, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["SOURCES", "plot_composition", "plot_weights"]

SOURCES = ("population", "sample", "weighted")
_NOT_CELLS = ("source", "share", "n", "suppressed")
_STYLE = ("title", "xlabel", "legend")


@c.public_plot
def plot_composition(
    frame: pd.DataFrame,
    *,
    cells: Sequence[str] | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Compare the sample's composition with the population's, before and after weighting.

    ``frame`` is tidy: the cell columns (e.g. ``municipality, gender, age_group``), then
    ``source`` — ``"sample"`` (unweighted), ``"weighted"`` or ``"population"`` — and
    ``share``, the cell's share of its source (0–1), one row per cell × source. ``cells``
    names the cell columns (default: every column but ``source``, ``share`` and the counts
    ``n``/``suppressed`` a report adds, in frame order); with several, the
    first one heads blocks of rows. The population is a grey bar, the unweighted sample an
    open circle, the weighted sample a filled dot. Style: ``title``, ``xlabel``, ``legend``.

    Example:
        >>> import pandas as pd
        >>> f = pd.DataFrame({"age_group": ["16–29"], "source": ["sample"], "share": [0.1]})
        >>> plot_composition(f).get_yticklabels()[0].get_text()
        '16–29'
    """
    func = "plot_composition"
    c.check_style(func, style, _STYLE)
    p = c.presentation_of(presentation, func)
    c.check_frame(frame, ["source", "share"], func)
    c.check_has_rows(frame, func)
    if pd.to_numeric(frame["share"], errors="coerce").isna().all():
        raise DataError(f"{func}: every share is missing (column 'share' is empty); nothing to "
                        "draw. Check the composition table that produced it")
    cells = list(cells) if cells is not None else [x for x in frame.columns if x not in _NOT_CELLS]
    if not cells:
        raise DataError(f"{func}: no cell columns; the frame has only {list(frame.columns)}")
    c.check_frame(frame, cells, func)
    unknown = sorted({str(s) for s in frame["source"]} - set(SOURCES))
    if unknown:
        raise DataError(f"{func}: source values must be among {list(SOURCES)}; got {unknown}")
    c.one_row_each(frame, [*cells, "source"], func, "give one share per cell and source")
    c.check_shares(frame, func, "Give each cell's share of its source (0–1), not counts or "
                   "percentages", column="share")
    keys = c.group_keys(frame, cells, group_order, func)
    rows: list[tuple[str, object]] = []  # ("header", first cell value) or ("cell", key)
    for key in keys:
        if len(cells) > 1 and (not rows or rows[-1][1][0] != key[0]) and (
            not rows or rows[-1][0] == "cell"
        ):
            rows.append(("header", (key[0],)))
        rows.append(("cell", key))
    ax = c.get_axes(ax, 3.5 + 0.48 * len(rows))
    y_of = {key: r for r, (kind, key) in enumerate(rows) if kind == "cell"}
    styles = {
        "sample": {"marker": "o", "facecolors": "white", "edgecolors": OKABE_ITO[1]},
        "weighted": {"marker": "o", "facecolors": OKABE_ITO[0], "edgecolors": OKABE_ITO[0]},
    }
    for source in SOURCES:
        part = frame[frame["source"] == source]
        if part.empty:
            continue
        ys = [y_of[k] for k in part[cells].itertuples(index=False, name=None)]
        xs = part["share"].to_numpy(dtype=float)
        label = p.text(source)
        if source == "population":
            ax.barh(ys, xs, height=0.7, color=NEUTRAL_GREY, label=label, gid="bar|population")
        else:
            ax.scatter(xs, ys, s=30, linewidths=1.3, zorder=3, label=label,
                       gid=f"points|{source}", **styles[source])
    names = cells[1:] if len(cells) > 1 else cells
    tick_labels = [
        c.wrap(p.value(cells[0], key[0]) if kind == "header" else p.group(names, key[1:] if len(cells) > 1 else key))
        for kind, key in rows
    ]
    row_axis(ax, tick_labels)
    for tick, (kind, _) in zip(ax.get_yticklabels(), rows, strict=True):
        if kind == "header":
            tick.set_fontweight("bold")
    top = float(np.nanmax(frame["share"].to_numpy(dtype=float))) if len(frame) else 1.0
    ax.set_xlim(0, top * 1.1)
    ax.xaxis.set_major_formatter(percent_formatter(p.language))
    ax.set_xlabel(str(style.get("xlabel") or p.text("share")))
    if style.get("legend", True):
        handles, names = ax.get_legend_handles_labels()
        rank = [p.text(s) for s in SOURCES]
        handles = [h for _, h in sorted(zip(names, handles, strict=True), key=lambda p: rank.index(p[0]))]
        c.legend_below(ax, handles, offset_pt=c.under_xlabel(ax))
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


@c.public_plot
def plot_weights(
    weights: Sequence[float] | np.ndarray | pd.Series,
    *,
    n_eff: float | None = None,
    bins: int = 30,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    **style: object,
) -> Axes:
    """Histogram of the survey weights, with Kish's effective sample size written on it.

    ``weights``: one weight per respondent (non-negative, finite). ``n_eff`` is Kish's
    effective sample size as computed by the weighting step (not recomputed here); it is
    shown with the number of weights. Style: ``title``, ``xlabel``, ``legend`` (unused).

    Example:
        >>> ax = plot_weights([0.8, 1.0, 1.2, 2.1], n_eff=3.4, presentation=Presentation("en"))
        >>> [t.get_text() for t in ax.texts]
        ['Effective sample size (Kish): 3 of 4']
    """
    func = "plot_weights"
    c.check_style(func, style, _STYLE)
    p = c.presentation_of(presentation, func)
    values = np.asarray(weights, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise DataError(f"{func}: weights must be a non-empty 1-D sequence; got shape {values.shape}")
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        raise DataError(
            f"{func}: weights must be finite and non-negative; {int(bad.sum())} of "
            f"{values.size} are not (e.g. {values[bad][:3].tolist()})"
        )
    ax = c.get_axes(ax, 8.0)
    counts, _, _ = ax.hist(values, bins=bins, color=OKABE_ITO[0], edgecolor="white", linewidth=0.4, gid="hist")
    ax.set_xlabel(str(style.get("xlabel") or p.text("weight")))
    ax.set_ylabel(p.text("count"))
    ax.xaxis.set_major_formatter(number_formatter(p.language))
    ax.grid(axis="y")
    if n_eff is not None:
        # head room for the note in the top corner: no bar reaches under it
        ax.set_ylim(0, max(float(np.max(counts)), 1.0) * 1.35)
        note = p.text("kish_n_eff", n_eff=p.number(n_eff, 0), n=p.number(values.size, 0))
        ax.text(0.98, 0.95, note, transform=ax.transAxes, ha="right", va="top", gid="n_eff",
                bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#cccccc"})
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax
