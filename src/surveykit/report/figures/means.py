"""Means figure (and table): each item's mean score with its confidence interval, by group.

Scaled items are scored by their levels' codes ("Vet ikke" excluded), numeric items as
they are; the whiskers are named in the legend ("95 % KI").

Example:
    >>> result = compute_means(study, design, spec)                   # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from surveykit.estimate.means import mean
from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, check_by, check_items
from surveykit.report.items import SCORE
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "MAX_SERIES", "MeansResult", "check_means", "check_means_figure", "compute_means", "draw_means",
           "item_means", "valid_ranges"]


@dataclass(frozen=True)
class MeansResult:
    """Mean scores per item × group."""

    means: pd.DataFrame
    by: tuple[str, ...]
    items: tuple[str, ...]
    valid: tuple[tuple[str, float, float], ...] = ()    # (numeric item, low, high): its `valid:` range, a scale

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": self.means}


def check_means(spec: Spec, study: Study) -> None:
    check_items(spec, study, numeric=True)
    check_by(spec, study)


MAX_SERIES = 16   # dots of one item row that a reader can still tell apart by colour and marker


def check_means_figure(spec: Spec, study: Study) -> None:
    """The table's checks, and no more groups than a reader can tell apart: each group is a
    dot in an item's row, told by its colour and marker in the legend (30 sites were drawn
    in one row with 30 legend entries); a table or a heatmap shows so many."""
    check_means(spec, study)
    data = study.responses
    by = [b for b in spec.by if b in data]
    if not by:
        return
    series = data[by].dropna().drop_duplicates().shape[0]
    if series > MAX_SERIES:
        # a heatmap takes at most two `by` columns (its rows, then its panels)
        heat = (f"`by: {list(spec.by)}`" if len(spec.by) <= 2 else
                f"which takes two `by` columns, its rows and its panels, e.g. `by: {[spec.by[0], spec.by[-1]]}`")
        raise spec.fail(f"{series} groups of `by: {list(spec.by)}` are too many to tell apart in a means figure (at most "
                        f"{MAX_SERIES}: each group is a dot in the item's row, named in the legend). Show them in a "
                        f"table (`kind: means` under `tables:`) or a heatmap (`kind: heatmap`, {heat}), "
                        "or group the figure by fewer values (a grouping of sites).")


def item_means(study: Study, design, items, by) -> pd.DataFrame:
    """Mean scores of ``items`` (a scaled item by its codes) by ``by``; ``variable`` names the item."""
    columns = [i + SCORE if i + SCORE in design.data else i for i in items]
    out = mean(design, columns, by=list(by) or None)
    out["variable"] = out["variable"].astype(str).str.removesuffix(SCORE)
    return out


SCALE_COVER = 0.5   # the answers' own range covers at least this part of `valid:`: a scale, spanned


def _scale_like(answers: pd.Series, low: float, high: float) -> bool:
    """The `valid:` range is the number's scale (a 0–10 rating answered from 1 to 10), not a
    plausibility check (an age valid from 15 to 110, answered from 18 to 64 or so): the
    lowest and highest answer lie at least :data:`SCALE_COVER` of the range apart."""
    seen = pd.to_numeric(answers, errors="coerce").dropna()
    if high <= low:
        return True
    if not len(seen):
        return False
    return (float(seen.max()) - float(seen.min())) >= SCALE_COVER * (high - low)


def valid_ranges(study: Study, items) -> tuple[tuple[str, float, float], ...]:
    """(item, low, high) of each numeric item whose codebook `valid:` range is its scale (a 0–10
    rating): the range its axis or colours span, as a scale's span the scale. A `valid:` range
    that is a plausibility check (age 15–110) is not: the answers' lowest and highest lie less
    than half of it apart (:func:`_scale_like`), and its means are drawn over the intervals
    (means of 40–50 drawn over 15–110 were squashed into a sliver)."""
    data = study.responses
    return tuple((item, float(v.valid[0]), float(v.valid[1])) for item in items
                 if (v := study.codebook.variable(item)).type == "numeric" and v.valid is not None
                 and _scale_like(data[item] if item in data else pd.Series(dtype=float),
                                 float(v.valid[0]), float(v.valid[1])))


def compute_means(study: Study, design, spec: Spec) -> MeansResult:
    return MeansResult(item_means(study, design, spec.items, spec.by), tuple(spec.by), tuple(spec.items),
                       valid_ranges(study, spec.items))


def draw_means(result: MeansResult, p: Presentation):
    from surveykit import plots
    from surveykit.report.figures._draw import new_figure

    by = list(result.by)
    series = result.means[by].drop_duplicates().shape[0] if by else 1
    # every series is a dodged dot in an item's row: rows grow with them (10 series of region ×
    # wave were piled into a 1 cm strip), the legend with its lines of about three entries
    per_item = max(1.1, 0.4 + 0.45 * series)
    # items on different scales (1-5, 0-10, a number such as age) are drawn in panels of their own
    panels = len(plots.estimates.scale_panels(result.means, list(result.items), p))
    fig, axes = new_figure(4.0 + per_item * len(result.items) + 0.5 * ((series - 1) // 3) + 1.8 * (panels - 1))
    # a number with a `valid:` range that is its scale (a 0-10 rating) spans it, as a scale spans the scale
    # and the heatmap's colours do: its axis zoomed on 4,2-5,6 drew 4,6 against 5,1 as if from one end to
    # the other; a plausibility range (age 15-110: valid_ranges leaves it out) fits the intervals instead
    plots.plot_estimates(result.means, group=list(result.by) or None, items=list(result.items), ax=axes[0, 0],
                         presentation=p, ranges={item: (low, high) for item, low, high in result.valid})
    return fig


KIND = Kind("means", check_means_figure, compute_means, draw_means, shown=lambda result: result.means)
