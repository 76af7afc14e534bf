"""Difference-in-differences: the groups' estimates across two waves, the DiD annotated.

Example:
    >>> import pandas as pd
    >>> m = pd.DataFrame({"switched": [True, True, False, False], "wave": ["1", "2"] * 2,
    ...                   "variable": "help", "level": None,
    ...                   "estimate": [3.6, 4.0, 3.7, 3.8], "conf_low": [3.5, 3.9, 3.6, 3.7],
    ...                   "conf_high": [3.7, 4.1, 3.8, 3.9], "suppressed": False})
    >>> [t.get_text() for t in plot_did(m).get_legend().get_texts()]
    ['Ble samlokalisert', 'Ikke endret']
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from surveykit.errors import DataError
from surveykit.labels import text, value_label
from surveykit.plots import _common as c
from surveykit.plots.change import format_interval
from surveykit.plots.estimates import pick_level
from surveykit.plots.theme import OKABE_ITO, number_formatter, percent_formatter

__all__ = ["plot_did"]

_FUNC = "plot_did"
_STYLE = ("title", "ylabel", "legend", "decimals", "colors")


def _group_name(value, group, treated, n_groups, language, labels) -> str:
    if labels is not None and value in labels:
        return str(labels[value])
    if value == treated:
        return text("treated", language)
    if n_groups == 2:
        return text("control", language)
    return value_label(group, value, language, labels)


def plot_did(
    result: pd.DataFrame,
    did: pd.DataFrame | None = None,
    *,
    group: str = "switched",
    wave: str = "wave",
    treated: Hashable = True,
    item: Hashable | None = None,
    level: Hashable | None = None,
    ax: Axes | None = None,
    language: str = "nb",
    labels: c.Labels = None,
    group_order: c.Order = None,
    min_cell: int | None = None,
    **style: object,
) -> Axes:
    """Draw each group's estimate in both waves (lines with CIs) and annotate the DiD.

    ``result`` is a mean/proportion result by ``[group, wave]``; ``group`` says which sites
    became co-located (the ``treated`` value, drawn in blue) and which did not. ``item``
    picks the variable when there are several; ``level=`` one answer level of a share.
    ``did``, when given, is the difference-in-differences contrast (one row for ``item``
    with ``estimate, conf_low, conf_high``, optionally ``p_value``); it is written beside
    the plot. Style: ``title``, ``ylabel``, ``legend``, ``decimals``, ``colors``.

    Example:
        >>> import pandas as pd
        >>> m = pd.DataFrame({"switched": [True, False], "wave": ["1", "1"], "variable": "q",
        ...                   "estimate": [1.0, 2.0], "conf_low": [0.9, 1.9],
        ...                   "conf_high": [1.1, 2.1]})
        >>> plot_did(m).get_xticklabels()[0].get_text()
        'År 1'
    """
    c.check_style(_FUNC, style, _STYLE)
    c.check_frame(result, [group, wave, "variable", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = result if "suppressed" in result else result.assign(suppressed=False)
    if "level" in frame:
        frame = pick_level(frame, level, _FUNC)
    variables = list(pd.unique(frame["variable"]))
    if item is None and len(variables) > 1:
        raise DataError(f"{_FUNC}: the result has several variables {variables}; pass item=")
    item = variables[0] if item is None else item
    if item not in variables:
        raise DataError(f"{_FUNC}: item={item!r} is not in the result; it has {variables}")
    frame = frame[frame["variable"] == item]
    c.one_row_each(frame, [group, wave], _FUNC, "pass level= or filter the result to one model")
    groups = c.ordered(frame, group, group_order, _FUNC)
    if treated in groups:
        groups = [treated] + [g for g in groups if g != treated]
    waves = c.ordered(frame, wave, group_order, _FUNC)
    ax = c.get_axes(ax, 8.0)
    colors = dict(zip(groups, [OKABE_ITO[0], OKABE_ITO[1], *OKABE_ITO[2:]], strict=False))
    colors.update(style.get("colors") or {})
    offsets = c.dodge(len(groups), 0.12)
    percent = bool("level" in frame and frame["level"].notna().any())
    any_suppressed = False
    for g, value in enumerate(groups):
        part = frame[frame[group] == value]
        xs, ys = [], []
        for w_index, w in enumerate(waves):
            hit = part[part[wave] == w]
            if hit.empty:
                continue
            x = w_index + offsets[g]
            if c.suppressed_mask(hit).any():
                any_suppressed = True
                c.mark_suppressed(ax, x, float(np.nanmean(frame["estimate"])) if frame["estimate"].notna().any() else 0.0)
                continue
            xs.append(x)
            ys.append(float(hit["estimate"].iloc[0]))
            ax.vlines(x, hit["conf_low"].iloc[0], hit["conf_high"].iloc[0],
                      colors=colors[value], linewidth=1.4, gid=f"ci|{value}")
        name = _group_name(value, group, treated, len(groups), language, labels)
        ax.plot(xs, ys, color=colors[value], marker="o", linewidth=2.0 if value == treated else 1.4,
                label=name, gid=f"line|{value}", zorder=3)
    ax.set_xticks(range(len(waves)), [value_label(wave, w, language, labels) for w in waves])
    ax.set_xlim(-0.4, len(waves) - 0.6)
    fmt = percent_formatter(language) if percent else number_formatter(language)
    ax.yaxis.set_major_formatter(fmt)
    ax.set_ylabel(str(style.get("ylabel") or c.item_label(item, language, labels, 35)))
    ax.grid(axis="y")
    handles = ax.get_legend_handles_labels()[0]
    if any_suppressed:
        handles.append(c.suppressed_handle(language, min_cell))
    if style.get("legend", True):
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    if did is not None:
        _annotate(ax, did, item, language, percent, int(style.get("decimals", 1 if percent else 2)))
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def _annotate(ax: Axes, did: pd.DataFrame, item, language, percent, decimals) -> None:
    """Write "Forskjell i endring: +0,30 [0,05; 0,55]" beside the plot."""
    c.check_frame(did, ["variable", "estimate", "conf_low", "conf_high"], _FUNC)
    hit = did[did["variable"] == item]
    if len(hit) != 1:
        raise DataError(
            f"{_FUNC}: did= must hold exactly one row for item {item!r}; found {len(hit)} "
            f"(variables in did: {list(pd.unique(did['variable']))})"
        )
    row = hit.iloc[0]
    unit = f" ({text('percentage_points', language)})" if percent else ""
    lines = [f"{text('did', language)}{unit}:", format_interval(row, language, percent, decimals),
             text("ci_bracket", language, level=95).strip("[]")]
    ax.text(1.02, 0.0, "\n".join(lines), transform=ax.transAxes, ha="left", va="bottom",
            gid="did", fontsize="small",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#f2f2f2", "edgecolor": "none"})
