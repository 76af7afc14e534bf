"""Weights figure: sample vs population composition per wave, before and after weighting, and
the weight distribution with Kish's effective sample size.

Only for a weighted study (``weighting.method`` other than ``none``). The composition's
cells are the weighting margins' variables (the wave apart), each with its sample's
respondents ``n``; a cell resting on fewer than ``min_cell`` respondents (and the cells that
would give it away) is hidden by the build's disclosure gate.

Example:
    >>> result = compute_weights(study, design, spec)                 # doctest: +SKIP
    >>> result.cells                                                   # doctest: +SKIP
    ('municipality', 'gender', 'age_group')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, takes_no_by
from surveykit.report.spec import Spec
from surveykit.study import Study
from surveykit.weights import kish_n_eff

__all__ = ["KIND", "WeightsResult", "check_weights", "compute_weights", "draw_weights", "published_weights",
           "wave_weights", "withheld_waves"]


@dataclass(frozen=True)
class WeightsResult:
    """Composition per wave × cell × source, the weights' summary per wave, the weights."""

    composition: pd.DataFrame
    cells: tuple[str, ...]
    summary: pd.DataFrame
    weights: pd.DataFrame          # wave, weight: one row per respondent (drawn, never published)

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
        raise spec.fail("a weights figure shows how the weighting changed the sample, and this study is not "
                        "weighted (surveykit.yaml `weighting.method: none`). Remove the figure from "
                        "config/report.yaml, or configure `weighting`.")
    if spec.items:
        raise spec.fail("a weights figure takes no `items`; its cells are the weighting margins in surveykit.yaml.")
    takes_no_by(spec, "its cells are the weighting margins in surveykit.yaml, per wave")


def compute_weights(study: Study, design, spec: Spec) -> WeightsResult:
    from surveykit.weighting import composition

    check_weights(spec, study)
    cfg = study.config.weighting
    cells = list(dict.fromkeys(c for m in cfg.margins for c in m if c != "wave"))
    comp = composition(study.responses, design.weights, study.population, cells, cfg.count, by="wave")
    keys = ["wave", *cells]
    counts = study.responses[keys].astype("string").value_counts().rename("n").reset_index()
    comp = comp.merge(counts.astype({k: "string" for k in keys}), on=keys, how="left").fillna({"n": 0})
    # n: the sample's respondents in the cell, on its sample and weighted rows (a cell resting on
    # fewer than min_cell is suppressed); population shares rest on no respondent (no n)
    comp["n"] = comp["n"].astype("Int64").where(comp["source"].ne("population"))
    comp["suppressed"] = comp["n"].between(1, study.config.min_cell - 1).fillna(False).astype(bool)
    comp.loc[comp["suppressed"], "share"] = float("nan")
    weights = pd.DataFrame({"wave": study.responses["wave"].astype(str).to_numpy(), "weight": design.weights})
    weights = weights[~weights["wave"].isin(withheld_waves(study))].reset_index(drop=True)
    return WeightsResult(comp, tuple(cells), published_weights(study, wave_weights(study, design.weights)), weights)


def draw_weights(result: WeightsResult, p: Presentation):
    """Sample vs population per wave side by side (one legend, one x scale), the weights below."""
    import matplotlib.pyplot as plt

    from surveykit import plots
    from surveykit.report.figures._draw import CM, WIDTH

    comp, cells = result.composition, list(result.cells)
    waves = list(dict.fromkeys(comp["wave"]))
    n_rows = comp[cells].drop_duplicates().shape[0] + (comp[cells[0]].nunique() if len(cells) > 1 else 0)
    top_cm = 2.5 + 0.42 * n_rows
    fig = plt.figure(figsize=(WIDTH, (top_cm + 8.0 + 2.0) * CM), layout="constrained")
    grid = fig.add_gridspec(2, len(waves), height_ratios=[top_cm, 6.5])
    axes = [fig.add_subplot(grid[0, k]) for k in range(len(waves))]
    for k, (ax, wave) in enumerate(zip(axes, waves, strict=True)):
        part = comp[comp["wave"] == wave][[*cells, "source", "share"]]
        plots.plot_composition(part, cells=cells, ax=ax, presentation=p, legend=False)
        ax.set_title(p.value("wave", wave), loc="left")
        if k:
            ax.tick_params(labelleft=False)
    right = max(ax.get_xlim()[1] for ax in axes)
    for ax in axes:
        ax.set_xlim(0, right)
    handles, names = axes[0].get_legend_handles_labels()
    hist = fig.add_subplot(grid[1, :])
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
    return fig


KIND = Kind("weights", check_weights, compute_weights, draw_weights)
