"""Adjusted comparison figure: design-based regression of each item's score on the column of
interest and the configured covariates (svyglm), coefficients with their CIs.

``options.effect`` names the column compared (a true/false column enters as 0/1, a
categorical one by its levels against the first), ``options.covariates`` what is adjusted
for; both are the study's choice, e.g. municipality and wave where a comparison is
confounded with them. Terms are shown by their labels ("Aldersgruppe: 30-44").

Example:
    >>> result = compute_adjusted(study, design, spec)                # doctest: +SKIP
    >>> result.formula("help_ease__score")                             # doctest: +SKIP
    'help_ease__score ~ treated + C(age_group) + C(gender)'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from surveykit.estimate.regress import regress
from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, check_columns, check_items, takes_no_by
from surveykit.report.items import SCORE
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "AdjustedResult", "check_adjusted", "compute_adjusted", "draw_adjusted"]


@dataclass(frozen=True)
class AdjustedResult:
    """Coefficients per outcome (``outcome`` = item) × term."""

    coefficients: pd.DataFrame
    effect: str
    terms: tuple[str, ...]
    references: tuple[tuple[str, str], ...] = ()   # (categorical column, the level its coefficients compare with)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": self.coefficients}

    def formula(self, outcome: str) -> str:
        return f"{outcome} ~ {' + '.join(self.terms)}"


def check_adjusted(spec: Spec, study: Study) -> tuple[str, list[str]]:
    """The effect column and the covariates, checked against the study."""
    check_items(spec, study, numeric=True)
    takes_no_by(spec, "one model over all respondents: put grouping columns in `options.covariates`")
    unknown = sorted(set(spec.options) - {"effect", "covariates"})
    if unknown:
        raise spec.fail(f"unknown option(s) {unknown}; an adjusted figure takes `options: {{effect: <column>, "
                        "covariates: [<column>, ...]}}`.")
    effect = spec.options.get("effect")
    if not isinstance(effect, str):
        raise spec.fail("an adjusted figure needs `options.effect`: the column whose effect it shows, adjusted "
                        "for `options.covariates`: a true/false or categorical column, e.g. a site attribute from "
                        "`sites` in surveykit.yaml, and covariates such as [age_group, gender].")
    covariates = [str(c) for c in spec.options.get("covariates") or []]
    check_columns(spec, study, [effect], "options.effect")
    check_columns(spec, study, covariates, "options.covariates")
    return effect, covariates


def _term(column: str, data: pd.Series) -> str:
    if str(data.dtype) in ("boolean", "bool") or pd.api.types.is_numeric_dtype(data.dtype):
        return column
    return f"C({column})"


def compute_adjusted(study: Study, design, spec: Spec) -> AdjustedResult:
    effect, covariates = check_adjusted(spec, study)
    columns = {c: design.data[c].astype("Float64").astype(float) for c in [effect, *covariates]
               if str(design.data[c].dtype) in ("boolean", "bool")}
    design = design.with_columns(**columns) if columns else design
    terms = tuple(_term(c, design.data[c]) for c in [effect, *covariates])
    result = AdjustedResult(pd.DataFrame(), effect, terms)
    frames = []
    for item in spec.items:
        res = regress(design, result.formula(item + SCORE if item + SCORE in design.data else item))
        res.insert(0, "outcome", item)
        frames.append(res)
    coefficients = pd.concat(frames, ignore_index=True)
    return AdjustedResult(coefficients, effect, terms, _references(design.data, terms, coefficients))


def _references(data: pd.DataFrame, terms: tuple[str, ...], coefficients: pd.DataFrame) -> tuple:
    """Each categorical term's reference level: the first level (in the column's order) of the
    model's rows that has no coefficient of its own ("Lycksele" for C(kommun), whose
    coefficients are Skellefteå, Sorsele, ... against it)."""
    out = []
    names = set(coefficients["variable"].astype(str))
    for term in terms:
        if not term.startswith("C("):
            continue
        column = term[2:-1]
        values = data[column].dropna()
        levels = ([v for v in values.cat.categories if v in set(values)] if isinstance(values.dtype, pd.CategoricalDtype)
                  else sorted(pd.unique(values), key=str))
        free = [v for v in levels if f"{term}[T.{v}]" not in names]
        if free:
            out.append((column, free[0]))
    return tuple(out)


def draw_adjusted(result: AdjustedResult, p: Presentation):
    from surveykit import plots
    from surveykit.plots._common import wrap
    from surveykit.plots.coefficients import INTERCEPTS, row_height
    from surveykit.report.figures._draw import new_figure

    coefs = result.coefficients
    outcomes = {item: p.name(item) for item in pd.unique(coefs["outcome"])}
    terms = [t for t in pd.unique(coefs["variable"]) if t not in INTERCEPTS]
    # rows as tall as the longest label's lines; the references' lines in the legend
    height = len(terms) * row_height([wrap(p.term(t), 40) for t in terms], len(outcomes))
    fig, axes = new_figure(4.0 + height + 0.45 * (len(result.references) + 1) // 2)
    plots.plot_coefficients(coefs, group="outcome", ax=axes[0, 0], highlight=(result.effect,),
                            presentation=p.with_labels(values={"outcome": outcomes}),
                            references=dict(result.references))
    return fig


KIND = Kind("adjusted", check_adjusted, compute_adjusted, draw_adjusted,
            shown=lambda result: result.coefficients)
