"""Dot-and-whisker drawing shared by plot_estimates and plot_coefficients."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from surveykit.plots import _common as c
from surveykit.plots.theme import group_colors
from surveykit.presentation import Presentation

_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h"]


def draw_dots(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    rows: Sequence[Hashable],
    row_col: str,
    group: list[str],
    keys: list[tuple],
    p: Presentation,
    colors: dict | None = None,
    row_colors: dict | None = None,
    func: str = "plot",
) -> tuple[list, bool]:
    """Draw one dot (estimate) and whisker (conf_low–conf_high) per row × group key.

    Rows run top to bottom at y = 0, 1, ...; groups are dodged within a row. Points carry
    the gid ``points|<key>``, whiskers ``ci|<key>``. Returns the legend handles and whether
    any row was suppressed.
    """
    offsets = c.dodge(len(keys), 0.6)
    styles = _key_styles(keys, colors, group, func)
    to_left = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    handles, any_suppressed = [], False
    for g, key in enumerate(keys):
        part = c.select(frame, group, key) if group else frame
        color, marker, face = styles[key] if group else ("#000000", "o", None)
        ys, xs, los, his, point_colors = [], [], [], [], []
        for r, row in enumerate(rows):
            hit = part[part[row_col] == row]
            if hit.empty:
                continue
            y = r + offsets[g]
            if c.suppressed_mask(hit).any():
                any_suppressed = True
                c.mark_suppressed(ax, 0.01, y, rows=hit, p=p, transform=to_left, ha="left", color=color,
                                  clear=True)
                continue
            ys.append(y)
            xs.append(float(hit["estimate"].iloc[0]))
            los.append(float(hit["conf_low"].iloc[0]))
            his.append(float(hit["conf_high"].iloc[0]))
            point_colors.append((row_colors or {}).get(row, color))
        tag = "|".join(map(str, key))
        ax.hlines(ys, los, his, colors=point_colors, linewidth=1.4, gid=f"ci|{tag}", zorder=2)
        faces = point_colors if face is None else [face] * len(ys)
        ax.scatter(xs, ys, facecolors=faces, edgecolors=point_colors, marker=marker, s=30,
                   zorder=3, gid=f"points|{tag}", linewidths=1.3)
        if group:
            label = c.wrap(c.group_label(p, group, key), c.LEGEND_WRAP)
            handles.append(Line2D([], [], color=color, marker=marker, linewidth=1.4, markersize=5.5,
                                  markerfacecolor=face or color, markeredgewidth=1.3, label=label))
    return handles, any_suppressed


def _key_styles(keys: list[tuple], colors: dict | None, group: Sequence[str] = (),
                func: str = "plot") -> dict[tuple, tuple]:
    """(colour, marker, face) per group key: colour from the first grouping column (Okabe–Ito
    in its values' order), marker and hollow/filled face from the second.

    When that would give two keys the same mark (more values than colours or markers), the
    later key takes the next free marker, so every group stays distinguishable; a DataError
    when the markers run out.
    """
    firsts = list(dict.fromkeys(k[0] for k in keys)) if keys and keys[0] else []
    palette = {**group_colors(firsts), **(colors or {})}
    seconds = list(dict.fromkeys(k[1] for k in keys if len(k) > 1))
    styles: dict[tuple, tuple] = {}
    taken: set[tuple] = set()
    for key in keys:
        if not key:
            continue
        color = palette.get(key, palette.get(key[0], "#000000"))
        if len(key) > 1:
            i = seconds.index(key[1])
            marker, face = _MARKERS[i % len(_MARKERS)], "white" if i == 0 else None
        else:
            marker, face = "o", None
        if (color, marker, face) in taken:
            free = [m for m in _MARKERS if (color, m, face) not in taken]
            if not free:
                shades = {c_ for c_, _, _ in taken} | {color}
                faces = {f for _, _, f in taken} | {face}
                raise c.too_many_groups(func, group, len(keys), len(shades) * len(_MARKERS) * len(faces),
                                        "one colour and marker each")
            marker = free[0]
        taken.add((color, marker, face))
        styles[key] = (color, marker, face)
    return styles


def row_axis(ax: Axes, tick_labels: list[str]) -> None:
    """Rows top to bottom with their labels, light row separators."""
    n = len(tick_labels)
    ax.set_yticks(np.arange(n), tick_labels)
    ax.set_ylim(n - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    for r in range(n - 1):
        ax.axhline(r + 0.5, color="#eeeeee", linewidth=0.6, zorder=0)
    ax.grid(axis="x")
    ax.spines["left"].set_visible(False)
