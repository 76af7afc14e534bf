"""Draw each report figure from its tidy results (no statistics here).

Example:
    >>> fig = draw(spec, results, context)          # doctest: +SKIP
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from surveykit import plots
from surveykit.report.spec import Spec

__all__ = ["DrawContext", "draw"]

CM = 1 / 2.54
WIDTH = 17 * CM


@dataclass(frozen=True)
class DrawContext:
    """What every figure needs besides its numbers: language, labels, scales, the rule."""

    language: str
    labels: dict[str, str]
    min_cell: int
    scale_order: dict[str, list[str]]      # item -> substantive labels in order (+ non-substantive)
    neutral: dict[str, str | None]
    nonsubstantive: dict[str, list[str]]
    site_order: tuple[str, ...] = ()


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
    heights = [1.2 + 0.55 * len(p) * n_groups for p in panels]
    fig, axes = _fig(2.5 + sum(heights) + 1.5 * (len(panels) - 1), len(panels), 1,
                     gridspec_kw={"height_ratios": heights})
    for ax, items in zip(axes.flat, panels, strict=True):
        first = items[0]
        order = [lv for lv in ctx.scale_order[first] if lv not in ctx.nonsubstantive[first]]
        part = shares[shares["variable"].isin(items)]
        plots.plot_likert(part, order=order, neutral=ctx.neutral[first], nonsubstantive=ctx.nonsubstantive[first],
                          group=_group(spec), items=items, ax=ax, language=ctx.language,
                          labels=ctx.labels, min_cell=ctx.min_cell)
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
    """One panel per item, stacked (each needs the width for its legend and annotation)."""
    n = len(spec.items)
    fig, axes = _fig(1.5 + 6.5 * n, n, 1)
    for ax, item in zip(axes.flat, spec.items, strict=True):
        plots.plot_did(results[f"{spec.id}_means"], results[f"{spec.id}_did"], group="colocation_path",
                       treated="became_co_located", item=item, ax=ax, language=ctx.language,
                       labels=ctx.labels, min_cell=ctx.min_cell)
    return fig


def draw_heatmap(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    """Sites (rows) × items (columns), one panel per wave (or per value of the second `by`)."""
    result = results[spec.id]
    row, panel = ([*spec.by, "site", "wave"])[:2]
    values = list(dict.fromkeys(result[panel].astype(str)))
    n_rows = result[row].nunique()
    fig, axes = _fig(2.0 + (4.5 + 0.75 * n_rows) * len(values), len(values), 1)
    for ax, value in zip(axes.flat, values, strict=True):
        part = result[result[panel].astype(str) == value].drop(columns=panel)
        order = {"variable": list(spec.items)}
        if row == "site" and ctx.site_order:
            order["site"] = [s for s in ctx.site_order if s in set(part["site"])]
        plots.plot_heatmap(part, row=row, col="variable", ax=ax, language=ctx.language, labels=ctx.labels,
                           min_cell=ctx.min_cell, title=plots_label(panel, value, ctx), group_order=order)
        ticks = [textwrap.fill(t.get_text(), 24) for t in ax.get_xticklabels()]
        ax.set_xticks(ax.get_xticks(), ticks, rotation=90, ha="center", va="bottom", fontsize=8)
    return fig


def draw_weights(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    comp = results[f"{spec.id}_composition"]
    summary = results[f"{spec.id}_summary"]
    cells = [c for c in comp.columns if c not in ("wave", "source", "share")]
    waves = list(dict.fromkeys(comp["wave"]))
    fig, axes = _fig(9.0 * len(waves) + 7.0, len(waves) + 1, 1)
    for ax, wave in zip(axes.flat, waves, strict=False):
        part = comp[comp["wave"] == wave].drop(columns="wave")
        plots.plot_composition(part, cells=cells, ax=ax, language=ctx.language, labels=ctx.labels)
        ax.set_title(f"{ax.get_title()} · {plots_label('wave', wave, ctx)}".strip(" ·"))
    weights = results.get(f"{spec.id}_weights")
    w = weights["weight"].to_numpy() if weights is not None else np.array([])
    plots.plot_weights(w, n_eff=float(summary["n_eff"].sum()), ax=axes.flat[-1], language=ctx.language,
                       labels=ctx.labels)
    return fig


def plots_label(column: str, value: object, ctx: DrawContext) -> str:
    from surveykit.labels import value_label

    return value_label(column, value, ctx.language, ctx.labels)


def draw_multi(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    result = results[spec.id]
    fig, axes = _fig(4.0 + 0.9 * result["variable"].nunique())
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
