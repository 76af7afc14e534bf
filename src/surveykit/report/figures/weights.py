"""Weights figure: sample vs population composition per wave, before and after weighting, and
the weight distribution with Kish's effective sample size.

Only for a weighted study (``weighting.method`` other than ``none``). The composition is
shown per weighting margin (the wave apart), as the weighting matched it: raking on
municipality × gender and municipality × age group matches those two tables, not their
joint cells, so each margin is a block of its own (a joint table would show weighted shares
off the population bars although the raking worked). A margin's rows leave the other margins'
variables empty (a total over them). Each row has its sample's respondents ``n``; a cell
resting on fewer than ``min_cell`` respondents (and the cells that would give it away) is
hidden by the build's disclosure gate.

Example:
    >>> result = compute_weights(study, design, spec)                 # doctest: +SKIP
    >>> result.margins                                                 # doctest: +SKIP
    (('municipality', 'gender'), ('municipality', 'age_group'))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, takes_no_by
from surveykit.report.spec import Spec
from surveykit.study import Study
from surveykit.weights import kish_n_eff

__all__ = ["KIND", "WeightsResult", "cell_orders", "check_weights", "compute_weights", "draw_weights", "published_weights",
           "wave_weights", "weighting_margins", "withheld_waves"]


@dataclass(frozen=True)
class WeightsResult:
    """Composition per wave × margin cell × source, the weights' summary per wave, the weights."""

    composition: pd.DataFrame
    cells: tuple[str, ...]         # every margin's variables
    summary: pd.DataFrame
    weights: pd.DataFrame          # wave, weight: one row per respondent (drawn, never published)
    margins: tuple[tuple[str, ...], ...] = ()  # the weighting margins without the wave
    # each cell variable's values in display order (the codebook's: "Under 30" before "30-49")
    orders: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def margin_rows(self, margin: Sequence[str]) -> pd.DataFrame:
        """The composition's rows of one margin: its variables given, the others empty."""
        comp = self.composition
        mask = pd.Series(True, index=comp.index)
        for c in self.cells:
            mask &= comp[c].notna() if c in margin else comp[c].isna()
        return comp[mask]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"composition": self.composition, "summary": self.summary}


def wave_weights(study: Study, weights: np.ndarray) -> pd.DataFrame:
    """Per wave: respondents, sum, mean, min and max weight, Kish's effective n and the
    weighting's design effect n / n_eff."""
    frame = pd.DataFrame({"wave": study.responses["wave"].astype(str).to_numpy(), "weight": np.asarray(weights, float)})
    summary = frame.groupby("wave", sort=False)["weight"].agg(["size", "sum", "mean", "min", "max"]).reset_index()
    summary = summary.rename(columns={"size": "n"})
    summary["n_eff"] = [kish_n_eff(w.to_numpy()) for _, w in frame.groupby("wave", sort=False)["weight"]]
    summary["deff_weights"] = summary["n"] / summary["n_eff"]
    return summary


# the numbers of a wave's weight distribution: after post-stratification a weight is a cell's
# population over its respondents, so these give a small cell's n back (docs/privacy.md)
DISTRIBUTION = ("min", "max", "n_eff", "deff_weights")


def withheld_waves(study: Study) -> set[str]:
    """The waves with a weighting cell (a margin's cell) resting on fewer than ``min_cell``
    respondents: their weight distribution (histogram, smallest and largest weight, Kish's
    effective n) is not published, since it would give that cell's size away."""
    cfg = study.config
    if cfg.weighting.method == "none" or study.population is None or not cfg.min_cell:
        return set()
    frame = study.responses
    out: set[str] = set()
    for margin in cfg.weighting.margins:
        cells = [c for c in margin if c != "wave" and c in frame]
        if not cells:
            continue
        counts = frame.groupby(["wave", *cells], observed=True, dropna=False).size()
        small = counts[(counts > 0) & (counts < cfg.min_cell)]
        out |= {str(w) for w in small.index.get_level_values("wave")}
    return out


def published_weights(study: Study, summary: pd.DataFrame) -> pd.DataFrame:
    """``summary`` (:func:`wave_weights`) with the weight distribution of the
    :func:`withheld_waves` emptied."""
    out = summary.copy()
    hidden = out["wave"].astype(str).isin(withheld_waves(study))
    out.loc[hidden, list(DISTRIBUTION)] = float("nan")
    return out


def check_weights(spec: Spec, study: Study) -> None:
    if study.config.weighting.method == "none" or study.population is None:
        how = ("weighted by the data's own weights only, not to population margins (surveykit.yaml "
               "`weighting.method: none`)" if study.config.weighting.weights is not None else
               "not weighted (surveykit.yaml `weighting.method: none`)")
        raise spec.fail(f"a weights figure shows how the weighting changed the sample, and this study is {how}. "
                        "Remove the figure from config/report.yaml, or configure `weighting`.")
    if spec.items:
        raise spec.fail("a weights figure takes no `items`; its cells are the weighting margins in surveykit.yaml.")
    takes_no_by(spec, "its cells are the weighting margins in surveykit.yaml, per wave")


def weighting_margins(study: Study) -> list[tuple[str, ...]]:
    """The weighting margins' variables without the wave, each once, in configured order."""
    margins = (tuple(c for c in m if c != "wave") for m in study.config.weighting.margins)
    return list(dict.fromkeys(m for m in margins if m))


def compute_weights(study: Study, design, spec: Spec) -> WeightsResult:
    from surveykit.weighting import composition

    check_weights(spec, study)
    cfg = study.config.weighting
    margins = weighting_margins(study)
    if not margins:
        raise spec.fail("a weights figure shows the composition by the weighting margins, and the margins in "
                        "surveykit.yaml name only the wave. Remove the figure from config/report.yaml.")
    cells = list(dict.fromkeys(c for m in margins for c in m))
    parts = []
    for margin in margins:
        part = composition(study.responses, design.weights, study.population, list(margin), cfg.count, by="wave")
        keys = ["wave", *margin]
        counts = study.responses[keys].astype("string").value_counts().rename("n").reset_index()
        part = part.merge(counts.astype({k: "string" for k in keys}), on=keys, how="left").fillna({"n": 0})
        parts.append(part)
    comp = pd.concat(parts, ignore_index=True)
    comp = comp[["wave", *cells, "source", "share", "n"]].astype({c: "string" for c in cells})
    # n: the sample's respondents in the cell, on its sample and weighted rows (a cell resting on
    # fewer than min_cell is suppressed); population shares rest on no respondent (no n)
    comp["n"] = comp["n"].astype("Int64").where(comp["source"].ne("population"))
    comp["suppressed"] = comp["n"].between(1, study.config.min_cell - 1).fillna(False).astype(bool)
    comp.loc[comp["suppressed"], "share"] = float("nan")
    weights = pd.DataFrame({"wave": study.responses["wave"].astype(str).to_numpy(), "weight": design.weights})
    weights = weights[~weights["wave"].isin(withheld_waves(study))].reset_index(drop=True)
    return WeightsResult(comp, tuple(cells), published_weights(study, wave_weights(study, design.weights)), weights,
                         tuple(margins), cell_orders(study.responses, comp, cells))


def cell_orders(responses: pd.DataFrame, comp: pd.DataFrame, cells: Sequence[str]) -> tuple:
    """Each cell variable's values in the order the responses give them (a scale's or a derived
    group's categories, the sites' configured municipalities), values only the population has
    after them: as text, the composition's values sort as words ("30-49", "50+", "Under 30")."""
    from surveykit.plots._common import ordered

    out = []
    for cell in cells:
        known = [str(v) for v in ordered(responses, cell)] if cell in responses else []
        present = [str(v) for v in comp[cell].dropna().unique()]
        out.append((cell, tuple(dict.fromkeys([v for v in known if v in present] + present))))
    return tuple(out)


def draw_weights(result: WeightsResult, p: Presentation):
    """Per wave a column, per weighting margin a block of rows (sample vs population, one legend,
    one x scale), the weights below."""
    import matplotlib.pyplot as plt

    from surveykit import plots
    from surveykit.report.figures._draw import CM, WIDTH, agg_canvas

    comp = result.composition
    margins = [list(m) for m in result.margins] or [list(result.cells)]
    waves = list(dict.fromkeys(comp["wave"]))
    heights = []
    for margin in margins:
        part = result.margin_rows(margin) if result.margins else comp
        n_rows = part[margin].drop_duplicates().shape[0] + (part[margin[0]].nunique() if len(margin) > 1 else 0)
        heights.append(1.6 + 0.42 * n_rows)
    # several margins: each block is headed once by its margin's name, across the waves' columns (in
    # every column it ran into the next column's: "Køn × AldersgruppeKøn × Aldersgruppe", the last cut)
    headed = len(margins) > 1
    ratios = [r for h in heights for r in ((0.01, h) if headed else (h,))]
    fig = plt.figure(figsize=(WIDTH, (sum(heights) + 0.9 * len(margins) * headed + 0.9 + 8.0 + 2.0) * CM),
                     layout="constrained")
    agg_canvas(fig)   # measured below (draw_without_rendering) by Agg, whatever the user's backend
    grid = fig.add_gridspec(len(ratios) + 1, len(waves), height_ratios=[*ratios, 6.5])
    axes, heads = [], []
    for i, margin in enumerate(margins):
        rows = result.margin_rows(margin) if result.margins else comp
        row = 2 * i + 1 if headed else i
        for k, wave in enumerate(waves):
            ax = fig.add_subplot(grid[row, k])
            part = rows[rows["wave"] == wave][[*margin, "source", "share"]]
            plots.plot_composition(part, cells=margin, ax=ax, presentation=p, legend=False,
                                   group_order=dict(result.orders) or None)
            if i == 0:   # the waves head their columns once
                ax.set_title(p.value("wave", wave), loc="left", gid="wave")
            if k:
                ax.tick_params(labelleft=False)
            axes.append(ax)
        if headed:
            heads.append((row - 1, " × ".join(p.name(c) for c in margin)))
    for row, name in heads:
        head = fig.add_subplot(grid[row, :])
        head.set_axis_off()
        head.set_title(name, loc="left", fontweight="bold", gid="margin")
    right = max(ax.get_xlim()[1] for ax in axes)
    for ax in axes:
        ax.set_xlim(0, right)
    handles, names = axes[0].get_legend_handles_labels()
    hist = fig.add_subplot(grid[len(ratios), :])
    if len(result.weights):
        shown = result.summary["n_eff"].notna()
        plots.plot_weights(result.weights["weight"].to_numpy(), n_eff=float(result.summary["n_eff"][shown].sum()),
                           ax=hist, presentation=p)
    else:  # every wave's weight distribution is withheld (a small weighting cell)
        hist.set_axis_off()
        hist.text(0.5, 0.5, p.text("weights_withheld", min_cell=p.min_cell), ha="center", va="center",
                  transform=hist.transAxes, wrap=True)
    order = [len(names) - 1, *range(len(names) - 1)]  # the population bars first
    hist.legend([handles[i] for i in order], [names[i] for i in order], loc="lower center",
                bbox_to_anchor=(0.5, 1.04), ncol=len(handles), frameon=False)
    _fit_wave_titles(fig, axes[:len(waves)])
    return fig


def _fit_wave_titles(fig, columns) -> None:
    """Each wave's title wrapped to its column (from its axes' left to the next column's), in a
    smaller font where one word is wider still ("Innbyggerundersøkelsen"): a long wave label ran
    into the next column's."""
    from surveykit.plots.theme import text_width_pt
    from surveykit.report.figures._draw import wrap_title

    fig.draw_without_rendering()   # the laid-out columns
    lefts = [ax.get_position().x0 for ax in columns] + [1.0]
    titles = [ax._left_title for ax in columns]
    rooms = [(right - ax.get_position().x0) * fig.get_figwidth() * 72 * 0.92
             for ax, right in zip(columns, lefts[1:], strict=False)]
    size, weight = titles[0].get_fontsize(), titles[0].get_fontweight()
    texts = [t.get_text() for t in titles]
    for text, room in zip(texts, rooms, strict=True):   # one size for every wave's title: the one all fit
        widest = max(text_width_pt(line, size, weight=weight) for line in wrap_title(text, room, size, weight=weight)
                     .split("\n"))
        size = max(6.0, min(size, size * room / widest))
    for title, text, room in zip(titles, texts, rooms, strict=True):
        title.set_fontsize(size)
        title.set_text(wrap_title(text, room, size, weight=weight))


KIND = Kind("weights", check_weights, compute_weights, draw_weights)
