"""Bars of multi-select shares (one bar per option) by group, with confidence intervals.

Example:
    >>> import pandas as pd
    >>> s = pd.DataFrame({"region": ["north", "south"], "variable": ["nav"] * 2,
    ...                   "level": [None] * 2, "estimate": [0.4, 0.3],
    ...                   "conf_low": [0.35, 0.25], "conf_high": [0.45, 0.35],
    ...                   "suppressed": False})
    >>> [round(float(p.get_width()), 2) for p in plot_multi(s, group="region").patches]
    [0.4, 0.3]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots._dots import row_axis
from surveykit.plots.estimates import pick_level
from surveykit.plots.theme import MUTED, group_colors, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["plot_multi"]

_FUNC = "plot_multi"
_STYLE = ("title", "xlabel", "colors", "legend", "wrap", "values")


@c.public_plot
def plot_multi(
    shares: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    options: Sequence[Hashable] | None = None,
    option: str = "variable",
    level: Hashable | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Draw the share choosing each option of a multi-select question, per group.

    ``shares`` is a proportion result with one row per ``[*group, option]``: by default each
    option is its own 0/1 variable (``option="variable"``); pass ``level=`` to keep the
    "selected" level (e.g. True) when the result has both; with ``option="level"`` the
    options are the levels of one variable. ``options`` chooses and orders them. Bar widths
    are the estimates, whiskers span conf_low–conf_high; suppressed shares get no bar but an
    en dash; estimates outside 0–1 (a mean of a numeric question) are refused. Style: ``title``, ``xlabel``, ``colors``, ``legend``, ``wrap``, ``values``
    (write the percentage at each bar, default True).

    Example:
        >>> import pandas as pd
        >>> s = pd.DataFrame({"variable": ["a", "b"], "level": None, "estimate": [0.2, 0.5],
        ...                   "conf_low": [0.1, 0.4], "conf_high": [0.3, 0.6]})
        >>> plot_multi(s).get_xlabel()
        'Andel'
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    c.check_choice(_FUNC, "option", option, ["variable", "level"])
    group, p, group_order = c.by_columns(shares, c.as_list(group), p, group_order)
    c.check_frame(shares, [*group, option, "estimate", "conf_low", "conf_high"], _FUNC)
    frame = shares if "suppressed" in shares else shares.assign(suppressed=False)
    if level is not None:
        frame = pick_level(frame, level, _FUNC)
    c.check_shares(frame, _FUNC, "Pass the share choosing each option: sk.proportion of the "
                   "options, or sk.mean of their 0/1 columns (not of a numeric question)")
    present = list(pd.unique(frame[option].dropna()))
    rows = list(options) if options is not None else present
    missing = [o for o in rows if o not in present]
    if missing:
        raise DataError(f"{_FUNC}: options {missing} are not in the result; it has {present}")
    frame = frame[frame[option].isin(rows)]
    c.check_has_rows(frame, _FUNC)
    c.one_row_each(frame, [*group, option], _FUNC,
                   "pass level= to keep the 'selected' level, or group= with every grouping column")
    keys = c.group_keys(frame, group, group_order, _FUNC)
    palette = style.get("colors") or _palette(keys)
    colors = {key: palette.get(key[0] if len(key) == 1 else key, "#0072B2") if group else "#0072B2"
              for key in keys}
    hatches = _hatches(keys, colors, group)
    offsets = c.dodge(len(keys), 0.8)
    height = 0.8 / max(len(keys), 1) * 0.9
    ax = c.get_axes(ax, 3.0 + len(rows) * (0.35 + 0.35 * len(keys)))
    to_left = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    any_suppressed, top = False, 0.0
    keyed: list[Patch] = []
    for g, key in enumerate(keys):
        part = c.select(frame, group, key) if group else frame
        color = colors[key]
        ys, xs, los, his = [], [], [], []
        for r, row in enumerate(rows):
            hit = part[part[option] == row]
            if hit.empty:
                continue
            if c.suppressed_mask(hit).any():
                any_suppressed = True
                c.mark_suppressed(ax, 0.01, r + offsets[g], rows=hit, p=p, transform=to_left, ha="left")
                continue
            ys.append(r + offsets[g])
            xs.append(float(hit["estimate"].iloc[0]))
            los.append(float(hit["conf_low"].iloc[0]))
            his.append(float(hit["conf_high"].iloc[0]))
        tag = "|".join(map(str, key))
        label = c.wrap(c.group_label(p, group, key), c.LEGEND_WRAP) if group else None
        bars = ax.barh(ys, xs, height=height, color=color, label=label, gid=f"bars|{tag}",
                       hatch=hatches[key], edgecolor=MUTED if hatches[key] else None,
                       linewidth=0)
        for patch in bars.patches:
            patch.set_gid(f"bar|{tag}")
        if group:   # the legend's own patch: a group with every share suppressed has no bar to lend its colour
            keyed.append(Patch(facecolor=color, hatch=hatches[key], edgecolor=MUTED if hatches[key] else color,
                               linewidth=0, label=label))
        ax.hlines(ys, los, his, colors="#333333", linewidth=1.0, gid=f"ci|{tag}", zorder=3)
        if style.get("values", True):
            for y, x, hi in zip(ys, xs, his, strict=True):
                ax.text(hi + 0.01, y, p.percent(x), va="center", ha="left",
                        fontsize="small", gid="value")
        top = max([top, *his])
    wrap = int(style.get("wrap", 40))
    row_axis(ax, [c.wrap(p.value(None, r) if option == "level" else p.name(r), wrap) for r in rows])
    ax.set_xlim(0, min(1.0, top + 0.12) if top > 0 else 1.0)
    ax.xaxis.set_major_formatter(percent_formatter(p.language))
    ax.set_xlabel(str(style.get("xlabel") or p.text("share")))
    handles = list(keyed)
    if any_suppressed:
        handles += c.missing_handles(ax, p)
    if style.get("legend", True):
        c.legend_below(ax, handles, offset_pt=c.under_xlabel(ax))
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax



_HATCHES = (None, "////", "....", "xxxx", "\\\\\\\\", "oo", "++", "----")


def _hatches(keys: list[tuple], colors: dict, group: Sequence[str]) -> dict:
    """A hatch per key: none for a colour's first key, then one pattern per further key of
    the same colour (more groups than colours), so no two groups' bars look alike."""
    seen: dict[str, int] = {}
    out = {}
    for key in keys:
        i = seen.get(colors[key], 0)
        seen[colors[key]] = i + 1
        if i >= len(_HATCHES):
            most = len(set(colors.values())) * len(_HATCHES)
            raise c.too_many_groups(_FUNC, group, len(keys), most, "one colour and hatch each")
        out[key] = _HATCHES[i]
    return out


def _palette(keys: list[tuple]) -> dict:
    """Colour by the first grouping value (Okabe–Ito in order); with a second
    grouping column (e.g. the wave) its earlier values are lighter shades of that colour."""
    from matplotlib.colors import to_hex, to_rgb

    if not keys or len(keys[0]) < 2:
        return group_colors([k[0] if len(k) == 1 else k for k in keys])
    base = group_colors(list(dict.fromkeys(k[0] for k in keys)))
    seconds = list(dict.fromkeys(k[1] for k in keys))
    out = {}
    for key in keys:
        rank = len(seconds) - 1 - seconds.index(key[1])      # 0 for the last (darkest)
        mix = min(0.6, 0.45 * rank)
        rgb = to_rgb(base[key[0]])
        out[key] = to_hex(tuple(ch + (1 - ch) * mix for ch in rgb))
    return out
