"""Dot-and-whisker plot of means or shares of several items by group.

Example:
    >>> import pandas as pd
    >>> from surveykit.presentation import Presentation
    >>> r = pd.DataFrame({"region": ["north", "south"], "variable": ["help"] * 2,
    ...                   "level": [None, None], "estimate": [4.1, 3.8],
    ...                   "conf_low": [3.9, 3.6], "conf_high": [4.3, 4.0], "suppressed": False})
    >>> ax = plot_estimates(r, group="region", presentation=Presentation("en", values={
    ...     "region": {"north": "North", "south": "South"}}))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['North', 'South', '95% CI']
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots._dots import draw_dots, row_axis
from surveykit.plots.theme import number_formatter, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["check_one_scale", "plot_estimates", "scale_panels", "scale_ranges"]

_FUNC = "plot_estimates"
_STYLE = ("title", "xlabel", "colors", "legend", "wrap", "decimals", "ci_level", "ranges")
_XLABEL_WRAP = 60   # characters per line of an axis' name: about the axes' width beside 40-character row labels


def pick_level(frame: pd.DataFrame, level: Hashable | None, func: str) -> pd.DataFrame:
    """Keep the rows of ``level`` (e.g. the top box) when given; check it exists."""
    if level is None:
        return frame
    present = list(pd.unique(frame["level"].dropna()))
    if level not in present:
        raise DataError(f"{func}: level={level!r} is not in the result; levels present: {present}")
    return frame[frame["level"] == level]


@c.public_plot
def plot_estimates(
    result: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    items: Sequence[Hashable] | None = None,
    level: Hashable | None = None,
    scale: str = "auto",
    ref: float | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Draw each item's estimate with its confidence interval, one colour per group.

    ``result`` is a mean or proportion result (``[*group, variable, level, estimate,
    conf_low, conf_high, suppressed]``); for shares pass ``level=`` (e.g. the top-box level)
    unless the result holds one level per item. ``items`` chooses and orders the variables.
    ``scale``: "auto" (percent when ``level`` is set in the rows), "percent" or "number";
    on a percent scale estimates outside 0–1 (−1–1 with "percent") are refused.
    ``ref`` draws a vertical reference line. Means of items on different scales are never
    put on one axis: each scale the presentation knows (``presentation.scales``, from the
    codebook with ``study.presentation()``: 1–5 agreement, 0–10 satisfaction) gets a panel of
    its own, its axis spanning the scale and named by its ends ("Gjennomsnitt (1 = Helt uenig,
    5 = Helt enig)"), and so does each number on no scale (age, visits: each in its own unit);
    a presentation that knows no scales puts the items in one panel and refuses items whose
    sizes differ more than fourfold, naming them (:func:`scale_panels`). A scale's ends are
    its codes, the scores of the report; ``sk.score`` scores by position (1..k) unless given
    ``codes=``, so score a scale coded otherwise (0–10) with its codes. With several panels
    the first is returned (all are in ``ax.figure.axes``), the legend is under the last.
    Suppressed estimates are drawn as an en dash at
    the left edge and explained in the legend, and the whiskers are named in it ("95 % KI";
    ``ci_level`` when the result has another level). Labels, language and the suppression
    rule come from ``presentation``. Style: ``title``, ``xlabel``, ``colors`` (group value →
    colour), ``legend``, ``wrap``, ``decimals``, ``ci_level`` (default 95), ``ranges`` (item →
    (low, high): a number's range, such as its codebook `valid:` 0–10 of a rating, which its
    panel's axis spans as a scale's does, so 4,6 against 5,1 is not drawn as if from end to end).

    Example:
        >>> import pandas as pd
        >>> r = pd.DataFrame({"variable": ["a"], "level": [None], "estimate": [2.0],
        ...                   "conf_low": [1.5], "conf_high": [2.5], "suppressed": [False]})
        >>> plot_estimates(r).get_yticklabels()[0].get_text()
        'a'
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    c.check_choice(_FUNC, "scale", scale, ["auto", "percent", "number"])
    group, p, group_order = c.by_columns(result, c.as_list(group), p, group_order)
    c.check_frame(result, [*group, "variable", "level", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = pick_level(result, level, _FUNC)
    rows = _items(frame, items, _FUNC)
    frame = frame[frame["variable"].isin(rows)]
    c.check_has_rows(frame, _FUNC)
    c.one_row_each(frame, [*group, "variable"], _FUNC,
                   "pass level= to choose one answer level, or group= with every grouping column")
    keys = c.group_keys(frame, group, group_order, _FUNC)
    percent = scale == "percent" or (scale == "auto" and frame["level"].notna().any())
    if percent:
        c.check_shares(frame, _FUNC, "Pass scale='number' when the estimates are not shares "
                       "(e.g. a quantile or a mean by level)" if scale == "auto" else
                       "Pass scale='number' (or 'auto') when the estimates are not shares",
                       low=0.0 if scale == "auto" else -1.0)
    panels = [(None, rows)] if percent else scale_panels(frame, rows, p, _FUNC)
    if len(panels) > 1:
        if style.get("xlabel"):
            raise DataError(f"{_FUNC}: xlabel= names one axis, and the items are on {len(panels)} scales drawn in "
                            f"panels of their own ({_panel_names(panels)}); draw each scale's items on its own Axes "
                            "(items=[...]) to give it an x label")
        if ref is not None:
            raise DataError(f"{_FUNC}: ref={ref!r} is a value on one scale, and the items are on {len(panels)} scales "
                            f"drawn in panels of their own ({_panel_names(panels)}); draw each scale's items on its "
                            "own Axes (items=[...]) with its own ref=")
    per_row = 0.5 + 0.3 * len(keys)
    ax = c.get_axes(ax, 3.0 + len(rows) * per_row + 2.0 * (len(panels) - 1))
    axes = [ax] if len(panels) == 1 else _split(ax, [len(r) * per_row + 1.6 for _, r in panels], _FUNC)
    ax = axes[0]
    handles: list = []
    any_suppressed = False
    wrap = int(style.get("wrap", 40))
    decimals = style.get("decimals")  # None: as many as the ticks need
    for panel, (ends, panel_rows) in zip(axes, panels, strict=True):
        part = frame[frame["variable"].isin(panel_rows)]
        drawn, suppressed = draw_dots(
            panel, part, rows=panel_rows, row_col="variable", group=group, keys=keys, p=p,
            colors=style.get("colors"), func=_FUNC,
        )
        handles = handles or drawn
        any_suppressed |= suppressed
        row_axis(panel, [c.item_label(v, p, wrap) for v in panel_rows])
        formatter = percent_formatter(p.language, decimals) if percent else number_formatter(p.language, decimals)
        panel.xaxis.set_major_formatter(formatter)
        ranges = [style["ranges"].get(i) for i in panel_rows] if style.get("ranges") else []
        if ends is None and ranges and all(r is not None for r in ranges):   # a number with its range
            ends = (min(r[0] for r in ranges), max(r[1] for r in ranges))
            _scale_axis(panel, part, ends)
            ends = None   # named as a number ("Gjennomsnitt"), not by a scale's end labels
        elif ends is not None:
            _scale_axis(panel, part, ends)
        c.make_room(panel)
        xlabel = style.get("xlabel") or (p.text("share") if percent else _mean_label(ends, p))
        panel.set_xlabel(c.wrap(str(xlabel), _XLABEL_WRAP))   # a scale's long end labels ran off the figure
    if ref is not None:
        ax.axvline(ref, color="#4d4d4d", linewidth=0.8, zorder=1)
    handles.append(ci_handle(p, style.get("ci_level", 95)))
    if any_suppressed:
        gids = {t.get_gid() for a in axes for t in a.texts}
        handles += c.missing_handles(axes[-1], p, gids)
    if style.get("legend", True):
        c.legend_below(axes[-1], handles, offset_pt=c.under_xlabel(axes[-1]), on_figure=True if len(axes) > 1 else None)
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def scale_panels(frame: pd.DataFrame, rows: list, p: Presentation, func: str = _FUNC) -> list[tuple]:
    """The panels of a plot of means: ``[(ends, items), ...]``, one per scale of the items
    (``p.scale``: lowest and highest code and their labels) in the items' order, and for the
    items on no scale: when the presentation knows scales (a study's), those are numbers each
    in its own unit (age, visits): a panel each; when it knows none, one panel, and the items
    must then be of one magnitude: a mean age of 48 beside a mean score of 3.8 would squash
    the score's differences into a point, so that is refused, naming them.

    Example:
        >>> f = pd.DataFrame({"variable": ["a", "b"], "estimate": [3.8, 6.1], "conf_low": [3.6, 5.9],
        ...                   "conf_high": [4.0, 6.3]})
        >>> p = Presentation(scales={"a": (1, 5, "No", "Yes"), "b": (0, 10, "Never", "Always")})
        >>> [items for _, items in scale_panels(f, ["a", "b"], p)]
        [['a'], ['b']]
        >>> [items for _, items in scale_panels(f, ["a", "b"], Presentation(scales={"x": (1, 5, "No", "Yes")}))]
        [['a'], ['b']]
    """
    panels: dict = {}
    for item in rows:
        ends = p.scale(item)
        key = ends if ends is not None or not p.scales else ("number", item)
        panels.setdefault(key, []).append(item)
    plain = panels.get(None, [])
    if len(plain) > 1:
        _check_magnitudes(frame, plain, func)
    return [(None if key is None or key[0] == "number" else key, items) for key, items in panels.items()]


def check_one_scale(frame: pd.DataFrame, items: list, p: Presentation, func: str) -> None:
    """Refuse items that cannot share one value axis: on scales of other ranges (1–5, 0–10), or a
    number beside a scale or another number (age, visits), as ``p`` knows them; items on no known
    scale must be of one magnitude. For a figure that draws every item on one axis (a change)."""
    ranges = scale_ranges(frame, items, p, func)
    if len(ranges) > 1:
        said = "; ".join(f"{', '.join(map(str, names))} "
                         + (f"({p.number(k[0], 0)}–{p.number(k[1], 0)})" if k and k[0] != "number" else "(a number)")
                         for k, names in ranges)
        raise DataError(f"{func}: the items are on different scales ({said}); on one axis the differences of the "
                        f"shorter scale would be squashed. Draw the items of each scale on an Axes of their own "
                        f"(items=[...])")


def scale_ranges(frame: pd.DataFrame, items: list, p: Presentation, func: str) -> list[tuple]:
    """The items grouped by the range of their scale: ``[(key, items), ...]`` in the items' order,
    ``key`` the scale's (lowest, highest) code as ``p`` knows it, ``("number", item)`` for a number
    on no scale (age, visits: each in its own unit) when ``p`` knows scales, None for items when it
    knows none, which must then be of one magnitude (else a DataError naming them).

    Example:
        >>> f = pd.DataFrame({"variable": ["a", "b", "c"], "estimate": [3.8, 6.1, 2.0],
        ...                   "conf_low": [3.6, 5.9, 1.8], "conf_high": [4.0, 6.3, 2.2]})
        >>> p = Presentation(scales={"a": (1, 5, "No", "Yes"), "b": (0, 10, "Never", "Always"),
        ...                          "c": (1, 5, "Bad", "Good")})
        >>> scale_ranges(f, ["a", "b", "c"], p, "f")
        [((1.0, 5.0), ['a', 'c']), ((0.0, 10.0), ['b'])]
    """
    ranges: dict = {}
    for item in items:
        ends = p.scale(item)
        key = (float(ends[0]), float(ends[1])) if ends is not None else ("number", item) if p.scales else None
        ranges.setdefault(key, []).append(item)
    if None in ranges and len(ranges[None]) > 1:
        _check_magnitudes(frame, ranges[None], func)
    return list(ranges.items())


def _check_magnitudes(frame: pd.DataFrame, items: list, func: str) -> None:
    """Refuse items on no known scale whose values differ by more than four times in size."""
    columns = [c for c in ("estimate", "conf_low", "conf_high") if c in frame]   # a heatmap's may have no CIs
    values = frame[columns].apply(pd.to_numeric, errors="coerce").abs()
    size = values.max(axis=1).groupby(frame["variable"].to_numpy()).max().reindex(items).dropna()
    size = size[size > 0]
    if len(size) < 2 or size.max() <= 4 * size.min():
        return
    small, large = size.idxmin(), size.idxmax()
    raise DataError(
        f"{func}: the items {sorted(map(str, size.index))} are on different scales: {large!r} reaches "
        f"{size.max():g} and {small!r} only {size.min():g}, so on one axis the smaller ones' differences would be "
        f"squashed into a point. Draw them on separate Axes (items=[...]), or pass a presentation that knows the "
        f"items' scales (study.presentation(), or Presentation(scales={{item: (low, high, low label, "
        f"high label)}})): each scale is then drawn in a panel of its own"
    )


def _panel_names(panels: list[tuple]) -> str:
    return "; ".join(", ".join(map(str, items)) for _, items in panels)


def _split(ax: Axes, heights: list[float], func: str) -> list[Axes]:
    """``ax`` replaced by a column of panels (one per scale) in its place, heights in proportion."""
    spec = ax.get_subplotspec()
    if spec is None:
        raise DataError(f"{func}: the items are on {len(heights)} scales, drawn in panels of their own, and the given "
                        "ax is not in a grid to split; pass ax=None, an Axes from plt.subplots(), or items of one scale")
    fig = ax.figure
    grid = spec.subgridspec(len(heights), 1, height_ratios=heights, hspace=0.08)
    ax.remove()
    return [fig.add_subplot(grid[i, 0]) for i in range(len(heights))]


def _scale_axis(ax: Axes, frame: pd.DataFrame, ends: tuple) -> None:
    """The x axis of a panel of one scale: its ends in view (and every interval), ticks at
    its codes when they are few."""
    low, high = float(ends[0]), float(ends[1])
    values = frame[["conf_low", "conf_high", "estimate"]].apply(pd.to_numeric, errors="coerce").to_numpy()
    values = values[np.isfinite(values)]
    lo = min(low, float(values.min())) if values.size else low
    hi = max(high, float(values.max())) if values.size else high
    pad = 0.04 * (hi - lo or 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    if float(low).is_integer() and float(high).is_integer() and high - low <= 10:
        ax.set_xticks(np.arange(low, high + 1))


def _mean_label(ends: tuple | None, p: Presentation) -> str:
    """ "Gjennomsnitt (1 = Helt uenig, 5 = Helt enig)" for a scale, "Gjennomsnitt" without one."""
    if ends is None:
        return p.text("mean")
    low, high, low_label, high_label = ends

    def code(x: float) -> str:
        return p.number(x, 0 if float(x).is_integer() else 1)

    def words(x: float, label: str) -> str:   # "0 - Svært lite sannsynleg" is "0 = Svært lite sannsynleg", not "0 = 0 - ..."
        label = str(label)
        bare = re.sub(rf"^\s*{re.escape(code(x))}\s*[-–=:.)]\s*(?=\S)", "", label)
        if bare == label:  # "0 Svært dårleg" (the code, a space, a capital); "5 or more" stays
            rest = re.sub(rf"^\s*{re.escape(code(x))}\s+", "", label)
            bare = rest if rest != label and rest[:1].isupper() else label
        return bare

    return p.text("mean_on_scale", low=code(low), high=code(high), low_label=words(low, low_label),
                  high_label=words(high, high_label))


def ci_handle(p: Presentation, level: object = 95) -> Line2D:
    """A legend entry naming the whiskers: "95 % KI"."""
    return Line2D([], [], color="#4d4d4d", linewidth=1.4, label=p.text("ci_legend", level=level))


def _items(frame: pd.DataFrame, items: Sequence[Hashable] | None, func: str) -> list:
    """The variables to draw, in order; check that the requested ones exist."""
    present = list(pd.unique(frame["variable"]))
    if items is None:
        return present
    missing = [i for i in items if i not in present]
    if missing:
        raise DataError(f"{func}: items {missing} are not in the result; it has {present}")
    return list(items)
