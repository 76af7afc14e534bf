"""Likert figure (and the ``shares`` table): answer distributions as diverging bars.

One base per figure, said on it: the substantive answers' shares are of those who took a
position ("Vet ikke" left out, as in the top-box table and the means), and the don't-know
answer is drawn apart as its share of *all* answers. The table holds exactly the drawn
numbers; each row's ``n`` is its base.

Example:
    >>> result = compute_likert(study, design, spec)                  # doctest: +SKIP
    >>> fig = draw_likert(result, study.presentation())                # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from surveykit.estimate.means import mean
from surveykit.labels import joined
from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, check_by, check_items
from surveykit.report.items import DONT_KNOW, dont_know_shares, level_values
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "LikertResult", "ScalePanel", "check_likert", "check_likert_figure", "compute_likert", "draw_likert"]


@dataclass(frozen=True)
class ScalePanel:
    """Items drawn in one panel: they share a scale (its levels, neutral, non-substantive)."""

    items: tuple[str, ...]
    order: tuple[Any, ...]
    neutral: Any
    nonsubstantive: tuple[Any, ...]

    @property
    def dont_know(self) -> tuple[Any, ...]:
        """The one level of the pooled don't-know share, named by every non-substantive answer of
        the scale ("No answer / Don't know"): it pools them all, so one of them alone misnamed
        the others' share."""
        if len(self.nonsubstantive) <= 1:
            return self.nonsubstantive
        return (" / ".join(map(str, self.nonsubstantive)),)


@dataclass(frozen=True)
class LikertResult:
    """Shares per item × group × level: substantive levels of substantive answers, the
    don't-know level of all answers."""

    shares: pd.DataFrame
    by: tuple[str, ...]
    panels: tuple[ScalePanel, ...]
    diverging: bool = True       # False: one-sided scales (how often), stacked from 0, no neutral

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": self.shares}


def check_likert(spec: Spec, study: Study) -> None:
    """The ``shares`` table's checks: items on a scale, ordered or not (gender's shares are a table)."""
    check_items(spec, study, scaled=True)
    check_by(spec, study)
    if not isinstance(spec.options.get("diverging", True), bool):
        raise spec.fail("`options.diverging` is true (bars centred on the neutral answer) or false (a one-sided "
                        f"scale such as how often, stacked from 0), got {spec.options['diverging']!r}.")


def check_likert_figure(spec: Spec, study: Study) -> None:
    """The table's checks, and every item on an ordered scale: the figure draws the answers from
    one pole to the other (diverging, or stacked as a ramp from the first answer), which an
    unordered scale (gender) does not have; its shares are a table."""
    check_likert(spec, study)
    check_items(spec, study, scaled=True, ordered=True)


def _panels(study: Study, items: tuple[str, ...], diverging: bool = True) -> tuple[ScalePanel, ...]:
    panels: list[ScalePanel] = []
    for item in items:
        scale = study.codebook.scale_of(item)
        order, nonsub = level_values(study.responses[item], scale, study.language)
        neutral = order[len(order) // 2] if diverging and scale.ordered and len(order) % 2 == 1 else None
        if panels and panels[-1].order == tuple(order) and panels[-1].nonsubstantive == tuple(nonsub):
            panels[-1] = ScalePanel((*panels[-1].items, item), tuple(order), neutral, tuple(nonsub))
        else:
            panels.append(ScalePanel((item,), tuple(order), neutral, tuple(nonsub)))
    return tuple(panels)


def compute_likert(study: Study, design, spec: Spec) -> LikertResult:
    by = list(spec.by) or None
    diverging = bool(spec.options.get("diverging", True))
    panels = _panels(study, spec.items, diverging)
    shares = mean(design, list(spec.items), by=by)
    levels = {i: p.dont_know[0] for p in panels for i in p.items if p.nonsubstantive and i + DONT_KNOW in design.data}
    out = pd.concat([shares, dont_know_shares(design, levels, spec.by)], ignore_index=True)
    rank = {item: k for k, item in enumerate(spec.items)}  # per group and item: its levels, then "Vet ikke"
    out = out.assign(_item=out["variable"].map(rank)).sort_values(
        [*spec.by, "_item"], kind="stable").drop(columns="_item").reset_index(drop=True)
    return LikertResult(out, tuple(spec.by), panels, diverging)


def draw_likert(result: LikertResult, p: Presentation):
    """One panel per answer scale among the items (items on different scales cannot share bars)."""
    from surveykit import plots
    from surveykit.report.figures._draw import new_figure

    shares, by = result.shares, list(result.by)
    n_groups = max(1, shares[by].drop_duplicates().shape[0]) if by else 1
    heights = [1.2 + 0.55 * len(panel.items) * (n_groups + 1) for panel in result.panels]
    fig, axes = new_figure(2.5 + sum(heights) + 1.5 * (len(heights) - 1), len(heights), 1,
                           gridspec_kw={"height_ratios": heights})
    base = _base(result, p)
    last = len(result.panels) - 1

    def panel_of(k: int, ax, xlabel: str | None) -> None:
        panel = result.panels[k]
        part = shares[shares["variable"].isin(panel.items)]
        plots.plot_likert(part, order=list(panel.order), neutral=panel.neutral,
                          nonsubstantive=list(panel.dont_know), group=by or None, items=list(panel.items),
                          ax=ax, presentation=p, headers=True, xlabel=xlabel, diverging=result.diverging)

    for k, ax in enumerate(axes.flat):
        panel_of(k, ax, base if k == last else None)
    if base and " · " in base and not _base_fits(fig, axes.flat[last]):
        # long row labels leave the bars too narrow for the base note on one line (it ran off the
        # figure's edge): its two bases on a line each, the legend under them (plot_likert measures)
        axes.flat[last].clear()
        panel_of(last, axes.flat[last], base.replace(" · ", "\n", 1))
    return fig


def _base_fits(fig, ax) -> bool:
    """The base note (``ax``'s x label, centred under the bars) fits the figure's width: the bars
    lie between the row labels on the left and the n labels on the right, so a note of width w
    fits when w <= figure width - |left - right| (text measured, no layout needed)."""
    renderer = fig.canvas.get_renderer()

    def widest(texts) -> float:
        return max((t.get_window_extent(renderer).width for t in texts if t.get_visible() and t.get_text()),
                   default=0.0)

    left = widest(ax.get_yticklabels()) + 12 * fig.dpi / 72            # tick pad and the figure's margin
    right = widest(t for t in ax.texts if t.get_gid() == "n_label") + 12 * fig.dpi / 72
    return ax.xaxis.label.get_window_extent(renderer).width <= fig.bbox.width - abs(left - right)


def _base(result: LikertResult, p: Presentation) -> str:
    """The figure's two bases, naming the don't-know answer of every panel as its question's
    scale words it ("Vet inte" and "Vet inte/ej aktuellt"), never one panel's for all; "" when
    no panel has one."""
    answers = list(dict.fromkeys(p.value(panel.items[0], panel.dont_know[0])
                                 for panel in result.panels if panel.nonsubstantive))
    if len(answers) == 1:
        return f"{p.text('substantive_base', dont_know=answers[0])} · {p.text('dont_know_base', dont_know=answers[0])}"
    if not answers:
        return ""
    quoted = joined([p.text("quoted", text=a) for a in answers], p.language)
    return f"{p.text('substantive_base_any')} · {p.text('dont_know_base_any', answers=quoted)}"   # one line: it fits


KIND = Kind("likert", check_likert_figure, compute_likert, draw_likert, shown=lambda result: result.shares)
