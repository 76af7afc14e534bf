"""Multi-select figure: the share choosing each option, by group, with confidence intervals.

Example:
    >>> result = compute_multi(study, design, spec)                   # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from surveykit.estimate.means import option_shares
from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, check_by, check_items
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "MultiResult", "check_multi", "compute_multi", "draw_multi", "with_option_shares"]


@dataclass(frozen=True)
class MultiResult:
    """Shares per option (a ``<item>__<option>`` variable) × group."""

    shares: pd.DataFrame
    by: tuple[str, ...]
    items: tuple[tuple[str, tuple[str, ...]], ...] = ()   # each question and its options' variables

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": self.shares}


def check_multi(spec: Spec, study: Study) -> None:
    check_items(spec, study, types=("multi",))
    check_by(spec, study)


def with_option_shares(design, columns: list[str]):
    """The design with the option columns ``<item>__<key>`` (True/False, NA = the question not
    answered) as floats: their mean is the share choosing each option among those who answered."""
    if not columns:
        return design
    return design.with_columns(**{c: design.data[c].astype("Float64").astype(float) for c in columns})


def compute_multi(study: Study, design, spec: Spec) -> MultiResult:
    frames, items = [], []
    for item in spec.items:
        var = study.codebook.variable(item)
        cols = [f"{item}__{k}" for k in (var.options or {})]
        frames.append(option_shares(with_option_shares(design, cols), cols, by=list(spec.by) or None))
        items.append((item, tuple(cols)))
    return MultiResult(pd.concat(frames, ignore_index=True), tuple(spec.by), tuple(items))


def draw_multi(result: MultiResult, p: Presentation):
    """One panel; with several questions, a panel each headed by its question (their options in
    one list read as one question's: which question "Nothing" answered was not said), on one
    x scale, one legend under the last."""
    from surveykit import plots
    from surveykit.plots._common import legend_below, missing_handles
    from surveykit.report.figures._draw import new_figure, wrap_even

    shares, by = result.shares, list(result.by)
    n_groups = shares[by].drop_duplicates().shape[0] if by else 1
    parts = [(item, shares[shares["variable"].isin(cols)]) for item, cols in result.items]
    parts = [(item, part) for item, part in parts if len(part)]
    if len(parts) < 2:
        fig, axes = new_figure(5.0 + shares["variable"].nunique() * (0.35 + 0.45 * n_groups))
        plots.plot_multi(shares, group=by or None, ax=axes[0, 0], presentation=p)
        return fig
    heights = [1.6 + part["variable"].nunique() * (0.35 + 0.45 * n_groups) for _, part in parts]
    fig, axes = new_figure(3.4 + sum(heights), len(parts), 1, gridspec_kw={"height_ratios": heights})
    for k, (item, part) in enumerate(parts):
        ax = axes[k, 0]
        last = k == len(parts) - 1
        plots.plot_multi(part, group=by or None, ax=ax, presentation=p, legend=last and bool(by))
        ax.set_title(wrap_even(p.name(item), 70), loc="left", fontweight="bold", fontsize=10, gid="question")
        if not last:
            ax.set_xlabel("")
    right = max(ax.get_xlim()[1] for ax in axes[:, 0])
    for ax in axes[:, 0]:
        ax.set_xlim(0, right)
    # one legend: the groups, and what the marks of every panel mean
    last = axes[-1, 0]
    legend = last.get_legend()
    handles = list(legend.legend_handles) if legend is not None else []
    for handle, text in zip(handles, legend.get_texts() if legend is not None else [], strict=True):
        handle.set_label(text.get_text())
    gids = {t.get_gid() for ax in axes[:, 0] for t in ax.texts}
    seen = {h.get_label() for h in handles}
    handles += [h for h in missing_handles(last, p, gids) if h.get_label() not in seen]
    if legend is not None:
        legend.remove()
    legend_below(last, handles, offset_pt=-30, on_figure=True)
    return fig


KIND = Kind("multi", check_multi, compute_multi, draw_multi, shown=lambda result: result.shares)
