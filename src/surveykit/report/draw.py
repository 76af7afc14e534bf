"""Draw each report figure from its tidy results (no statistics here).

Example:
    >>> fig = draw(spec, results, context)          # doctest: +SKIP
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from surveykit import plots
from surveykit.report.context import DrawContext
from surveykit.report.spec import Spec

__all__ = ["DrawContext", "draw"]

CM = 1 / 2.54
_SITE_LABEL_PT = 11  # horizontal room one slanted 8 pt site name needs
WIDTH = 17 * CM


def _fig(height_cm: float, nrows: int = 1, ncols: int = 1, **kw) -> tuple[Figure, np.ndarray]:
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, height_cm * CM), layout="constrained", squeeze=False, **kw)
    return fig, axes


def _group(spec: Spec) -> list[str] | None:
    return list(spec.by) or None


def draw_likert(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    """One panel per answer scale among the items (items on different scales cannot share bars)."""
    shares = results[spec.id]
    panels: list[list[str]] = []
    for item in spec.items:
        if panels and ctx.scale_order[panels[-1][0]] == ctx.scale_order[item]:
            panels[-1].append(item)
        else:
            panels.append([item])
    n_groups = max(1, shares[list(spec.by)].drop_duplicates().shape[0]) if spec.by else 1
    heights = [1.2 + 0.55 * len(p) * (n_groups + 1) for p in panels]
    fig, axes = _fig(2.5 + sum(heights) + 1.5 * (len(panels) - 1), len(panels), 1,
                     gridspec_kw={"height_ratios": heights})
    for ax, items in zip(axes.flat, panels, strict=True):
        first = items[0]
        order = [lv for lv in ctx.scale_order[first] if lv not in ctx.nonsubstantive[first]]
        part = shares[shares["variable"].isin(items)]
        plots.plot_likert(part, order=order, neutral=ctx.neutral[first], nonsubstantive=ctx.nonsubstantive[first],
                          group=_group(spec), items=items, ax=ax, language=ctx.language,
                          labels=ctx.labels, min_cell=ctx.min_cell, headers=True)
    return fig


def draw_means(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    fig, axes = _fig(4.0 + 1.1 * len(spec.items))
    plots.plot_estimates(results[spec.id], group=_group(spec), items=list(spec.items), ax=axes[0, 0],
                         language=ctx.language, labels=ctx.labels, min_cell=ctx.min_cell)
    return fig


def draw_change(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    group = [b for b in spec.by if b != "wave"] or None
    fig, axes = _fig(4.0 + 1.6 * len(spec.items))
    plots.plot_change(results[f"{spec.id}_means"], results[f"{spec.id}_change"], wave="wave", group=group,
                      items=list(spec.items), ax=axes[0, 0], language=ctx.language, labels=ctx.labels,
                      min_cell=ctx.min_cell)
    return fig


def draw_did(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    """One panel per item, stacked; the item is the panel title, the legend shown once."""
    from surveykit.labels import text

    n = len(spec.items)
    fig, axes = _fig(2.0 + 5.6 * n, n, 1)
    for k, (ax, item) in enumerate(zip(axes.flat, spec.items, strict=True)):
        plots.plot_did(results[f"{spec.id}_means"], results[f"{spec.id}_did"], group="colocation_path",
                       treated="became_co_located", item=item, ax=ax, language=ctx.language,
                       labels=ctx.labels, min_cell=ctx.min_cell, title=ctx.labels.get(item, item),
                       ylabel=text("mean", ctx.language))
        if k and ax.get_legend() is not None:
            ax.get_legend().remove()
    return fig


def _site_columns(sites: list[str], ctx: DrawContext) -> list[str]:
    """Sites in display order: by municipality, then as in the site table."""
    known = [s for s in ctx.site_order if s in set(sites)]
    return known + [s for s in sites if s not in set(known)]


def draw_heatmap(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    """Items (rows, readable horizontal labels) × sites (columns, short place names grouped
    by municipality), one panel per wave on one colour scale; suppressed cells hatched."""
    from matplotlib import transforms

    from surveykit.labels import text

    result = results[spec.id]
    site_col, panel = ([*spec.by, "site", "wave"])[:2]
    values = list(dict.fromkeys(result[panel].astype(str)))
    n_items = len(spec.items)
    shown = result[~result["suppressed"].astype(bool)] if "suppressed" in result else result
    vmin, vmax = float(shown["estimate"].min()), float(shown["estimate"].max())
    any_hidden = bool(result["suppressed"].astype(bool).any()) if "suppressed" in result else False
    fig, axes = _fig(2.2 + (3.6 + 0.72 * n_items) * len(values) + (0.8 if any_hidden else 0), len(values), 1)
    labels = {**ctx.labels, **ctx.site_short}
    for ax, value in zip(axes.flat, values, strict=True):
        part = result[result[panel].astype(str) == value].drop(columns=panel)
        sites = _site_columns(list(dict.fromkeys(part[site_col])), ctx)
        order = {"variable": [i for i in spec.items if i in set(part["variable"])], site_col: sites}
        plots.plot_heatmap(part, row="variable", col=site_col, ax=ax, language=ctx.language, labels=labels,
                           min_cell=ctx.min_cell, group_order=order, vmin=vmin, vmax=vmax, legend=False)
        ax.set_yticks(range(len(order["variable"])),
                      [plots_wrap(ctx.labels.get(i, i), 36) for i in order["variable"]], fontsize=8)
        marks = ["\u25cf " if (s, value) in ctx.co_located else "" for s in sites]
        named = len(sites) * _SITE_LABEL_PT <= ax.get_position().width * fig.get_figwidth() * 72
        if named:
            ax.set_xticks(range(len(sites)), [m + labels.get(s, s) for m, s in zip(marks, sites, strict=True)],
                          rotation=40, ha="left", rotation_mode="anchor", fontsize=8)
        else:  # dozens of sites: names nobody could read would only cost time; the table has them
            ax.set_xticks([])
            ax.set_title(text("sites_unlabelled", ctx.language, n=len(sites), table=f"{spec.id}.csv"),
                         loc="right", fontsize=8, fontweight="normal", pad=6)
        ax.set_title(plots_label(panel, value, ctx), loc="left", pad=6)
        under = transforms.blended_transform_factory(ax.transData, ax.transAxes)
        groups = [ctx.site_group.get(s, "") for s in sites]
        start = 0
        for j in range(1, len(sites) + 1):
            if j == len(sites) or groups[j] != groups[start]:
                if groups[start]:
                    ax.plot([start - 0.45, j - 0.55], [-0.03, -0.03], transform=under, color="#4d4d4d",
                            linewidth=0.8, clip_on=False, gid="municipality_bracket")
                    ax.text((start + j - 1) / 2, -0.05, groups[start], transform=under, ha="center", va="top",
                            fontsize=8, gid="municipality")
                if j < len(sites):
                    ax.axvline(j - 0.5, color="white", linewidth=3)
                start = j
    fig.get_layout_engine().set(w_pad=6 / 72)
    notes = []
    if ctx.co_located and named:
        notes.append(Line2D([], [], linestyle="none", marker="$\u25cf$", color="black",
                            label=text("co_located", ctx.language)))
    if any_hidden:
        from surveykit.plots._common import suppressed_handle

        notes.append(suppressed_handle(ctx.language, ctx.min_cell))
    if notes:
        axes.flat[-1].legend(handles=notes, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(notes),
                             frameon=False, fontsize=8, handlelength=1.2)
    return fig


def plots_wrap(label: str, width: int) -> str:
    """Wrap onto as few lines as ``width`` allows, with lines of even length (no orphan word)."""
    label = str(label)
    if len(label) <= width:
        return label
    lines = len(textwrap.wrap(label, width))
    for w in range(-(-len(label) // lines), width + 1):
        if len(textwrap.wrap(label, w)) <= lines:
            return textwrap.fill(label, w)
    return textwrap.fill(label, width)


def draw_weights(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    """Sample vs population per wave side by side (one legend, one x scale), the weights below."""
    comp = results[f"{spec.id}_composition"]
    summary = results[f"{spec.id}_summary"]
    cells = [c for c in comp.columns if c not in ("wave", "source", "share")]
    waves = list(dict.fromkeys(comp["wave"]))
    n_rows = comp[cells].drop_duplicates().shape[0] + (comp[cells[0]].nunique() if len(cells) > 1 else 0)
    top_cm = 2.5 + 0.42 * n_rows
    fig = plt.figure(figsize=(WIDTH, (top_cm + 8.0 + 2.0) * CM), layout="constrained")
    grid = fig.add_gridspec(2, len(waves), height_ratios=[top_cm, 6.5])
    axes = [fig.add_subplot(grid[0, k]) for k in range(len(waves))]
    for k, (ax, wave) in enumerate(zip(axes, waves, strict=True)):
        part = comp[comp["wave"] == wave].drop(columns="wave")
        plots.plot_composition(part, cells=cells, ax=ax, language=ctx.language, labels=ctx.labels, legend=False)
        ax.set_title(plots_label("wave", wave, ctx), loc="left")
        if k:
            ax.tick_params(labelleft=False)
    right = max(ax.get_xlim()[1] for ax in axes)
    for ax in axes:
        ax.set_xlim(0, right)
    handles, names = axes[0].get_legend_handles_labels()
    hist = fig.add_subplot(grid[1, :])
    weights = results.get(f"_{spec.id}_weights")
    w = weights["weight"].to_numpy() if weights is not None else np.array([])
    plots.plot_weights(w, n_eff=float(summary["n_eff"].sum()), ax=hist, language=ctx.language,
                       labels=ctx.labels)
    order = [len(names) - 1, *range(len(names) - 1)]  # the population bars first
    hist.legend([handles[i] for i in order], [names[i] for i in order], loc="lower center",
                bbox_to_anchor=(0.5, 1.04), ncol=len(handles), frameon=False)
    return fig


def plots_label(column: str, value: object, ctx: DrawContext) -> str:
    from surveykit.labels import value_label

    return value_label(column, value, ctx.language, ctx.labels)


def draw_multi(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    result = results[spec.id]
    n_groups = result[list(spec.by)].drop_duplicates().shape[0] if spec.by else 1
    fig, axes = _fig(5.0 + result["variable"].nunique() * (0.35 + 0.45 * n_groups))
    plots.plot_multi(result, group=_group(spec), ax=axes[0, 0], language=ctx.language, labels=ctx.labels,
                     min_cell=ctx.min_cell)
    return fig


_TERM = re.compile(r"^C\((?P<var>[^)]+)\)\[T\.(?P<level>.*)\]$")


def term_labels(terms: list[str], ctx: DrawContext) -> dict[str, str]:
    """Readable regression terms: "C(age_group)[T.30-44]" -> "Aldersgruppe: 30-44"."""
    out = {}
    for term in terms:
        m = _TERM.match(str(term))
        if m:
            out[term] = f"{plots_label(None, m['var'], ctx)}: {plots_label(m['var'], m['level'], ctx)}"
    return out


def draw_adjusted(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    result = results[spec.id]
    labels = {**ctx.labels, **term_labels(list(result["variable"].unique()), ctx)}
    fig, axes = _fig(4.0 + 0.5 * len(result))
    plots.plot_coefficients(result, group="outcome", ax=axes[0, 0], language=ctx.language, labels=labels,
                            min_cell=ctx.min_cell)
    return fig


DRAW: dict[str, Callable[[Spec, dict[str, pd.DataFrame], DrawContext], Figure]] = {
    "likert": draw_likert, "means": draw_means, "change": draw_change, "did": draw_did,
    "heatmap": draw_heatmap, "weights": draw_weights, "multi": draw_multi, "adjusted": draw_adjusted,
}


def draw(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    """The figure of one spec, titled, drawn from its results."""
    fig = DRAW[spec.kind](spec, results, ctx)
    fig.suptitle(spec.text(ctx.language), fontsize=11, fontweight="bold")
    return fig
