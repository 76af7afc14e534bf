"""Diverging stacked bars of Likert answer shares, centred on the neutral answer.

Example:
    >>> import pandas as pd
    >>> shares = pd.DataFrame({
    ...     "region": ["north"] * 4, "variable": ["welcome"] * 4,
    ...     "level": ["Uenig", "Nøytral", "Enig", "Vet ikke"],
    ...     "estimate": [0.2, 0.2, 0.5, 0.1], "n": [300] * 4, "suppressed": [False] * 4})
    >>> ax = plot_likert(shares, order=["Uenig", "Nøytral", "Enig"], neutral="Nøytral",
    ...                  nonsubstantive=["Vet ikke"], group="region")
    >>> ax.get_yticklabels()[0].get_text()
    'north'
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots.theme import NONSUBSTANTIVE_GREY, likert_colors, percent_formatter
from surveykit.presentation import Presentation

__all__ = ["plot_likert"]

_FUNC = "plot_likert"
_STYLE = ("title", "xlabel", "colors", "legend", "wrap", "bar_height", "show_n", "headers", "diverging")
_GAP = 0.12  # space between the substantive bar and the non-substantive segment


def _split(order: list, neutral: Hashable | None) -> tuple[list, list, list]:
    """Negative, neutral and positive levels of the scale."""
    if neutral is not None:
        if neutral not in order:
            raise DataError(f"{_FUNC}: neutral={neutral!r} is not in order={order}")
        i = order.index(neutral)
        return order[:i], [neutral], order[i + 1 :]
    if len(order) % 2:
        raise DataError(
            f"{_FUNC}: order has {len(order)} levels and no neutral; pass neutral= "
            f"(the middle level would be {order[len(order) // 2]!r}) or an even scale"
        )
    return order[: len(order) // 2], [], order[len(order) // 2 :]


@c.public_plot
def plot_likert(
    shares: pd.DataFrame,
    *,
    order: Sequence[Hashable],
    neutral: Hashable | None = None,
    nonsubstantive: Sequence[Hashable] | None = None,
    group: str | Sequence[str] | None = None,
    items: Sequence[Hashable] | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Draw answer shares as diverging bars, one per item × group.

    ``shares`` is a proportion result: one row per ``[*group, variable, level]`` with
    ``estimate`` the share (0–1), ``n`` and ``suppressed``. ``order`` lists the substantive
    levels from most negative to most positive; the ``neutral`` level is split half/half
    across zero; ``nonsubstantive`` levels ("Vet ikke") are drawn apart, right of the bars.
    Widths are the shares as given (never renormalised); a result without answer levels or
    with estimates outside 0–1 (a mean, totals) is refused. A bar with any suppressed level is
    not drawn: an en dash marks it and the legend explains it. ``n`` is written at the right:
    the largest ``n`` of the bar's substantive levels (its base). The answer levels are
    shown by their labels in ``presentation`` (the values of the first item).
    Style: ``title``, ``xlabel``, ``colors`` (level → colour), ``legend``, ``wrap``,
    ``bar_height``, ``show_n``, ``headers`` (a bold item row above each item's bars; default
    when there are several items), ``diverging`` (default True; False: a one-sided scale such as
    how often, "Never" … "Daily", stacked from 0 in one colour ramp, with no neutral answer).

    Example:
        >>> import pandas as pd
        >>> s = pd.DataFrame({"variable": ["q"] * 2, "level": ["Nei", "Ja"],
        ...                   "estimate": [0.4, 0.6], "n": [50, 50], "suppressed": False})
        >>> [round(float(p.get_x()), 2) for p in plot_likert(s, order=["Nei", "Ja"]).patches]
        [-0.4, 0.0]
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    group, p, group_order = c.by_columns(shares, c.as_list(group), p, group_order)
    c.check_frame(shares, [*group, "variable", "level", "estimate"], _FUNC)
    c.check_has_rows(shares, _FUNC)
    if len(shares) and shares["level"].isna().all():
        raise DataError(
            f"{_FUNC}: column 'level' is empty: the result has no answer levels (a mean, score "
            "or regression), but plot_likert draws each answer level's share. Pass "
            "sk.proportion(design, items, by=...) of the Likert items"
        )
    c.check_shares(shares, _FUNC, "Pass sk.proportion(design, items, by=...) of the Likert items "
                   "(not totals, means or scores)")
    order = list(order)
    nonsub = list(nonsubstantive or [])
    diverging = bool(style.get("diverging", True))
    negative, middle, positive = _split(order, neutral) if diverging else ([], [], order)
    known = set(order) | set(nonsub)
    unknown = sorted({str(v) for v in shares["level"].dropna()} - {str(v) for v in known})
    if unknown:
        raise DataError(
            f"{_FUNC}: levels {unknown} are neither in order={order} nor in "
            f"nonsubstantive={nonsub}; add them to one of the two"
        )
    item_list = list(items) if items is not None else list(pd.unique(shares["variable"]))
    missing_items = [i for i in item_list if i not in set(shares["variable"])]
    if missing_items:
        raise DataError(
            f"{_FUNC}: items {missing_items} are not in the result; it has "
            f"{list(pd.unique(shares['variable']))}"
        )
    c.one_row_each(shares, [*group, "variable", "level"], _FUNC,
                   "pass group= with every grouping column of the result")
    keys = c.group_keys(shares, group, group_order, _FUNC)
    many = bool(style.get("headers", len(item_list) > 1))
    rows = c.block_rows(item_list, keys, many)
    wrap = int(style.get("wrap", 40))
    height = float(style.get("bar_height", 0.7))
    ax = c.get_axes(ax, 3.2 + 0.62 * len(rows))

    colors = dict(zip(order, likert_colors(len(negative), bool(middle), len(positive)), strict=True))
    colors.update(dict.fromkeys(nonsub, NONSUBSTANTIVE_GREY))
    colors.update(style.get("colors") or {})

    # Per row: the shares per level (NaN where absent), the suppressed flag and n.
    levels = order + nonsub
    table = np.zeros((len(rows), len(levels)))
    suppressed = np.zeros(len(rows), dtype=bool)
    is_bar = np.array([key is not None for _, key in rows])
    n_text: list[str | None] = []
    empty: dict[int, str] = {}   # rows resting on no answer: "not_asked" or "no_answers", not suppressed
    for r, (item, key) in enumerate(rows):
        if key is None:
            n_text.append(None)
            continue
        part = c.select(shares[shares["variable"] == item], group, key)
        by_level = dict(zip(part["level"], part["estimate"], strict=True))
        table[r] = [by_level.get(lv, 0.0) for lv in levels]
        suppressed[r] = len(part) == 0 or bool(c.suppressed_mask(part).any())
        kind = p.empty_kind(part)
        if kind is not None:
            empty[r] = kind
        base = part[part["level"].isin(order)] if part["level"].isin(order).any() else part
        n = base["n"].max() if "n" in base and base["n"].notna().any() else None
        n_text.append(None if n is None or pd.isna(n) else str(int(n)))
    table = np.nan_to_num(table)
    drawn = is_bar & ~suppressed
    n_neg, n_mid = len(negative), len(middle)
    left = -(table[:, :n_neg].sum(axis=1) + table[:, n_neg : n_neg + n_mid].sum(axis=1) / 2)
    main_right = np.where(drawn, left + table[:, : len(order)].sum(axis=1), 0.0)
    main_left = np.where(drawn, left, 0.0)
    reach = float(main_right.max(initial=0.0))
    # a one-sided scale's bars span 0-100 %; with no bar drawn (every row suppressed) the axis still
    # spans it (it shrank to 0-0 %: the rows' "– suppressed" at 50 % fell outside, the layout collapsed)
    reach = max(reach, 1.0) if not diverging else reach if drawn.any() else max(reach, 0.25)
    dk_origin = reach + _GAP
    y = np.arange(len(rows), dtype=float)

    starts = left.copy()
    for j, level in enumerate(levels):
        if j == len(order):
            starts = np.full(len(rows), dk_origin)
        widths = table[:, j]
        if drawn.any():
            bars = ax.barh(
                y[drawn], widths[drawn], left=starts[drawn], height=height,
                color=colors.get(level, NONSUBSTANTIVE_GREY), edgecolor="white", linewidth=0.5,
                label=c.wrap(p.value(item_list[0], level), c.LEGEND_WRAP),
            )
            for patch, r in zip(bars.patches, np.flatnonzero(drawn), strict=True):
                item, key = rows[r]
                patch.set_gid(f"likert|{item}|{'|'.join(map(str, key))}|{level}")
        starts = starts + widths

    middle_x = 0.0 if diverging else 0.5
    for r in np.flatnonzero(is_bar & suppressed):
        if r in empty:   # no answer to show (a question not asked in that wave): said so, not suppressed
            ax.text(middle_x, y[r], p.text(empty[r]), ha="center", va="center", color=c.MUTED, gid=empty[r], zorder=4,
                    bbox=c.empty_box(empty[r]))
            n_text[r] = None
            continue
        ax.text(middle_x, y[r], f"{c.MISSING} {p.text('suppressed_mark' if p.protected else 'too_few')}",
                ha="center", va="center", color=c.MUTED, gid="suppressed", zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
        # "n < 10" only where the row's own n says so; a row hidden by a report's disclosure
        # gate has no n (it may rest on many answers, hidden to protect another group)
        small = n_text[r] is not None and p.min_cell and int(n_text[r]) < p.min_cell
        n_text[r] = f"< {p.min_cell}" if small else None
    _axes_look(ax, rows, group, p, wrap, main_left, dk_origin, table, nonsub, order, diverging)
    if nonsub:
        dk_mid = dk_origin + float(table[:, len(order) :].sum(axis=1).max(initial=0.0)) / 2
        ticks = [*ax.get_xticks(), dk_mid]
        names = [t.get_text() for t in ax.get_xticklabels()]
        dk_name = " / ".join(p.value(item_list[0], v) for v in nonsub)
        ax.set_xticks(ticks, [*names, c.wrap(dk_name, 12)])
    if style.get("show_n", True):
        to_right = transforms.blended_transform_factory(ax.transAxes, ax.transData)
        for r, n in enumerate(n_text):
            if n is not None:
                label = f"n {n}" if n.startswith("<") else p.text("n_label", n=n)
                ax.text(1.01, y[r], label, transform=to_right,
                        ha="left", va="center", fontsize="small", gid="n_label")
    if style.get("xlabel"):
        ax.set_xlabel(str(style["xlabel"]), fontsize="small")
    if style.get("legend", True):
        handles, _ = ax.get_legend_handles_labels()
        if (is_bar & suppressed).any():
            handles += c.missing_handles(ax, p)
        # under the tick labels and the base note (xlabel): a don't-know name wrapped onto two
        # tick lines pushed the note down into the legend at the usual offset
        offset = -32 if style.get("xlabel") else -18
        depth = c.axis_depth_pt(ax)
        c.legend_below(ax, handles, offset_pt=min(offset, -(depth + 2.0)) if depth is not None else offset)
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def _axes_look(ax, rows, group, p: Presentation, wrap, main_left, dk_origin, table, nonsub, order, diverging=True):
    """Ticks, row labels, zero line and the separator before the non-substantive part."""
    ax.set_yticks(np.arange(len(rows)), c.block_labels(rows, group, p, wrap))
    c.bold_headers(ax, rows)
    if group:
        c.header_rows_across(ax, rows, p)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    lo = min(float(main_left.min(initial=0.0)), -0.25 if diverging else 0.0)
    main_hi = dk_origin - _GAP
    dk_width = float(table[:, len(order) :].sum(axis=1).max(initial=0.0)) if nonsub else 0.0
    hi = dk_origin + max(dk_width, 0.12) if nonsub else main_hi
    ax.set_xlim(lo - 0.02, hi + 0.02)
    step = 0.25 if (main_hi - lo) > 0.6 else 0.1
    ticks = np.arange(np.ceil(lo / step) * step, main_hi + 1e-9, step)
    if nonsub:  # keep the percent ticks clear of the non-substantive column's label
        ticks = ticks[ticks <= dk_origin - _GAP / 2 - 0.1]
    fmt = percent_formatter(p.language, absolute=True)
    ax.set_xticks(ticks, [fmt(t, None) for t in ticks])
    if nonsub:
        ax.axvline(dk_origin - _GAP / 2, color="#9a9a9a", linewidth=0.6, linestyle=":")
    ax.axvline(0.0, color="#4d4d4d", linewidth=0.8, zorder=3)
    ax.grid(axis="x")
    ax.spines["left"].set_visible(False)
