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

from collections.abc import Hashable, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots._dots import draw_dots, row_axis
from surveykit.plots.theme import number_formatter, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["plot_estimates"]

_FUNC = "plot_estimates"
_STYLE = ("title", "xlabel", "colors", "legend", "wrap", "decimals", "ci_level")


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
    ``ref`` draws a vertical reference line. Suppressed estimates are drawn as an en dash at
    the left edge and explained in the legend, and the whiskers are named in it ("95 % KI";
    ``ci_level`` when the result has another level). Labels, language and the suppression
    rule come from ``presentation``. Style: ``title``, ``xlabel``, ``colors`` (group value →
    colour), ``legend``, ``wrap``, ``decimals``, ``ci_level`` (default 95).

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
    group = c.as_list(group)
    c.check_frame(result, [*group, "variable", "level", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = pick_level(result, level, _FUNC)
    rows = _items(frame, items, _FUNC)
    frame = frame[frame["variable"].isin(rows)]
    c.check_has_rows(frame, _FUNC)
    c.one_row_each(frame, [*group, "variable"], _FUNC,
                   "pass level= to choose one answer level, or group= with every grouping column")
    keys = c.group_keys(frame, group, group_order, _FUNC)
    ax = c.get_axes(ax, 3.0 + len(rows) * (0.5 + 0.3 * len(keys)))
    handles, any_suppressed = draw_dots(
        ax, frame, rows=rows, row_col="variable", group=group, keys=keys, p=p, colors=style.get("colors"), func=_FUNC,
    )
    wrap = int(style.get("wrap", 40))
    row_axis(ax, [c.item_label(v, p, wrap) for v in rows])
    percent = scale == "percent" or (scale == "auto" and frame["level"].notna().any())
    if percent:
        c.check_shares(frame, _FUNC, "Pass scale='number' when the estimates are not shares "
                       "(e.g. a quantile or a mean by level)" if scale == "auto" else
                       "Pass scale='number' (or 'auto') when the estimates are not shares",
                       low=0.0 if scale == "auto" else -1.0)
    decimals = style.get("decimals")  # None: as many as the ticks need
    formatter = percent_formatter(p.language, decimals) if percent else number_formatter(p.language, decimals)
    ax.xaxis.set_major_formatter(formatter)
    if ref is not None:
        ax.axvline(ref, color="#4d4d4d", linewidth=0.8, zorder=1)
    ax.set_xlabel(str(style.get("xlabel") or p.text("share" if percent else "mean")))
    handles.append(ci_handle(p, style.get("ci_level", 95)))
    if any_suppressed:
        handles += c.missing_handles(ax, p)
    if style.get("legend", True):
        c.legend_below(ax, handles, offset_pt=-30)
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


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
