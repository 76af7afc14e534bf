"""Columns the report derives from each scaled item, added to the design once per build.

For an item on a scale: ``<item>__score`` is the level's code in the codebook (its score;
"Vet ikke" and missing answers have none; scored by :mod:`surveykit.estimate.scoring`) and ``<item>__dk_share`` is 1 for a non-substantive answer, 0 for
a substantive one and missing for no answer, so its mean is the don't-know share of all
answers.

Example:
    >>> design = analysis_design(study)                        # doctest: +SKIP
    >>> sk.mean(design, ["help_ease__score"], by="wave")        # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.config.codebook import Codebook, Scale
from surveykit.study import Study

__all__ = ["DONT_KNOW", "SCORE", "analysis_design", "design_columns", "dont_know_shares", "item_columns", "level_values"]

SCORE, DONT_KNOW = "__score", "__dk_share"


def level_values(item: pd.Series, scale: Scale, language: str) -> tuple[list, list]:
    """The item's substantive level values as held in the data (its categories: the scale's
    levels in order, labelled in ``language``, the study's) and the values its
    non-substantive levels have in results (their labels in ``language``)."""
    return list(item.cat.categories), [lv.text(language) for lv in scale.nonsubstantive]


def item_columns(responses: pd.DataFrame, codebook: Codebook) -> dict[str, pd.Series]:
    """Per scaled item: its score (the level's code, taken from the answer's level, its
    position in the scale, through the one scoring routine
    :func:`surveykit.estimate.scoring.item_scores`) and its don't-know indicator."""
    from surveykit.estimate.scoring import item_scores

    out: dict[str, pd.Series] = {}
    for var in codebook.variables:
        if not var.scale or var.name not in responses:
            continue
        scale = codebook.scales[var.scale]
        item = responses[var.name]
        codes = dict(zip(item.cat.categories, (lv.code for lv in scale.levels), strict=True))
        scores = item_scores(responses, var.name, codes=codes, caller="report", warn=False)
        out[var.name + SCORE] = pd.Series(scores, index=item.index)
        if scale.nonsubstantive:
            dk = responses.get(var.name + "__dk", pd.Series(False, index=item.index)).fillna(False).to_numpy(bool)
            answered = item.notna().to_numpy()
            out[var.name + DONT_KNOW] = pd.Series(np.where(dk, 1.0, np.where(answered, 0.0, np.nan)), index=item.index)
    return out


def dont_know_shares(design, levels: dict[str, object], by) -> pd.DataFrame:
    """The don't-know share of all answers per item (``levels``: item -> the value its
    don't-know level has in results) × group, with logit CIs as every share."""
    from surveykit.estimate.likert import topbox

    if not levels:
        return pd.DataFrame()
    out = topbox(design, [i + DONT_KNOW for i in levels], top=(1,), by=list(by) or None)
    out["variable"] = out["variable"].astype(str).str.removesuffix(DONT_KNOW)
    out["level"] = [levels[v] for v in out["variable"]]
    return out


def analysis_design(study: Study, design=None):
    """The study's design (weighted as configured) with the derived item columns added."""
    design = design if design is not None else study.design()
    return design.with_columns(**item_columns(study.responses, study.codebook))


def design_columns(study: Study) -> set[str]:
    """The columns that describe the design rather than an answer: the respondent id, the data's
    weights (``weighting.weights``) and, for data with replicate weights (``weighting.replicates``),
    the full-sample and the replicate weights. No default question or breakdown of the report is
    one of them."""
    names = {v.name for v in study.codebook.variables if v.type == "id"}
    if study.config.weighting.weights is not None:   # the data's own weights (`weighting.weights`)
        names.add(study.config.weighting.weights)
    replicates = study.config.weighting.replicates
    if replicates is not None:
        names.add(replicates["weights"])
        rep = study.design().replicates
        names |= set(rep.names if rep is not None else ())
    return names
