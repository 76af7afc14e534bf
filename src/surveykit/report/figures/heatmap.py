"""Heatmap figure: item means (rows) by the values of a grouping (columns), one panel per
value of a second grouping; a colour bar, and n and the intervals' range per panel.

``by: [columns]`` or ``by: [columns, panels]`` (e.g. ``[site, wave]``). Options:
``columns_by`` orders and brackets the columns by another column (e.g. ``municipality``);
``mark`` names a true/false column (e.g. a site attribute) whose true cells get a ● and a
legend entry with that column's label.

Example:
    >>> result = compute_heatmap(study, design, spec)                 # doctest: +SKIP
    >>> result.columns, result.panels                                  # doctest: +SKIP
    ('site', 'wave')
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, check_by, check_columns, check_items
from surveykit.report.figures.means import item_means, valid_ranges
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "HeatmapResult", "check_heatmap", "compute_heatmap", "draw_heatmap"]

_SITE_LABEL_PT = 11  # horizontal room one slanted 8 pt column name needs


@dataclass(frozen=True)
class HeatmapResult:
    """Means per item × column value (× panel value), with the columns' groups and marks."""

    means: pd.DataFrame
    items: tuple[str, ...]
    columns: str
    panels: str | None
    column_groups: tuple[tuple[str, str], ...] = ()      # (column value, its value of columns_by)
    columns_by: str | None = None
    marked: frozenset[tuple[str, str]] = frozenset()      # (column value, panel value) marked true
    mark: str | None = None
    table: str = ""
    valid: tuple[tuple[str, float, float], ...] = ()    # (numeric item, low, high): its `valid:` range

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": self.means}


def check_heatmap(spec: Spec, study: Study) -> None:
    check_items(spec, study, numeric=True)
    if not spec.by:
        raise spec.fail("a heatmap needs `by`: the column whose values are its columns, and optionally one whose "
                        "values are its panels, e.g. `by: [site, wave]` (or `by: [site]` for one panel).")
    check_by(spec, study, at_most=2)
    unknown = sorted(set(spec.options) - {"columns_by", "mark"})
    if unknown:
        raise spec.fail(f"unknown option(s) {unknown}; a heatmap takes `options: {{columns_by: <column>, "
                        "mark: <true/false column>}}`.")
    for key in ("columns_by", "mark"):
        if spec.options.get(key) is not None:
            check_columns(spec, study, [str(spec.options[key])], f"options.{key}")
    by_col = spec.options.get("columns_by")
    if by_col is not None and spec.by[0] != by_col:
        # the columns are bracketed by one value each: a column with several (a person's answer such
        # as an age group, or a site that changed municipality) was bracketed by its first row's
        pairs = study.responses[[spec.by[0], by_col]].dropna().astype(str).drop_duplicates()
        several = pairs[pairs.duplicated(spec.by[0], keep=False)]
        if len(several):
            first = str(several[spec.by[0]].iloc[0])
            values = ", ".join(repr(v) for v in several.loc[several[spec.by[0]] == first, by_col])
            raise spec.fail(f"`options.columns_by` names {by_col!r}, which has several values for one column of "
                            f"{spec.by[0]!r}: {first!r} has {values} ({several[spec.by[0]].nunique()} column(s) so). "
                            f"The heatmap brackets each column under one value of it: name a column fixed for each "
                            f"value of {spec.by[0]!r} (a site's municipality), or remove `columns_by`.")
    mark = spec.options.get("mark")
    if mark is not None and str(study.responses[mark].dtype) not in ("boolean", "bool"):
        raise spec.fail(f"`options.mark` names {mark!r}, which is not a true/false column "
                        "(declare it `type: boolean` under `sites.columns` in surveykit.yaml, or remove `mark`).")


def compute_heatmap(study: Study, design, spec: Spec) -> HeatmapResult:
    check_heatmap(spec, study)
    columns, panels = spec.by[0], (spec.by[1] if len(spec.by) > 1 else None)
    means = item_means(study, design, spec.items, spec.by)
    r = study.responses
    groups: tuple[tuple[str, str], ...] = ()
    by_col = spec.options.get("columns_by")
    if by_col:
        first = r[[columns, by_col]].dropna().astype(str).drop_duplicates(columns)
        groups = tuple(zip(first[columns], first[by_col], strict=True))
    marked: frozenset = frozenset()
    mark = spec.options.get("mark")
    if mark:
        keys = [r[columns].astype(str), r[panels].astype(str) if panels else pd.Series("", index=r.index)]
        flags = r[mark].astype("boolean").fillna(False).astype(bool).groupby(keys, observed=True).any()
        marked = frozenset(key for key, flag in flags.items() if flag)
    valid = valid_ranges(study, spec.items)
    return HeatmapResult(means, tuple(spec.items), columns, panels, groups, by_col, marked, mark, f"{spec.id}.csv",
                         valid)


_COLUMN_LABEL = 20  # characters per line of a column's name, at most two lines


def _column_label(name: str) -> str:
    """A column's name on at most two lines of about 20 characters, cut with "…" beyond (a
    site named "Northbridge Customer Service Centre and Citizens' Advice Office" stood 7 cm
    tall above the cells and the layout collapsed; the table and sites.csv `short` have it
    whole). Example: ``_column_label("Harbour Street")`` is ``"Harbour Street"``."""
    lines = textwrap.wrap(name, _COLUMN_LABEL) or [name]
    if len(lines) <= 2:
        return "\n".join(lines)
    return lines[0] + "\n" + lines[1][: _COLUMN_LABEL - 1].rstrip() + "…"


def _column_order(means: pd.DataFrame, col: str, group_of: dict[str, str], group_order: list[str]) -> list[str]:
    """The columns in the order every other figure shows them (the configured order of the
    column's values, e.g. the scale's order of districts), kept together by their group when
    the columns are grouped (the groups in their own configured order)."""
    from surveykit.plots._common import ordered

    present = [str(v) for v in ordered(means, col)]
    rank = {g: k for k, g in enumerate(group_order)}
    return sorted(present, key=lambda v: rank.get(group_of.get(v, ""), len(rank)))   # stable: order within


def _scale_phrase(items: list[str], key, p: Presentation) -> str:
    """What a block's colours mean: "Gjennomsnitt (1 = Helt uenig, 5 = Helt enig)" for items on one
    scale, "Gjennomsnitt (1–5)" for scales of one range with other words, "Gjennomsnitt" for a number."""
    from surveykit.plots.estimates import _mean_label

    ends = {p.scale(i) for i in items}
    if key is None or key[0] == "number" or None in ends:
        return p.text("mean")
    if len(ends) == 1:
        return _mean_label(next(iter(ends)), p)
    return f"{p.text('mean')} ({p.number(key[0], 0)}\u2013{p.number(key[1], 0)})"


def _panel_title(ax, label: str, right_lines: int) -> None:
    """The panel value's name (a wave) over the panel, on the left, above the lines of 8 pt on the
    right (n and the intervals, the scale): on their baseline a long label ("Våren 2023") ran over
    the scale's words. Blank lines under the name lift it (a title's lines end on one baseline)."""
    import math

    title = ax.set_title(label, loc="left", pad=6)
    size = title.get_fontsize()
    lift = (right_lines - 1) * 8 * 1.2 + 8 * 0.8 + size * 0.25 + 3   # the right lines' top, the name's descent, a gap
    title.set_text(label + "\n" * math.ceil(lift / (size * 1.2)))


def draw_heatmap(result: HeatmapResult, p: Presentation):
    """Items (rows, readable horizontal labels) × column values (short names, grouped), one
    panel per panel value and scale: items on scales of different ranges (1–5, 0–10) or a
    number (age) never share a colour scale, each block has its own colour bar (the same in
    every panel) and says its scale; suppressed cells hatched."""
    from matplotlib import transforms
    from matplotlib.lines import Line2D

    from surveykit import plots
    from surveykit.plots._common import empty_handle, ordered, suppressed_handle
    from surveykit.report.figures._draw import new_figure, wrap_even

    means, col = result.means, result.columns
    values = [str(v) for v in ordered(means, result.panels)] if result.panels else [""]
    hidden = means["suppressed"].astype(bool) if "suppressed" in means else pd.Series(False, index=means.index)
    blocks: dict = {}   # items by their scale's range; a number (age, visits) in its own unit, a block of its own
    for item in result.items:
        ends = p.scale(item)
        blocks.setdefault((float(ends[0]), float(ends[1])) if ends is not None else ("number", item), []).append(item)
    blocks = list(blocks.items())
    # a scale's colours span the scale (2,8 and 2,9 on 1–4 differ as little as they look), and so do a
    # number's with a `valid:` range (a 0-10 rating); another number's run from 0 (1,7 and 2,0 visits are
    # not light and dark) when it has no negative values, else over its range
    valid = {item: (low, high) for item, low, high in result.valid}
    limits = {}
    for key, items in blocks:
        shown = means[~hidden & means["variable"].isin(items)]["estimate"].astype(float)
        seen = (float(shown.min()), float(shown.max())) if shown.notna().any() else (0.0, 1.0)
        if key and key[0] != "number":
            limits[key] = (min(key[0], seen[0]), max(key[1], seen[1]))
        elif key[1] in valid:
            limits[key] = (min(valid[key[1]][0], seen[0]), max(valid[key[1]][1], seen[1]))
        else:
            low = 0.0 if seen[0] >= 0 else seen[0]
            limits[key] = (low, seen[1] if seen[1] > low else low + 1.0)
    # a panel value's first block has the columns' names over it; the blocks under it their scale's line only
    heights = [(3.6 if b == 0 else 2.0) + 0.72 * len(items) for _ in values for b, (_, items) in enumerate(blocks)]
    fig, axes = new_figure(2.2 + sum(heights) + (0.8 if hidden.any() else 0), len(heights), 1,
                           gridspec_kw={"height_ratios": heights})
    group_of = {c: p.value(result.columns_by, g) for c, g in result.column_groups}
    # the groups (municipalities) in the order of their first column in the columns' configured order
    group_order = list(dict.fromkeys(group_of[c] for c in map(str, ordered(means, col)) if c in group_of))
    named = True
    panels = iter(axes.flat)
    for value in values:
        # the panel's column stays: a cell of a question its wave did not ask is marked so
        in_wave = means if not result.panels else means[means[result.panels].astype(str) == value]
        cols = _column_order(in_wave, col, group_of, group_order)
        for b, (key, items) in enumerate(blocks):
            ax = next(panels)
            part = in_wave[in_wave["variable"].isin(items)]
            if part.empty:   # no row of this scale's items in this panel's wave: nothing to colour
                ax.set_visible(False)
                continue
            part = part.assign(**{col: part[col].astype(str)})
            order = {"variable": [i for i in items if i in set(part["variable"])], col: cols}
            low, high = limits[key]
            plots.plot_heatmap(part, row="variable", col=col, ax=ax, presentation=p, group_order=order,
                               vmin=low, vmax=high, legend=False, colorbar=True)
            ax.set_yticks(range(len(order["variable"])), [wrap_even(p.name(i), 36) for i in order["variable"]],
                          fontsize=8)
            # a wave's sites by their names in that wave (a site renamed later keeps its name of then)
            names = [_column_label(p.value_in(col, c, value) if result.panels and p.value_in(col, c, value)
                                   != p.value(col, c) else p.short_value(col, c)) for c in cols]
            marks = ["\u25cf " if (c, value) in result.marked else "" for c in cols]
            named = len(cols) * _SITE_LABEL_PT <= ax.get_position().width * fig.get_figwidth() * 72
            detail = ax.get_title(loc="right")
            scale = _scale_phrase(order["variable"], key, p)
            if named and b == 0:
                ax.set_xticks(range(len(cols)), [m + n for m, n in zip(marks, names, strict=True)],
                              rotation=40, ha="left", rotation_mode="anchor", fontsize=8)
            elif named:   # the blocks under the first have the same columns: named once per panel value
                ax.set_xticks([])
            else:  # dozens of columns: names nobody could read would only cost time; the table has them
                ax.set_xticks([])
                note = p.text("sites_unlabelled", n=len(cols), table=result.table)
                detail = f"{note}\n{detail}" if detail else note
                if b == 0:   # the marks need no names: a ● over each marked column
                    over = transforms.blended_transform_factory(ax.transData, ax.transAxes)
                    for j, m in enumerate(marks):
                        if m:
                            ax.text(j, 1.005, "\u25cf", transform=over, ha="center", va="bottom", fontsize=6,
                                    gid="mark")
            right = f"{detail}\n{scale}" if detail else scale
            ax.set_title(right, loc="right", fontsize=8, fontweight="normal", pad=6, gid="detail")
            if result.panels and b == 0:
                _panel_title(ax, p.value(result.panels, value), right.count("\n") + 1)
            under = transforms.blended_transform_factory(ax.transData, ax.transAxes)
            groups = [group_of.get(c, "") for c in cols]
            start = 0
            for j in range(1, len(cols) + 1):
                if j == len(cols) or groups[j] != groups[start]:
                    if groups[start] and b == len(blocks) - 1:
                        ax.plot([start - 0.45, j - 0.55], [-0.03, -0.03], transform=under, color="#4d4d4d",
                                linewidth=0.8, clip_on=False, gid="column_group_bracket")
                        ax.text((start + j - 1) / 2, -0.05, groups[start], transform=under, ha="center",
                                va="top", fontsize=8, gid="column_group")
                    if j < len(cols):
                        ax.axvline(j - 0.5, color="white", linewidth=3)
                    start = j
    fig.get_layout_engine().set(w_pad=6 / 72)
    notes = []
    if result.marked:
        notes.append(Line2D([], [], linestyle="none", marker="$\u25cf$", color="black", label=p.name(result.mark)))
    if hidden.any():
        notes.append(suppressed_handle(p))
    # the words in a cell, or (dozens of columns: no words) its frame alone: either needs the legend's entry
    gids = {t.get_gid() for ax in axes.flat for t in ax.texts}
    gids |= {str(a.get_gid()).removesuffix("_cell") for ax in axes.flat for a in ax.patches}
    notes += [empty_handle(kind, p) for kind in ("not_asked", "no_answers") if kind in gids]
    if notes:
        axes.flat[-1].legend(handles=notes, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(notes),
                          frameon=False, fontsize=8, handlelength=1.2)
    return fig


KIND = Kind("heatmap", check_heatmap, compute_heatmap, draw_heatmap, shown=lambda result: result.means)
