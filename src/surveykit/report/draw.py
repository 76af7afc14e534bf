"""Draw each report figure from its tidy results (no statistics here).

Example:
    >>> fig = draw(spec, results, context)          # doctest: +SKIP
"""

from __future__ import annotations

import math
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


def _fig(height_cm: float, nrows: int = 1, ncols: int = 1, **kw) -> tuple[Figure, np.ndarray]:
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, height_cm * CM), layout="constrained", squeeze=False, **kw)
    return fig, axes


def _group(spec: Spec) -> list[str] | None:
    return list(spec.by) or None


def draw_likert(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    shares = results[spec.id]
    first = spec.items[0]
    n_groups = max(1, shares[list(spec.by)].drop_duplicates().shape[0]) if spec.by else 1
    fig, axes = _fig(3.0 + 0.55 * len(spec.items) * n_groups)
    order = [lv for lv in ctx.scale_order[first] if lv not in ctx.nonsubstantive[first]]
    plots.plot_likert(shares, order=order, neutral=ctx.neutral[first], nonsubstantive=ctx.nonsubstantive[first],
                      group=_group(spec), items=list(spec.items), ax=axes[0, 0], language=ctx.language,
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
    n = len(spec.items)
    ncols = min(n, 3)
    nrows = math.ceil(n / ncols)
    fig, axes = _fig(8.0 * nrows, nrows, ncols, sharey=True)
    for ax, item in zip(axes.flat, spec.items, strict=False):
        plots.plot_did(results[f"{spec.id}_means"], results[f"{spec.id}_did"], group="colocation_path",
                       treated="became_co_located", item=item, ax=ax, language=ctx.language,
                       labels=ctx.labels, min_cell=ctx.min_cell)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig


def draw_heatmap(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    result = results[spec.id]
    row, col = [*spec.by, "site", "wave"][:2]
    n = len(spec.items)
    ncols = min(n, 4)
    nrows = math.ceil(n / ncols)
    n_rows_data = result[row].nunique()
    fig, axes = _fig(2.0 + nrows * (1.6 + 0.55 * n_rows_data), nrows, ncols)
    for i, (ax, item) in enumerate(zip(axes.flat, spec.items, strict=False)):
        plots.plot_heatmap(result, row=row, col=col, item=item, ax=ax, language=ctx.language,
                           labels=ctx.labels, min_cell=ctx.min_cell)
        if i % ncols:
            ax.set_yticklabels([])
            ax.set_ylabel("")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
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


def draw_adjusted(spec: Spec, results: dict[str, pd.DataFrame], ctx: DrawContext) -> Figure:
    result = results[spec.id]
    fig, axes = _fig(4.0 + 0.5 * len(result))
    plots.plot_coefficients(result, group="outcome", ax=axes[0, 0], language=ctx.language, labels=ctx.labels,
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
