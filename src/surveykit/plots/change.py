"""Dumbbell plot of the change between two waves per group, with the change annotated.

Example:
    >>> import pandas as pd
    >>> m = pd.DataFrame({"wave": ["1", "2"], "variable": ["help"] * 2, "level": None,
    ...                   "estimate": [3.8, 4.0], "conf_low": [3.7, 3.9],
    ...                   "conf_high": [3.9, 4.1], "suppressed": False})
    >>> [t.get_text() for t in plot_change(m).get_legend().get_texts()]
    ['1', '2']
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots._dots import row_axis
from surveykit.plots.estimates import _items, pick_level
from surveykit.plots.theme import OKABE_ITO, number_formatter, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["format_interval", "plot_change"]

_FUNC = "plot_change"
_STYLE = ("title", "xlabel", "legend", "wrap", "decimals", "ci")
_FIRST, _LAST = "#999999", OKABE_ITO[0]


def format_interval(row: pd.Series, p: Presentation, percent: bool, decimals: int) -> str:
    """ "+0,12 [−0,05; 0,29]" from a contrast row (percentage points when ``percent``)."""
    if bool(row.get("suppressed", False)) or pd.isna(row["estimate"]):
        return c.MISSING
    scale = 100.0 if percent else 1.0
    estimate = p.number(row["estimate"] * scale, decimals, sign=True)
    return f"{estimate} {p.interval(row['conf_low'], row['conf_high'], decimals, percent=percent)}"


@c.public_plot
def plot_change(
    means: pd.DataFrame,
    change: pd.DataFrame | None = None,
    *,
    wave: str = "wave",
    group: str | Sequence[str] | None = None,
    items: Sequence[Hashable] | None = None,
    level: Hashable | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Draw each group's estimate in the first and last wave joined by a line.

    ``means`` is a mean/proportion result by ``[wave, *group]`` (``level=`` picks one answer
    level of a share result). ``change``, when given, is the wave contrast result: one row per
    ``[*group, variable]`` with ``estimate, conf_low, conf_high``; its change and CI are
    written right of each row (percentage points for shares). Without it nothing is
    annotated: the plot never computes a difference itself. Suppressed estimates are left
    out and marked with an en dash. Style: ``title``, ``xlabel``, ``legend``, ``wrap``,
    ``decimals``, ``ci`` (draw each wave's CI, default True).

    Example:
        >>> import pandas as pd
        >>> m = pd.DataFrame({"wave": [1, 2], "variable": "q", "estimate": [0.4, 0.5],
        ...                   "level": "Ja", "conf_low": [0.3, 0.4], "conf_high": [0.5, 0.6]})
        >>> ch = pd.DataFrame({"variable": ["q"], "estimate": [0.1], "conf_low": [-0.04],
        ...                    "conf_high": [0.24]})
        >>> ax = plot_change(m, ch, presentation=Presentation("en"))
        >>> [t.get_text() for t in ax.texts if t.get_gid() == "change"]
        ['+10.0 [−4.0, 24.0]']
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    group = c.as_list(group)
    c.check_frame(means, [wave, *group, "variable", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = means if "suppressed" in means else means.assign(suppressed=False)
    if "level" in frame:
        frame = pick_level(frame, level, _FUNC)
    item_list = _items(frame, items, _FUNC)
    frame = frame[frame["variable"].isin(item_list)]
    c.check_has_rows(frame, _FUNC)
    c.one_row_each(frame, [wave, *group, "variable"], _FUNC,
                   "pass level= to choose one answer level, or group= with every grouping column")
    waves = c.ordered(frame, wave, group_order, _FUNC)
    if len(waves) != 2:
        raise DataError(f"{_FUNC}: need exactly two waves in column {wave!r}; got {waves}. "
                        f"Filter the result or pass group_order={{{wave!r}: [first, last]}}")
    keys = c.group_keys(frame, group, group_order, _FUNC)
    many = len(item_list) > 1 and bool(group)
    rows = c.block_rows(item_list, keys, many)
    ax = c.get_axes(ax, 3.2 + 0.62 * len(rows))
    percent = bool("level" in frame and frame["level"].notna().any())
    decimals = int(style.get("decimals", 1 if percent else 2))
    if percent:
        c.check_shares(frame, _FUNC, "A result with answer levels is drawn as shares; for a "
                       "quantile or another result that is not shares, drop its levels "
                       "(result.assign(level=None))")
    to_left = transforms.blended_transform_factory(ax.transAxes, ax.transData)

    points = {w: ([], []) for w in waves}
    empty: dict[int, str] = {}   # rows with a wave resting on no answer (a question not asked then)
    for r, (item, key) in enumerate(rows):
        if key is None:
            continue
        part = c.select(frame[frame["variable"] == item], group, key)
        ends = []
        for w, dy in zip(waves, (-0.12, 0.12), strict=True):
            hit = part[part[wave] == w]
            if hit.empty or c.suppressed_mask(hit).any():
                kind = p.empty_kind(hit, wave)
                if kind is not None:
                    empty.setdefault(r, kind)
                if not hit.empty:
                    c.mark_suppressed(ax, 0.01, r + dy, rows=hit, p=p, wave=wave, transform=to_left, ha="left")
                continue
            x = float(hit["estimate"].iloc[0])
            points[w][0].append(x)
            points[w][1].append(r)
            ends.append(x)
            if style.get("ci", True):
                ax.hlines(r + dy, hit["conf_low"].iloc[0], hit["conf_high"].iloc[0],
                          colors=_FIRST if w == waves[0] else _LAST, linewidth=0.9,
                          alpha=0.8, gid=f"ci|{w}")
        if len(ends) == 2:
            ax.plot(ends, [r, r], color="#c4c4c4", linewidth=1.8, zorder=1, gid="link")
    for w, face in zip(waves, ("white", _LAST), strict=True):
        xs, ys = points[w]
        ax.scatter(xs, ys, s=36, zorder=3, facecolors=face,
                   edgecolors=_FIRST if w == waves[0] else _LAST, linewidths=1.4,
                   gid=f"wave|{w}")

    labels_y = c.block_labels(rows, group, p, int(style.get("wrap", 40)))
    row_axis(ax, labels_y)
    c.bold_headers(ax, rows)
    if group and any(key is None for _, key in rows):
        c.header_rows_across(ax, rows, p)
    fmt = percent_formatter(p.language) if percent else number_formatter(p.language)
    ax.xaxis.set_major_formatter(fmt)
    ax.set_xlabel(str(style.get("xlabel") or p.text("share" if percent else "mean")))
    if change is not None:
        _annotate(ax, change, rows, group, p, percent, decimals, empty)
    handles = [
        Line2D([], [], linestyle="none", marker="o", markerfacecolor=f, markeredgecolor=e,
               markeredgewidth=1.4, label=c.wrap(p.value(wave, w), c.LEGEND_WRAP))
        for w, f, e in zip(waves, ("white", _LAST), (_FIRST, _LAST), strict=True)
    ]
    handles += c.missing_handles(ax, p)
    if style.get("legend", True):
        c.legend_below(ax, handles, offset_pt=-30)
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def _annotate(ax, change, rows, group, p: Presentation, percent, decimals, empty: dict[int, str]) -> None:
    """Write each row's change and CI from the contrast result right of the axes; a change
    without a number that was not suppressed, where a wave rests on no answer (``empty``: row
    -> "not_asked" or "no_answers"), says that instead of the suppressed marker."""
    c.check_frame(change, [*group, "variable", "estimate", "conf_low", "conf_high"], "plot_change")
    c.one_row_each(change, [*group, "variable"], "plot_change",
                   "the change result must hold one contrast per group and item")
    drawn = list(dict.fromkeys(item for item, _ in rows))
    apart = sorted(set(drawn) - set(change["variable"].astype(str)))
    if apart and not set(drawn) & set(change["variable"].astype(str)):  # "–" on every row would pass for suppression
        raise DataError(
            f"plot_change: the change result has no row for {apart} (its variables are "
            f"{sorted(set(change['variable'].astype(str)))}); give change= of the same variables as the "
            "result drawn, e.g. sk.change(sk.with_topbox(...), ...) beside sk.mean(agree, [item + '_top'], ...)."
        )
    to_right = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    unit = f" ({p.text('percentage_points')})" if percent else ""
    head = f"{p.text('change')}{unit}\n{p.text('ci_bracket', level=95)}"
    ax.text(1.02, -0.55, head, transform=to_right, ha="left", va="bottom",
            fontsize="small", fontweight="bold", gid="change_header")
    for r, (item, key) in enumerate(rows):
        if key is None:
            continue
        hit = c.select(change[change["variable"] == item], group, key)
        label = c.MISSING if hit.empty else format_interval(hit.iloc[0], p, percent, decimals)
        if not hit.empty and r in empty and not c.flagged(hit).any() and hit["estimate"].isna().all():
            label = p.text(empty[r])
        ax.text(1.02, r, label, transform=to_right, ha="left", va="center", gid="change",
                fontsize="small")

