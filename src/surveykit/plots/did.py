"""Difference-in-differences: the groups' estimates across two waves, the DiD annotated.

Example:
    >>> import pandas as pd
    >>> m = pd.DataFrame({"path": ["new", "new", "old", "old"], "wave": ["1", "2"] * 2,
    ...                   "variable": "help", "level": None,
    ...                   "estimate": [3.6, 4.0, 3.7, 3.8], "conf_low": [3.5, 3.9, 3.6, 3.7],
    ...                   "conf_high": [3.7, 4.1, 3.8, 3.9], "suppressed": False})
    >>> p = Presentation(values={"path": {"new": "Ble endret", "old": "Uendret"}})
    >>> [t.get_text() for t in plot_did(m, group="path", treated="new", presentation=p).get_legend().get_texts()]
    ['Ble endret', 'Uendret']
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots.change import format_interval
from surveykit.plots.estimates import pick_level
from surveykit.plots.theme import OKABE_ITO, number_formatter, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["plot_did"]

_FUNC = "plot_did"
_STYLE = ("title", "ylabel", "legend", "decimals", "colors", "waves")
_LINESTYLES = ("-", "--", ":", "-.")
_DID_MARKERS = ("o", "s", "^", "D")


@c.public_plot
def plot_did(
    result: pd.DataFrame,
    did: pd.DataFrame | None = None,
    *,
    group: str,
    wave: str = "wave",
    treated: Hashable | None = None,
    item: Hashable | None = None,
    level: Hashable | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Draw each group's estimate in both waves (lines with CIs) and annotate the DiD.

    ``result`` is a mean/proportion result by ``[group, wave]``; the ``treated`` value of
    ``group`` is drawn first, in blue, with a heavier line. The groups are named by
    ``presentation`` (their value labels). ``item``
    picks the variable when there are several; ``level=`` one answer level of a share.
    ``did``, when given, is the difference-in-differences contrast (one row for ``item``
    with ``estimate, conf_low, conf_high``, optionally ``p_value``); it is written beside
    the plot. A result of more than two waves draws each (the trend between them); ``waves``
    (style: the first and last wave the DiD compares, default the first and last drawn) are
    then named above the DiD ("2024 − 2021"). Style: ``title``, ``ylabel``, ``legend``,
    ``decimals``, ``colors``, ``waves``.

    Example:
        >>> import pandas as pd
        >>> m = pd.DataFrame({"g": ["a", "b"], "wave": ["1", "1"], "variable": "q",
        ...                   "estimate": [1.0, 2.0], "conf_low": [0.9, 1.9],
        ...                   "conf_high": [1.1, 2.1]})
        >>> p = Presentation(values={"wave": {"1": "2022"}})
        >>> plot_did(m, group="g", presentation=p).get_xticklabels()[0].get_text()
        '2022'
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    (group, wave), p, group_order = c.by_columns(result, [group, wave], p, group_order)
    c.check_frame(result, [group, wave, "variable", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = result if "suppressed" in result else result.assign(suppressed=False)
    if "level" in frame:
        frame = pick_level(frame, level, _FUNC)
    c.check_has_rows(frame, _FUNC)
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
    if len(groups) > len(OKABE_ITO) * len(_LINESTYLES):
        raise c.too_many_groups(_FUNC, [group], len(groups), len(OKABE_ITO) * len(_LINESTYLES),
                                "one colour and line style each")
    colors = {value: OKABE_ITO[i % len(OKABE_ITO)] for i, value in enumerate(groups)}
    colors.update(style.get("colors") or {})
    # beyond the palette the colours repeat: the line style (and marker) then tells them apart
    lines = {value: (_LINESTYLES[i // len(OKABE_ITO)], _DID_MARKERS[i // len(OKABE_ITO)])
             for i, value in enumerate(groups)}
    offsets = c.dodge(len(groups), 0.12)
    percent = bool("level" in frame and frame["level"].notna().any())
    any_suppressed = False
    if percent:
        c.check_shares(frame, _FUNC, "A result with answer levels is drawn as shares; for a "
                       "quantile or another result that is not shares, drop its levels "
                       "(result.assign(level=None))")
    for g, value in enumerate(groups):
        part = frame[frame[group] == value]
        xs, ys = [], []
        for w_index, w in enumerate(waves):
            hit = part[part[wave] == w]
            x = w_index + offsets[g]
            if hit.empty:  # no number for this wave: the line breaks (NaN), it does not pass over it
                xs.append(x)
                ys.append(np.nan)
                continue
            if c.suppressed_mask(hit).any():
                any_suppressed = True
                c.mark_suppressed(ax, x, float(np.nanmean(frame["estimate"])) if frame["estimate"].notna().any() else 0.0,
                                  rows=hit, p=p, wave=wave)
                xs.append(x)
                ys.append(np.nan)
                continue
            xs.append(x)
            ys.append(float(hit["estimate"].iloc[0]))
            ax.vlines(x, hit["conf_low"].iloc[0], hit["conf_high"].iloc[0],
                      colors=colors[value], linewidth=1.4, gid=f"ci|{value}")
        name = c.wrap(p.value(group, value), 25)  # the legend stands beside the plot
        ax.plot(xs, ys, color=colors[value], linestyle=lines[value][0], marker=lines[value][1], linewidth=2.0 if value == treated else 1.4,
                label=name, gid=f"line|{value}", zorder=3)
    ax.set_xticks(range(len(waves)), [c.wrap(p.value(wave, w), 20) for w in waves])
    ax.set_xlim(-0.4, len(waves) - 0.6)
    fmt = percent_formatter(p.language) if percent else number_formatter(p.language)
    ax.yaxis.set_major_formatter(fmt)
    ax.set_ylabel(str(style.get("ylabel") or c.item_label(item, p, 35)))
    ax.grid(axis="y")
    handles = ax.get_legend_handles_labels()[0]
    if any_suppressed:
        handles += c.missing_handles(ax, p)
    if style.get("legend", True):
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    if did is not None:
        first, last = style.get("waves") or (waves[0], waves[-1])
        compared = f"{p.value(wave, last)} \u2212 {p.value(wave, first)}" if len(waves) > 2 else ""
        _annotate(ax, did, item, p, percent, int(style.get("decimals", 1 if percent else 2)), compared)
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def _annotate(ax: Axes, did: pd.DataFrame, item, p: Presentation, percent, decimals, compared: str = "") -> None:
    """Write "Forskjell i endring: +0,30 [0,05; 0,55]" beside the plot; ``compared`` ("2024 − 2021")
    names the two waves it compares when the plot draws more."""
    c.check_frame(did, ["variable", "estimate", "conf_low", "conf_high"], _FUNC)
    hit = did[did["variable"] == item]
    if len(hit) != 1:
        raise DataError(
            f"{_FUNC}: did= must hold exactly one row for item {item!r}; found {len(hit)} "
            f"(variables in did: {list(pd.unique(did['variable']))})"
        )
    row = hit.iloc[0]
    unit = f" ({p.text('percentage_points')})" if percent else ""
    lines = [f"{p.text('did')}{unit}:", *([compared] if compared else []), format_interval(row, p, percent, decimals),
             p.text("ci_bracket", level=95).strip("[]")]
    ax.text(1.02, 0.0, "\n".join(lines), transform=ax.transAxes, ha="left", va="bottom",
            gid="did", fontsize="small",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#f2f2f2", "edgecolor": "none"})
