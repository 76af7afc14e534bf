"""Dumbbell plot of the change from the first to the last wave per group, with the change
annotated; waves in between, when the result has them, are points on the line.

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

import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots._dots import row_axis
from surveykit.plots.estimates import _XLABEL_WRAP, _items, _mean_label, check_one_scale, pick_level
from surveykit.plots.theme import OKABE_ITO, number_formatter, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["format_interval", "plot_change"]

_FUNC = "plot_change"
_STYLE = ("title", "xlabel", "legend", "wrap", "decimals", "ci")
_FIRST, _LAST = "#999999", OKABE_ITO[0]
_MIDDLE = ["#8cc0e6", "#5a9fd4", "#3a85c0"]   # waves in between: lighter than the last wave's blue, in order


def _axis_name(items: list, p: Presentation) -> str:
    """The axis of means named as the means figure names it: by the scale's ends ("Gjennomsnitt
    (1 = Helt uenig, 5 = Helt enig)") when every item is on that scale; "Gjennomsnitt" for a
    number, or items on scales of one range whose ends are named otherwise."""
    ends = {p.scale(item) for item in items}
    return _mean_label(ends.pop() if len(ends) == 1 else None, p)


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
    level of a share result), of two waves or more: the first (hollow grey) and the last
    (filled blue) are the ends of each row's line, waves in between (diamonds in lighter
    blues, in order) points on it, each wave with a point named in the legend (a wave without
    one, its question not asked then, is not). ``change``, when given, is the wave contrast result: one row per ``[*group, variable]`` with ``estimate, conf_low,
    conf_high``; its change and CI are written right of each row (percentage points for
    shares), headed by the waves it compares ("År 3 − År 1") when the figure shows more than
    two. Without it nothing is annotated: the plot never computes a difference itself.
    Suppressed estimates are left out and marked with an en dash. Every item is drawn on one
    axis, so means of items on different scales (1–5 and 0–10, or a number such as age, as
    ``presentation.scales`` knows them; sizes more than fourfold apart otherwise) are refused,
    naming them. Style: ``title``,
    ``xlabel``, ``legend``, ``wrap``, ``decimals``, ``ci`` (draw each wave's CI, default True).

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
    group, p, group_order = c.by_columns(means, c.as_list(group), p, group_order)
    c.check_frame(means, [wave, *group, "variable", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = means if "suppressed" in means else means.assign(suppressed=False)
    if "level" in frame:
        frame = pick_level(frame, level, _FUNC)
    item_list = _items(frame, items, _FUNC)
    frame = frame[frame["variable"].isin(item_list)]
    c.check_has_rows(frame, _FUNC)
    c.one_row_each(frame, [wave, *group, "variable"], _FUNC,
                   "pass level= to choose one answer level, or group= with every grouping column")
    if not ("level" in frame and frame["level"].notna().any()):   # shares are all on 0-100 %
        check_one_scale(frame, item_list, p, _FUNC)
    waves = c.ordered(frame, wave, group_order, _FUNC)
    if len(waves) < 2:
        raise DataError(f"{_FUNC}: need two waves or more in column {wave!r}; got {waves}. "
                        f"Pass a result by {wave!r} of the waves to compare (group_order={{{wave!r}: [first, ..., "
                        "last]}} orders them)")
    if len(waves) - 2 > len(_MIDDLE):
        raise DataError(f"{_FUNC}: {len(waves)} waves {waves} cannot be told apart on one line; at most "
                        f"{len(_MIDDLE) + 2} can. Filter the result to fewer waves")
    looks = _wave_looks(waves)
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
    offsets = np.linspace(-0.12, 0.12, len(waves)) if len(waves) > 2 else (-0.12, 0.12)
    for r, (item, key) in enumerate(rows):
        if key is None:
            continue
        part = c.select(frame[frame["variable"] == item], group, key)
        ends, drawn = [], []
        unshown: dict[str | None, list] = {}   # the row's waves without a point, by their mark's kind
        for w, dy in zip(waves, offsets, strict=True):
            hit = part[part[wave] == w]
            if hit.empty or c.suppressed_mask(hit).any():
                kind = p.empty_kind(hit, wave)
                if kind is not None and w in (waves[0], waves[-1]):
                    empty.setdefault(r, kind)
                if not hit.empty:
                    unshown.setdefault(kind, []).append(hit)
                continue
            x = float(hit["estimate"].iloc[0])
            points[w][0].append(x)
            points[w][1].append(r)
            drawn.append(x)
            if w in (waves[0], waves[-1]):
                ends.append(x)
            if style.get("ci", True):
                ax.hlines(r + dy, hit["conf_low"].iloc[0], hit["conf_high"].iloc[0],
                          colors=looks[w][1], linewidth=0.9, alpha=0.8, gid=f"ci|{w}")
        if len(ends) == 2:   # the line from the first wave to the last, through any wave in between
            ax.plot([min(drawn), max(drawn)], [r, r], color="#c4c4c4", linewidth=1.8, zorder=1, gid="link")
        # one mark per kind in the row, side by side: three waves' dashes stacked a little apart read as one
        # glyph ("Ξ"), two waves' "not asked" as one frame drawn twice
        for hits in unshown.values():
            c.mark_suppressed(ax, 0.01, r, rows=pd.concat(hits), p=p, wave=wave, transform=to_left, ha="left",
                              clear=True)
    for w in waves:
        xs, ys = points[w]
        marker, edge, face, size = looks[w]
        ax.scatter(xs, ys, s=size, zorder=4 if w in (waves[0], waves[-1]) else 3, facecolors=face,
                   edgecolors=edge, linewidths=1.4, marker=marker, gid=f"wave|{w}")

    labels_y = c.block_labels(rows, group, p, int(style.get("wrap", 40)))
    row_axis(ax, labels_y)
    c.bold_headers(ax, rows)
    if group and any(key is None for _, key in rows):
        c.header_rows_across(ax, rows, p)
    c.make_room(ax)
    fmt = percent_formatter(p.language) if percent else number_formatter(p.language)
    ax.xaxis.set_major_formatter(fmt)
    ax.set_xlabel(c.wrap(str(style.get("xlabel") or (p.text("share") if percent else _axis_name(item_list, p))),
                         _XLABEL_WRAP))
    if change is not None:
        compared = _compared(change, wave, waves, p) if len(waves) > 2 else ""
        _annotate(ax, change, rows, group, p, percent, decimals, empty, compared)
    handles = [
        Line2D([], [], linestyle="none", marker=looks[w][0], markerfacecolor=looks[w][2], markeredgecolor=looks[w][1],
               markeredgewidth=1.4, markersize=6 if w in (waves[0], waves[-1]) else 5,
               label=c.wrap(p.value(wave, w), c.LEGEND_WRAP))
        for w in waves if points[w][0]   # a wave with no point (its question not asked then) is not named
    ]
    handles += c.missing_handles(ax, p)
    if style.get("legend", True):
        c.legend_below(ax, handles, offset_pt=c.under_xlabel(ax))
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def _compared(change: pd.DataFrame, wave: str, waves: list, p: Presentation) -> str:
    """The waves the change compares, "År 3 − År 1": from its contrast ("wave: 3 - 1") when it has
    one (its parts: contrast_over/from/to), else the last wave drawn minus the first."""
    codes = set(change["contrast"].dropna().astype(str)) if "contrast" in change else set()
    if len(codes) == 1:
        label, prefix = p.contrast(change.iloc[0]), f"{p.name(wave)}: "
        if label.startswith(prefix):
            return label[len(prefix):]
    return f"{p.value(wave, waves[-1])} \u2212 {p.value(wave, waves[0])}"


def _wave_looks(waves: list) -> dict:
    """Per wave: (marker, edge colour, face colour, size): the first hollow grey, the last filled
    blue, waves in between smaller blue diamonds, lighter the earlier."""
    looks = {waves[0]: ("o", _FIRST, "white", 36), waves[-1]: ("o", _LAST, _LAST, 36)}
    middle = waves[1:-1]
    looks.update({w: ("D", shade, shade, 24) for w, shade in zip(middle, _MIDDLE, strict=False)})
    return looks


def _annotate(ax, change, rows, group, p: Presentation, percent, decimals, empty: dict[int, str],
              compared: str = "") -> None:
    """Write each row's change and CI from the contrast result right of the axes; a change
    without a number that was not suppressed, where a wave rests on no answer (``empty``: row
    -> "not_asked" or "no_answers"), says that instead of the suppressed marker. ``compared``
    ("År 3 − År 1") heads the column when the figure shows waves the change does not compare."""
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
    head = f"{p.text('change')}{unit}\n{compared + chr(10) if compared else ''}{p.text('ci_bracket', level=95)}"
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

