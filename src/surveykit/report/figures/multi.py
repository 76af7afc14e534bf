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
    frames = []
    for item in spec.items:
        var = study.codebook.variable(item)
        cols = [f"{item}__{k}" for k in (var.options or {})]
        frames.append(option_shares(with_option_shares(design, cols), cols, by=list(spec.by) or None))
    return MultiResult(pd.concat(frames, ignore_index=True), tuple(spec.by))


def draw_multi(result: MultiResult, p: Presentation):
    from surveykit import plots
    from surveykit.report.figures._draw import new_figure

    shares, by = result.shares, list(result.by)
    n_groups = shares[by].drop_duplicates().shape[0] if by else 1
    fig, axes = new_figure(5.0 + shares["variable"].nunique() * (0.35 + 0.45 * n_groups))
    plots.plot_multi(shares, group=by or None, ax=axes[0, 0], presentation=p)
    return fig


KIND = Kind("multi", check_multi, compute_multi, draw_multi, shown=lambda result: result.shares)
