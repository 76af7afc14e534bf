"""Adjusted comparison figure: design-based regression of each item's score on the column of
interest and the configured covariates (svyglm), coefficients with their CIs.

``options.effect`` names the column compared (a true/false column enters as 0/1, a
categorical one by its levels against the first), ``options.covariates`` what is adjusted
for; both are the study's choice, e.g. municipality and wave where a comparison is
confounded with them. Terms are shown by their labels ("Aldersgruppe: 30-44"), and each
categorical term's reference category (the level its coefficients compare with, "Aldersgruppe:
16-29") is named: in the page's table and note, and in the workbook's column "Sammenlignet med".

Example:
    >>> result = compute_adjusted(study, design, spec)                # doctest: +SKIP
    >>> result.formula("help_ease__score")                             # doctest: +SKIP
    'help_ease__score ~ treated + C(age_group) + C(gender)'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.estimate.regress import regress
from surveykit.labels import MISSING, format_interval
from surveykit.presentation import Presentation
from surveykit.report.figures import _base
from surveykit.report.figures._base import Kind, PageTable, check_columns, check_items, takes_no_by
from surveykit.report.items import SCORE
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "AdjustedResult", "check_adjusted", "compute_adjusted", "draw_adjusted", "page_adjusted"]


@dataclass(frozen=True)
class AdjustedResult:
    """Coefficients per outcome (``outcome`` = item) × term; per outcome, each categorical
    term's reference category as (outcome, column, level) (a true/false column: False)."""

    coefficients: pd.DataFrame
    effect: str
    terms: tuple[str, ...]
    references: tuple[tuple[str, str, object], ...] = ()
    scored: bool = False   # every outcome is an item's score (the coefficients are scale points)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": self.coefficients}

    def formula(self, outcome: str) -> str:
        return f"{outcome} ~ {' + '.join(self.terms)}"

    def reference_labels(self, p: Presentation) -> dict[tuple[str, str], tuple[str, str]]:
        """(outcome, column) -> its reference category as shown: (the column's label, the
        level's label), e.g. ("Kjønn", "Kvinne"); a true/false column's False by its label,
        else "Nei" in the report's language."""
        out = {}
        for outcome, column, level in self.references:
            if isinstance(level, bool):
                labels = p.values.get(column, {})
                shown = str(labels[level]) if level in labels else p.text("false_value")
            else:
                shown = p.term(f"C({column})[T.{level}]").removeprefix(f"{p.name(column)}: ")
            out[(outcome, column)] = (p.name(column), shown)
        return out

    def references_text(self, p: Presentation) -> str:
        """Every reference category, once: "Aldersgruppe: 16-29; Kjønn: Kvinne" ("" if none)."""
        return "; ".join(dict.fromkeys(f"{name}: {level}" for name, level in self.reference_labels(p).values()))

    def sheet(self, frame: pd.DataFrame, p: Presentation) -> pd.DataFrame:
        """The published ``frame`` (the coefficients after the disclosure gate) for the
        workbook: each categorical term's row with its reference category in the column
        ``reference`` ("Aldersgruppe: 16-29")."""
        refs = self.reference_labels(p)
        shown = [refs.get((str(o), _column_of(v))) for o, v in zip(frame["outcome"], frame["variable"], strict=True)]
        column = [f"{ref[0]}: {ref[1]}" if ref else None for ref in shown]
        return frame.assign(reference=pd.Series(column, index=frame.index, dtype=object))


def check_adjusted(spec: Spec, study: Study) -> tuple[str, list[str]]:
    """The effect column and the covariates, checked against the study."""
    check_items(spec, study, numeric=True)
    takes_no_by(spec, "one model over all respondents: put grouping columns in `options.covariates`")
    unknown = sorted(set(spec.options) - {"effect", "covariates", _base.LEVELS_DIFFER})
    if unknown:
        raise spec.fail(f"unknown option(s) {unknown}; an adjusted figure takes `options: {{effect: <column>, "
                        f"covariates: [<column>, ...]}}` (and `{_base.LEVELS_DIFFER}: allow` to compare waves whose "
                        "question offered other levels, with `effect: wave`).")
    effect = spec.options.get("effect")
    if not isinstance(effect, str):
        raise spec.fail("an adjusted figure needs `options.effect`: the column whose effect it shows, adjusted "
                        "for `options.covariates`: a true/false or categorical column, e.g. a site attribute from "
                        "`sites` in surveykit.yaml, and covariates such as [age_group, gender].")
    covariates = [str(c) for c in spec.options.get("covariates") or []]
    check_columns(spec, study, [effect], "options.effect")
    check_columns(spec, study, covariates, "options.covariates")
    for key, columns in (("options.effect", [effect]), ("options.covariates", covariates)):
        for column in columns:
            values = study.responses[column].dropna().unique()
            if len(values) < 2:   # no contrast: the model cannot be fitted (the build failed in the regression)
                what = (f"the study has one wave ({', '.join(map(repr, map(str, values)))} in surveykit.yaml)"
                        if column == "wave" else
                        f"every respondent who answered it has the same value ({', '.join(map(repr, map(str, values)))})"
                        if len(values) else "no respondent has a value of it")
                raise spec.fail(f"`{key}` names {column!r}, and {what}: a model cannot compare its values. "
                                f"Remove {column!r} from `{key}`" + (", or the entry." if key == "options.effect"
                                                                      else "."))
    if effect == "wave":   # each wave's coefficient compares it with the first: a change, refused alike
        ids = [w.id for w in study.config.waves]
        for wave in ids[1:]:
            _base.check_offered(spec, study, (ids[0], wave))
    return effect, covariates


def _term(column: str, data: pd.Series) -> str:
    if str(data.dtype) in ("boolean", "bool") or pd.api.types.is_numeric_dtype(data.dtype):
        return column
    return f"C({column})"


def _column_of(term: object) -> str:
    """The column a coefficient's term belongs to: ``age_group`` for ``C(age_group)[T.30-44]``,
    the term itself for a plain (numeric or true/false) column."""
    text = str(term)
    return text[2:text.index(")")] if text.startswith("C(") and ")" in text else text


def _references(design, outcome: str, term: str, model: list[str], coefs: pd.DataFrame,
                boolean: bool) -> list[tuple[str, str, object]]:
    """The reference category of ``term``'s column in the model of ``outcome`` (``model``: the
    columns the model reads): a true/false column's False; a categorical's first level (the
    categories in order, else the sorted values) among the rows the model uses that has no
    coefficient of its own; none for a number, or when that is not one level (never a guess)."""
    column = _column_of(term)
    if boolean:
        return [(outcome, column, False)] if column in set(coefs["variable"].astype(str)) else []
    if not term.startswith("C("):
        return []
    data = design.data
    values = data[column]
    used = np.asarray(design.weights) > 0
    for c in model:
        used &= data[c].notna().to_numpy()
    levels = list(values.cat.categories) if isinstance(values.dtype, pd.CategoricalDtype) else \
        sorted(values[values.notna()].unique().tolist())
    present = set(values[used].dropna().unique().tolist())
    prefix = f"C({column})[T."
    named = {t[len(prefix):-1] for t in coefs["variable"].astype(str) if t.startswith(prefix)}
    left = [v for v in levels if v in present and str(v) not in named]
    return [(outcome, column, left[0])] if len(left) == 1 else []


def compute_adjusted(study: Study, design, spec: Spec) -> AdjustedResult:
    effect, covariates = check_adjusted(spec, study)
    columns = {c: design.data[c].astype("Float64").astype(float) for c in [effect, *covariates]
               if str(design.data[c].dtype) in ("boolean", "bool")}
    design = design.with_columns(**columns) if columns else design
    terms = tuple(_term(c, design.data[c]) for c in [effect, *covariates])
    result = AdjustedResult(pd.DataFrame(), effect, terms)
    frames, references = [], []
    for item in spec.items:
        outcome = item + SCORE if item + SCORE in design.data else item
        res = regress(design, result.formula(outcome))
        res.insert(0, "outcome", item)
        frames.append(res)
        for column, term in zip([effect, *covariates], terms, strict=True):
            references += _references(design, item, term, [outcome, effect, *covariates], res, column in columns)
    return AdjustedResult(pd.concat(frames, ignore_index=True), effect, terms, tuple(references),
                          all(item + SCORE in design.data for item in spec.items))


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
    references = {column: level for _, column, level in result.references
                  if not isinstance(level, bool)}   # a true/false column's reference is its False
    fig, axes = new_figure(4.0 + height + 0.45 * ((len(references) + 1) // 2))
    plots.plot_coefficients(coefs, group="outcome", ax=axes[0, 0], highlight=(result.effect,),
                            presentation=p.with_labels(values={"outcome": outcomes}),
                            references=references)
    return fig


def _sentence(words: str) -> str:
    """``words`` ending as a sentence: a question keeps its "?", anything else gets a full stop."""
    return words if words.rstrip().endswith((".", "?", "!")) else words.rstrip() + "."


def page_adjusted(result: AdjustedResult, spec: Spec, p: Presentation) -> PageTable:
    """The coefficients under the figure: term, coefficient, CI, p and what each categorical
    term is compared with; a note names every reference category (the figure shows only the
    levels that have a coefficient)."""
    from surveykit.tables.layout import p_text

    coefs = result.coefficients
    refs = result.reference_labels(p)
    several = coefs["outcome"].nunique() > 1
    rows = []
    for row in coefs.itertuples(index=False):
        hidden = bool(row.suppressed) or pd.isna(row.estimate)
        ref = refs.get((str(row.outcome), _column_of(row.variable)))
        intercept = p.term(row.variable) == p.text("intercept")
        cells = [p.term(row.variable),
                 MISSING if hidden else p.number(row.estimate, 2, sign=not intercept),
                 MISSING if hidden else format_interval(row.conf_low, row.conf_high, p.language, 2),
                 MISSING if hidden else p_text(row.p_value, p),
                 ref[1] if ref else ""]   # the level: the row names the variable
        rows.append([p.name(row.outcome), *cells] if several else cells)
    header = [p.text("column_term"), p.text("coefficient"), p.text("ci_bracket", level=95).strip("[]"),
              p.text("p_value"), p.text("column_reference")]
    frame = pd.DataFrame(rows, columns=[p.text("column_outcome"), *header] if several else header)
    unit = f" ({p.text('scale_points')})" if result.scored else ""
    caption = spec.caption_text(p.language) or (
        p.text("adjusted_caption", unit=unit, ci=p.text("with_ci", level=95)) + "."
        + ("" if several else f" {p.text('column_outcome')}: {_sentence(p.name(coefs['outcome'].iloc[0]))}"))
    references = result.references_text(p)
    notes = (p.text("references_note", references=references),) if references else ()
    if (frame == MISSING).any().any():
        notes += (f"{MISSING}  {p.suppressed_text()}",)
    return PageTable(frame, caption, notes)


KIND = Kind("adjusted", check_adjusted, compute_adjusted, draw_adjusted, page_adjusted,
            shown=lambda result: result.coefficients)
