"""Publication tables: a weighted question (or two) turned into one table in one call.

:func:`table` puts questions in rows and the groups of ``by`` in columns, each cell a weighted
share or mean with its confidence interval, each question with its base (n) and a test across
the groups (Rao–Scott for shares, a design-based Wald test for means), the p-values adjusted
across the table; :func:`crosstab` crosses two questions (row, column or cell percentages)
with the Rao–Scott test. The :class:`Table` shows itself in Jupyter and writes Markdown,
LaTeX, CSV (the result schema) and a formatted workbook. Numbers come from the public
estimators (:mod:`surveykit.tables.compute`); cells resting on fewer than the design's
``min_cell`` respondents are suppressed (and the suppression completed as in the report).

Example:
    >>> import pandas as pd, surveykit as sk
    >>> df = pd.DataFrame({"q": pd.Categorical(["Ja", "Nei", "Ja", "Ja", "Nei", "Ja"] * 5),
    ...                    "g": ["a", "b"] * 15})
    >>> t = sk.table(sk.Design(df), rows=["q"], by="g", language="en")
    >>> t.frame().iloc[1].tolist()
    ['Ja', '66.7% [37.7, 86.9]', '66.7% [37.7, 86.9]', '', '']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from surveykit.errors import DataError
from surveykit.labels import MISSING, joined, text
from surveykit.presentation import Presentation
from surveykit.tables.compute import crosstab_parts, table_parts
from surveykit.tables.layout import p_text
from surveykit.tables.table import Table

__all__ = ["DesignFacts", "Table", "crosstab", "design_note", "table", "table_notes"]

_LEVEL = 95


def _presentation(presentation: Presentation | None, language: str | None, design: Any) -> Presentation:
    p = presentation or Presentation(language or "nb")
    if language and language != p.language:
        p = p.replace(language=language)
    if p.min_cell is None and getattr(design, "min_cell", 0):
        p = p.replace(min_cell=design.min_cell)
    return p


@dataclass(frozen=True)
class DesignFacts:
    """What a table's footnote says of its design: respondents, strata, clusters, df, weights
    (``"calibrated"``: adjusted after the design's weights, ``"column"``: a weight column,
    ``"none"``: every answer counts the same), replicates (their number and type) if any."""

    n: int
    strata: int
    clusters: int | None      # None: no clusters (each respondent its own unit)
    degf: float
    weights: str              # "calibrated", "column" or "none"
    weight_column: str = ""
    replicates: tuple[int, str] | None = None

    @classmethod
    def of(cls, design: Any) -> DesignFacts:
        roles = design.roles
        inside = np.asarray(design.weights) > 0
        clusters = len(np.unique(np.asarray(design.psu)[inside])) if roles.get("ids") else None
        column = roles.get("weights") or roles.get("probs") or ""
        w = np.asarray(design.weights, dtype=float)[inside]
        named = roles.get("weights")
        # raked or post-stratified after the column's weights: a replicate design keeps no calibration
        # step (its replicates carry it), but its weights are no longer the column's
        adjusted = bool(design.calibration) or (isinstance(named, str) and named in design.data and not np.allclose(
            np.asarray(design.weights, dtype=float), design.data[named].to_numpy(dtype=float), equal_nan=True))
        equal = not len(w) or bool(np.ptp(w) <= 1e-12 * np.abs(w).max())   # every answer counts the same
        kind = "calibrated" if adjusted else "column" if column and not equal else "none"
        rep = design.replicates
        return cls(int(inside.sum()), len(np.unique(np.asarray(design.stratum)[inside])), clusters,
                   float(design.degf), kind, str(column) if not isinstance(column, list) else ", ".join(column),
                   (int(rep.count), str(rep.type)) if rep is not None else None)


def design_note(design: Any, p: Presentation) -> str:
    """ "Design: 1 200 svar, 4 strata, ingen klynger, 1 196 frihetsgrader; vekter kalibrert ..."

    ``design`` is a design or its :class:`DesignFacts`. Columns are named by their labels in
    ``p``; a replicate design by its replicates (its strata and clusters are in them).
    """
    f = design if isinstance(design, DesignFacts) else DesignFacts.of(design)
    lang = p.language
    column = ", ".join(p.name(c) for c in f.weight_column.split(", "))
    weights = {"calibrated": text("table_weights_calibrated", lang), "none": text("table_weights_none", lang),
               "column": text("table_weights_column", lang, column=column)}[f.weights]
    if f.replicates is not None:
        return text("table_design_replicates", lang, n=p.number(f.n, 0), df=p.number(f.degf, 0), weights=weights,
                    count=f.replicates[0], type=f.replicates[1])
    clusters = (text("table_cluster" if f.clusters == 1 else "table_clusters", lang, k=p.number(f.clusters, 0))
                if f.clusters is not None else text("table_no_clusters", lang))
    strata = text("table_stratum" if f.strata == 1 else "table_strata", lang, k=p.number(f.strata, 0))
    return text("table_design", lang, n=p.number(f.n, 0), strata=strata, clusters=clusters,
                df=p.number(f.degf, 0), weights=weights)


def _cells_key(stat: str, facts: DesignFacts) -> str:
    """The text key of what a table's cells show: weighted, or not when every answer counts the same."""
    return f"table_cells_{stat}" + ("_unweighted" if facts.weights == "none" else "")


def table_notes(p: Presentation, design: Any, *, stat: str, df: str, tests: int, adjust: str | None,
           dont_know: dict, dk_mode: str, top: str = "", extra: Sequence[str] = (),
           suppressed: bool = False, estimates: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The footnote of a table: what its cells show, its base, its design, its tests, suppression
    (and, from ``estimates``, what "not asked" / "no answers" cells mean)."""
    lang = p.language
    facts = design if isinstance(design, DesignFacts) else DesignFacts.of(design)
    cells = text(_cells_key(stat, facts), lang, level=_LEVEL, top=top)
    degf = p.number(facts.degf, 0)
    notes = [cells, text("table_df_domain" if df == "domain" else "table_df_design", lang, df=degf),
             text("table_base", lang)]
    if stat == "share" and dont_know:
        answers: dict[str, list[str]] = {}   # each answer as its questions word it, with its questions
        for item, level in dont_know.items():
            answers.setdefault(p.value(item, level), []).append(p.name(item))
        for dk, names in answers.items():
            line = text("table_dk_row" if dk_mode == "row" else "table_dk_excluded", lang, dont_know=dk)
            notes.append(line if len(answers) == 1 else f"{line.removesuffix('.')} ({joined(names, lang)}).")
    notes.append(design_note(facts, p))
    if tests:
        line = text("table_test_mean" if stat == "mean" else "table_test_share", lang)
        if adjust and tests > 1:
            line += " " + text("table_adjusted", lang, method={"holm": "Holm", "bh": "Benjamini–Hochberg"}.get(
                str(adjust).lower(), str(adjust)), m=tests)
        notes.append(line)
    notes.extend(extra)
    if p.min_cell or suppressed:
        notes.append(_suppressed_line(p))
    if estimates is not None:
        notes.extend(p.empty_notes(estimates))
    return tuple(notes)


def _suppressed_line(p: Presentation) -> str:
    """The footnote's suppression line: fewer than min_cell answers, or hidden to protect such a
    group (a table's numbers pass the disclosure rule, surveykit.report.disclosure)."""
    return f"{MISSING}  {p.replace(protected=True).suppressed_text()}" if p.min_cell else p.suppressed_note()


def table(design: Any, rows: str | Sequence[str], *, by: str | None = None, panel: str | None = None,
          stat: str = "share", test: bool = True, dont_know: str = "exclude", adjust: str | None = "holm",
          top: Sequence[Any] | Mapping[str, Sequence[Any]] | None = None, df: str = "domain",
          conf_level: float = 0.95, title: str = "", presentation: Presentation | None = None,
          language: str | None = None, notes: Sequence[str] = (), levels_differ: str | None = None) -> Table:
    """A publication table of the questions ``rows`` by the groups of ``by`` (within ``panel``).

    ``stat``: ``"share"`` (each answer's weighted share, logit CI), ``"mean"`` (weighted mean,
    an item on a scale by its score; t CI) or ``"topbox"`` (share in the top box ``top=``).
    ``dont_know``: ``"exclude"`` (non-substantive answers such as "Vet ikke" out of the base)
    or ``"row"`` (also shown in a row of their own, as a share of all answers, for a question that
    has such an answer: ``presentation.dont_know`` says which, else an answer in the data). ``test``: a
    Rao–Scott F test (shares, top box) or a design-based Wald F test (means) per question and
    panel, p-values adjusted across the table by ``adjust`` (``"holm"``, ``"bh"``, None).
    ``df="design"`` gives every interval the whole design's degrees of freedom, as gtsummary's
    ``add_ci()``; the default is each group's own. Labels, language and ``min_cell`` come
    from ``presentation`` (``study.presentation()``) or ``language``; ``notes`` are added to the
    footnote (e.g. how the weights were made). A test between the waves of a study's design
    (``by="wave"``) of an item whose question offered other levels in them (the codebook's
    ``offered:``) is refused unless ``levels_differ="allow"``, as ``sk.change``; a table showing
    such waves side by side (``by`` or ``panel`` ``"wave"``) says so in its footnote.

    Example:
        >>> t = sk.table(design, ["help_ease", "welcome"], by="site_type", panel="wave",   # doctest: +SKIP
        ...              presentation=study.presentation())
        >>> t.to_excel("tables.xlsx"); print(t.to_markdown())                             # doctest: +SKIP
    """
    if top is not None and stat != "topbox":  # else a table of every answer, not the top box asked for
        raise DataError(
            f"table: top= is for stat='topbox', and stat={stat!r} would leave it out (every answer its "
            f"{'row' if stat == 'share' else 'score'}). For the share in the top box pass stat='topbox'; "
            "otherwise leave top= out."
        )
    p = _presentation(presentation, language, design)
    items = [rows] if isinstance(rows, str) else list(rows)
    dk_levels = _dont_know_levels(design, items, p)
    parts = table_parts(design, rows, by=by, panel=panel, stat=stat, test=test, dont_know=dont_know, adjust=adjust,
                        top=top, df=df, conf_level=conf_level, dont_know_level=dk_levels,
                        dont_know_items=tuple(dk_levels), levels_differ=levels_differ)   # a don't-know row only where the question has the answer
    dk = parts.dont_know or dk_levels
    notes = (*_offered_notes(design, items, p, by, panel), *notes)
    unseen = [i for i in items if i not in dk_levels and i + "__dk" in design.data and i not in p.dont_know]
    if dont_know == "row" and stat == "share" and unseen:   # no row, and the footnote says why
        notes = (text("table_dk_unseen", p.language, items=", ".join(p.name(i) for i in unseen),
                      dont_know=text("dont_know", p.language)), *notes)
    top_label = ""
    if stat == "topbox":
        top_label = " / ".join(dict.fromkeys(str(v) for v in parts.estimates["level"].dropna()))
    n_tests = int(parts.tests["p_value"].notna().sum()) if len(parts.tests) else 0
    lines = table_notes(p, design, stat=stat, df=df, tests=n_tests, adjust=adjust, dont_know=dk, dk_mode=dont_know,
                        top=top_label, extra=notes, suppressed=bool(parts.estimates["suppressed"].any()),
                        estimates=parts.estimates)
    return Table(parts.estimates, parts.tests, p, lines, tuple(items), by, panel, stat, None, "row", title, parts.dont_know)


def _offered_notes(design: Any, items: Sequence[str], p: Presentation, by: str | None,
                   panel: str | None) -> tuple[str, ...]:
    """The notes of ``items`` (or their score or top-box columns) whose question offered other
    levels in the waves of a study's design that the table shows side by side (``by`` or
    ``panel`` is ``wave``): :meth:`Presentation.offered_notes`, from ``study.presentation()`` or
    else the design's data (``data.attrs``, which :meth:`surveykit.Study.design` fills)."""
    from surveykit.estimate.compare import OFFERED, _offered_item

    if "wave" not in (by, panel) or "wave" not in design.data:
        return ()
    offered = p.offered or {k: {w: tuple(v) for w, v in per.items()}
                            for k, per in (design.data.attrs.get(OFFERED) or {}).items()}
    waves = [str(w) for w in pd.unique(design.data["wave"][np.asarray(design.weights) > 0].dropna())]
    named = p.replace(offered=offered)
    return tuple(note for item in items for note in named.offered_notes([_offered_item(item, offered)], waves))


def _dont_know_levels(design: Any, items: Sequence[str], p: Presentation) -> dict:
    """The items that have a don't-know answer -> its level as shown. The study's configuration
    says which (``p.dont_know``, from ``study.presentation()``: "" when the item's scale has none);
    without it, the data: a non-substantive level of the item, or a ``<item>__dk`` flag some
    answer set (a flag none set may be of a scale without the answer: no row of an invented 0 %)."""
    from surveykit.estimate.scoring import nonsubstantive_levels

    out = {}
    inside = np.asarray(design.weights) > 0
    for item in items:
        if item in p.dont_know:
            if p.dont_know[item]:
                out[item] = p.dont_know[item]
            continue
        if item not in design.data:
            continue
        drop = nonsubstantive_levels(design.data[item])
        if drop:
            out[item] = " / ".join(map(str, drop))
        elif item + "__dk" in design.data and design.data[item + "__dk"].fillna(False).astype(bool)[inside].any():
            out[item] = text("dont_know", p.language)
    return out


def crosstab(design: Any, row: str, col: str, *, percent: str = "row", test: bool = True, conf_level: float = 0.95,
             title: str = "", presentation: Presentation | None = None, language: str | None = None,
             notes: Sequence[str] = ()) -> Table:
    """Two questions crossed: ``percent="row"`` (``col``'s answers within each answer of ``row``),
    ``"column"`` or ``"cell"`` (every combination among all who answered both), weighted, with
    logit CIs, and the Rao–Scott F test of association (R's ``svychisq``) in the footnote.

    Example:
        >>> sk.crosstab(design, "help_ease", "age_group", percent="column")   # doctest: +SKIP
    """
    p = _presentation(presentation, language, design)
    parts = crosstab_parts(design, row, col, percent=percent, test=test, conf_level=conf_level)
    lang = p.language
    facts = DesignFacts.of(design)
    lines = [f"{text('table_percent_' + percent, lang)}. {text(_cells_key('share', facts), lang, level=_LEVEL)} "
             f"{text('table_df_domain', lang)}", text("table_base", lang)]
    dk = _dont_know_levels(design, [row, col], p)
    if dk:
        first = next(iter(dk))
        lines.append(text("table_dk_excluded", lang, dont_know=p.value(first, dk[first])))
    lines.append(design_note(facts, p))
    if len(parts.tests):
        t = parts.tests.iloc[0]
        lines.append(text("table_crosstab_test", lang, f=p.number(t["statistic"], 2), ndf=p.number(parts.numerator_df[0], 2),
                          ddf=p.number(t["df"], 2), p=p_text(t["p_value"], p)))
    lines.extend(notes)
    if p.min_cell or parts.estimates["suppressed"].any():
        lines.append(_suppressed_line(p))
    return Table(parts.estimates, parts.tests, p, tuple(lines), (row, col), None, None, "share", (row, col), percent,
                 title or f"{p.name(row)} × {p.name(col)}")
