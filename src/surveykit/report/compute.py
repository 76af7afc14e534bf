"""The statistics behind each report figure and table: tidy results from the estimators.

Nothing here draws or writes; each ``compute_<kind>`` takes the analysis design and a spec
and returns named tidy results (the figure's numbers, also written as CSV tables).

Example:
    >>> design = analysis_design(study)                          # doctest: +SKIP
    >>> results = compute(study, design, spec)                   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from surveykit.config.codebook import Codebook
from surveykit.errors import ConfigError
from surveykit.estimate.means import mean
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["ALL", "SCORE", "TOP", "analysis_design", "compute", "item_columns"]

ALL, SCORE, TOP = "__all", "__score", "__top"


def item_columns(responses: pd.DataFrame, codebook: Codebook, language: str) -> dict[str, pd.Series]:
    """Per scaled item: answer incl. "Vet ikke" (``__all``), numeric score (``__score``), top box (``__top``)."""
    out: dict[str, pd.Series] = {}
    for var in codebook.variables:
        if not var.scale or var.name not in responses:
            continue
        scale = codebook.scales[var.scale]
        item = responses[var.name]
        codes = item.cat.codes.to_numpy()
        scores = np.array([lv.code for lv in scale.levels], dtype=float)
        valid = codes >= 0
        out[var.name + SCORE] = pd.Series(np.where(valid, scores[np.clip(codes, 0, None)], np.nan), index=item.index)
        if scale.top_box:
            top = np.isin(scores[np.clip(codes, 0, None)], scale.top_box).astype(float)
            out[var.name + TOP] = pd.Series(np.where(valid, top, np.nan), index=item.index)
        dk_label = scale.nonsubstantive[0].text(language) if scale.nonsubstantive else None
        labels = scale.labels(language)
        if dk_label is not None:
            dk = responses.get(var.name + "__dk", pd.Series(False, index=item.index)).fillna(False).to_numpy(bool)
            if list(item.cat.categories) == list(labels):  # the usual case: codes, no per-row labels
                all_codes = np.where(dk, len(labels), codes)
                answers = pd.Categorical.from_codes(all_codes, categories=[*labels, dk_label])
            else:
                answers = pd.Categorical(item.astype(object).where(~dk, dk_label), categories=[*labels, dk_label])
            out[var.name + ALL] = pd.Series(answers, index=item.index)
    return out


def analysis_design(study: Study, design=None):
    """The study's weighted design with the derived item columns added (computed once per build)."""
    design = design if design is not None else study.design()
    extra = item_columns(study.responses, study.codebook, study.language)
    return with_columns(design, **extra)


def with_columns(design, **columns: pd.Series):
    """The same design (weights, strata, calibration) with extra data columns."""
    return design.with_columns(**columns)


def _strip(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
    out = frame.copy()
    out["variable"] = out["variable"].astype(str).str.removesuffix(suffix)
    return out


def _means(design, spec: Spec, by: list[str]) -> pd.DataFrame:
    return _strip(mean(design, [i + SCORE for i in spec.items], by=by or None), SCORE)


def compute_likert(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    cols = [i + ALL if i + ALL in design.data else i for i in spec.items]
    return {spec.id: _strip(mean(design, cols, by=list(spec.by) or None), ALL)}


def compute_means(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    return {spec.id: _means(design, spec, list(spec.by))}


def compute_heatmap(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    return compute_means(study, design, spec)


def compute_change(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    from surveykit.estimate.compare import change

    group = [b for b in spec.by if b != "wave"]
    means = _means(design, spec, [*group, "wave"])
    diff = _strip(change(design, [i + SCORE for i in spec.items], wave="wave", by=group or None), SCORE)
    return {f"{spec.id}_means": means, f"{spec.id}_change": diff}


def compute_did(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    from surveykit.estimate.compare import did

    groups = tuple(spec.options.get("groups", ("always_separate", "became_co_located")))
    path = design.data["colocation_path"]
    sub = design.subset(path.isin(groups).to_numpy())
    means = _means(sub, spec, ["colocation_path", "wave"])
    means = means[means["colocation_path"].isin(groups)].reset_index(drop=True)
    est = did(sub, [i + SCORE for i in spec.items], wave="wave", group="colocation_path", groups=groups)
    return {f"{spec.id}_means": means, f"{spec.id}_did": _strip(est, SCORE)}


def compute_multi(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    frames = []
    for item in spec.items:
        var = study.codebook.variable(item)
        cols = [f"{item}__{k}" for k in (var.options or {})]
        data = {c: design.data[c].astype("Float64").astype(float) for c in cols}
        res = mean(with_columns(design, **data), cols, by=list(spec.by) or None)
        frames.append(res)
    return {spec.id: pd.concat(frames, ignore_index=True)}


def compute_topbox(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    """Top-box shares ("andel enig") with logit CIs; items on the same scale in one pass."""
    from surveykit.estimate.likert import topbox

    groups: dict[tuple[str, ...], list[str]] = {}
    for item in spec.items:
        scale = study.codebook.scale_of(item)
        if scale is None or not scale.top_box:
            continue
        top = tuple(lv.text(study.language) for lv in scale.levels if lv.code in scale.top_box)
        groups.setdefault(top, []).append(item)
    frames = [topbox(design, items, top=top, by=list(spec.by) or None) for top, items in groups.items()]
    return {spec.id: pd.concat(frames, ignore_index=True)}


def compute_adjusted(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    """Design-based regression of each item's score on co-location and covariates (svyglm)."""
    from surveykit.estimate.regress import regress

    covariates = spec.options.get("covariates", ["age_group", "gender", "recency"])
    covariates = [c for c in covariates if c in design.data]
    co_located = design.data["co_located"].astype("Float64").astype(float)
    design = with_columns(design, co_located=co_located)
    terms = " + ".join(["co_located", *(f"C({c})" for c in covariates)])
    frames = []
    for item in spec.items:
        res = regress(design, f"{item}{SCORE} ~ {terms}")
        res.insert(0, "outcome", item)
        frames.append(res)
    return {spec.id: pd.concat(frames, ignore_index=True)}


def compute_weights(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    from surveykit.weighting import composition

    cfg = study.config.weighting
    if study.population is None:
        raise ConfigError(f"{study.config.report_path}: figure {spec.id!r} (kind weights) shows the weighting, but "
                          f"{study.config.file} has no population to weight to (`weighting: {cfg.method}`). Remove "
                          "the figure, or give `weighting.population` and `margins`.")
    cells = [c for m in cfg.margins for c in m if c != "wave"]
    cells = list(dict.fromkeys(cells))
    comp = composition(study.responses, design.weights, study.population, cells, cfg.count, by="wave")
    # the sample's cells are counts of respondents: a share resting on fewer than min_cell is not shown
    keys = ["wave", *cells]
    counts = study.responses[keys].astype("string").value_counts().rename("n").reset_index()
    comp = comp.merge(counts.astype({k: "string" for k in keys}), on=keys, how="left").fillna({"n": 0})
    comp["n"] = comp["n"].astype("int64")
    comp["suppressed"] = comp["source"].ne("population") & comp["n"].between(1, study.config.min_cell - 1)
    comp.loc[comp["suppressed"], "share"] = float("nan")
    w = pd.DataFrame({"wave": study.responses["wave"].astype(str).to_numpy(), "weight": design.weights})
    summary = w.groupby("wave")["weight"].agg(
        n="size", sum="sum", mean="mean", min="min", max="max",
        n_eff=lambda x: x.sum() ** 2 / (x**2).sum(),
    ).reset_index()
    summary["deff_weights"] = summary["n"] / summary["n_eff"]
    # names starting with "_" feed the figure only; one weight per respondent is not a table to publish
    return {f"{spec.id}_composition": comp, f"{spec.id}_summary": summary, f"_{spec.id}_weights": w}


COMPUTE: dict[str, Callable[[Study, object, Spec], dict[str, pd.DataFrame]]] = {
    "likert": compute_likert, "means": compute_means, "change": compute_change, "did": compute_did,
    "heatmap": compute_heatmap, "weights": compute_weights, "multi": compute_multi,
    "adjusted": compute_adjusted, "topbox": compute_topbox, "shares": compute_likert,
}


def compute(study: Study, design, spec: Spec) -> dict[str, pd.DataFrame]:
    """The tidy results of one figure or table."""
    return COMPUTE[spec.kind](study, design, spec)
