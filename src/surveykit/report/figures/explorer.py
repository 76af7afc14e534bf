"""Explorer kind (``kind: explorer``): the numbers of the offline explorer page, precomputed.

For every question and every breakdown (each column of ``by``, and all answers together),
per wave: the weighted share of each answer among those who answered (the report's base,
"Vet ikke" left out), the don't-know share of all answers, and the mean score (an item on a
scale by its codes, a number as it is), each with its CI, n and suppression, exactly as the
report's other kinds compute them. The result's tables (``<id>`` for all answers by wave,
``<id>_<column>`` per breakdown) are published like every other table of the build (CSV,
suppression); the page (:mod:`surveykit.report.explorer`) is written from those published
tables, so it holds nothing the CSV files do not.

Recipe entry (config/report.yaml)::

    tables:
      - id: explorer
        kind: explorer
        items: [help_ease, welcome, satisfaction]   # default: every likert and numeric question
                                                    # (a study with neither: its single-choice ones)
        by: [site, site_type, municipality, age_group, gender]   # default: see default_breakdowns

Example:
    >>> result = compute_explorer(study, design, spec)                 # doctest: +SKIP
    >>> sorted(result.tables())                                         # doctest: +SKIP
    ['', 'age_group', 'gender', 'site']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from surveykit.config.study import WAVE_COLUMN
from surveykit.estimate.means import mean, option_shares
from surveykit.report.figures._base import Kind, check_columns
from surveykit.report.figures.means import item_means
from surveykit.report.figures.multi import with_option_shares
from surveykit.report.items import DONT_KNOW, design_columns, dont_know_shares, level_values
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "ExplorerResult", "Question", "check_explorer", "compute_explorer", "default_breakdowns",
           "default_questions"]

WAVE = WAVE_COLUMN
_TYPES = ("likert", "single", "numeric", "multi")


@dataclass(frozen=True)
class Question:
    """One question of the explorer: its answers (as results hold them) and what is shown."""

    id: str
    kind: str                    # "scale" (ordered answers), "single" (unordered answers), "multi"
                                 # (options, several may be chosen: each a share of its own) or "numeric"
    levels: tuple[Any, ...] = ()  # answers; a multi question's option keys (``<id>__<key>`` results)
    dont_know: Any = None        # the value of its don't-know answer in results, if it has one
    mean: bool = False           # a mean is shown (items on an ordered scale, numbers)
    ordered: bool = False        # its answers run from one end to the other (also a single choice's, yes/no):
                                 # coloured as the figures colour them, the first answer as the negative end


@dataclass(frozen=True)
class ExplorerResult:
    """Per breakdown ("" = all answers): shares, don't-know shares and means by wave × group."""

    questions: tuple[Question, ...]
    breakdowns: tuple[str, ...]
    waves: tuple[str, ...]
    frames: tuple[tuple[str, pd.DataFrame], ...]

    def tables(self) -> dict[str, pd.DataFrame]:
        return dict(self.frames)


def default_questions(study: Study, exclude: set[str] = frozenset()) -> list[str]:
    """Every likert item, then every number, then every multi-select question of the codebook
    that the responses hold; never a column of the design (the respondent id, weights:
    :func:`~surveykit.report.items.design_columns`)."""
    exclude = set(exclude) | design_columns(study)
    return [v.name for kind in ("likert", "numeric", "multi") for v in study.codebook.variables
            if v.type == kind and _held(study, v) and v.name not in exclude]


def _held(study: Study, var) -> bool:
    """The responses hold the variable (a multi question: every option's column)."""
    if var.type == "multi":
        return bool(var.options) and all(f"{var.name}__{k}" in study.responses for k in var.options)
    return var.name in study.responses


def default_breakdowns(study: Study) -> list[str]:
    """The site (when the study has sites), the site attributes (but yes/no ones, which a
    grouping labels) and groupings of ``sites:``, the columns of the weighting margins (such as gender and age group), as the responses
    hold them, and the codebook's single-choice questions (but the status and test columns the
    screening reads); a column with fewer than two values among the responses is none."""
    cfg = study.config
    names = []
    if len(study.sites.table) and "site" in study.responses:
        names.append("site")
    names += [c.name for c in cfg.sites.columns if c.type != "boolean"]   # a yes/no attribute: its grouping
    names += [g.name for g in cfg.sites.groupings]
    names += [c for margin in cfg.weighting.margins for c in margin]
    screened = {r.variable for r in cfg.screening if r.reason in ("incomplete", "test")}
    names += [v.name for v in study.codebook.variables if v.type == "single" and v.name not in screened]
    seen, design = [], design_columns(study)
    for n in names:
        if n != WAVE and n in study.responses and n not in seen and n not in design:
            seen.append(n)
    # a column with one value left (a status kept to "completed" by the screening): no breakdown
    return [n for n in seen if study.responses[n].nunique(dropna=True) > 1]


def _single_questions(study: Study) -> list[str]:
    """The single-choice questions on a scale: the questions of a study that has no likert item
    and no number (then they are explored, not used as breakdowns)."""
    design = design_columns(study)
    return [v.name for v in study.codebook.variables
            if v.type == "single" and v.scale and v.name in study.responses and v.name not in design]


def _breakdowns(spec: Spec, study: Study) -> list[str]:
    if spec.by:
        return [b for b in spec.by if b != WAVE]
    by = default_breakdowns(study)
    if not spec.items and not default_questions(study, set()):
        singles = set(_single_questions(study))
        by = [b for b in by if b not in singles]
    return by


def _questions(spec: Spec, study: Study, by: list[str]) -> list[str]:
    if spec.items:
        return list(spec.items)
    return default_questions(study, set(by)) or [n for n in _single_questions(study) if n not in by]


def check_explorer(spec: Spec, study: Study) -> None:
    if spec.options:
        raise spec.fail(f"kind `explorer` takes no options; remove `options: {spec.options}`.")
    by = _breakdowns(spec, study)
    check_columns(spec, study, by, "by")
    items = _questions(spec, study, by)
    if not items:
        raise spec.fail("the study has no likert, numeric or single-choice questions to explore (besides the "
                        "breakdowns in `by`); list them in `items`.")
    for name in items:
        var = study.codebook.variable(name)
        if var.type not in _TYPES or (var.type in ("likert", "single") and not var.scale):
            raise spec.fail(f"item {name!r} is a {var.type} variable{'' if var.scale else ' without a scale'}; the "
                            "explorer shows questions of type likert or single (on a scale), multi and numbers. "
                            "Remove it from `items` in config/report.yaml.")
        if var.type == "multi" and not _held(study, var):
            raise spec.fail(f"item {name!r} (multi) has no option columns in the responses; check its `options` "
                            "in the codebook.")
    both = sorted(set(items) & set(by))
    if both:
        raise spec.fail(f"{both} are both questions (`items`) and breakdowns (`by`); keep each in one of them.")


def _question(study: Study, name: str) -> Question:
    var = study.codebook.variable(name)
    if var.type == "multi":
        return Question(name, "multi", tuple(var.options))
    if var.type == "numeric" or not var.scale:
        return Question(name, "numeric", mean=True)
    scale = study.codebook.scale_of(name)
    values, nonsub = level_values(study.responses[name], scale, study.language)
    ordered = bool(scale.ordered) and var.type == "likert"
    return Question(name, "scale" if ordered else "single", tuple(values), nonsub[0] if nonsub else None, ordered,
                    bool(scale.ordered))


def compute_explorer(study: Study, design, spec: Spec) -> ExplorerResult:
    by = _breakdowns(spec, study)
    questions = tuple(_question(study, n) for n in _questions(spec, study, by))
    shares = [q.id for q in questions if q.kind not in ("numeric", "multi")]
    options = [f"{q.id}__{key}" for q in questions if q.kind == "multi" for key in q.levels]
    design = with_option_shares(design, options)  # as the multi kind
    means = [q.id for q in questions if q.mean]
    dk = {q.id: q.dont_know for q in questions if q.dont_know is not None and q.id + DONT_KNOW in design.data}
    frames = []
    for column in ["", *by]:
        groups = [WAVE, column] if column else [WAVE]
        parts = []
        if shares:
            parts.append(mean(design, shares, by=groups))
        if options:
            parts.append(option_shares(design, options, by=groups))
        if dk:
            parts.append(dont_know_shares(design, dk, groups))
        if means:
            parts.append(item_means(study, design, means, groups))
        frames.append((column, pd.concat(parts, ignore_index=True)))
    waves = tuple(str(w) for w in study.responses[WAVE].dropna().unique())
    order = [w.id for w in study.config.waves]
    waves = tuple(sorted(waves, key=lambda w: order.index(w) if w in order else len(order)))
    return ExplorerResult(questions, tuple(by), waves, tuple(frames))


KIND = Kind("explorer", check_explorer, compute_explorer)
