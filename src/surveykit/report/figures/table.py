"""Publication table kind (``kind: table``): questions in rows, the groups of ``by`` in columns,
each cell a weighted share or mean with its CI, each question with its base and a test.

The numbers are :func:`surveykit.tables.compute.table_parts` (the same as ``sk.table``); the
page shows the table as :func:`surveykit.tables.table` lays it out, its footnote as caption;
the CSV files and the workbook get the estimates (``<id>``) and the tests (``<id>_tests``).

Recipe entry (config/report.yaml)::

    tables:
      - id: help_by_site_type
        kind: table
        items: [help_ease, welcome]
        by: [site_type]                 # the columns (at most one; none: one column, all answers)
        options: {stat: share, panel: wave, dont_know: row}

Options: ``stat`` (``share``, ``mean``, ``topbox``; default ``share``), ``panel`` (a column
whose values each get their own columns and tests, e.g. ``wave``), ``dont_know``
(``exclude`` or ``row``), ``test`` (true), ``adjust`` (``holm``, ``bh`` or ``none``) and
``df`` (``domain`` or ``design``).

Example:
    >>> result = compute_table(study, design, spec)                    # doctest: +SKIP
    >>> page_table(result, spec, study.presentation()).frame           # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from surveykit.config.study import WAVE_COLUMN
from surveykit.presentation import Presentation
from surveykit.report.figures._base import (
    LEVELS_DIFFER,
    Kind,
    PageTable,
    check_by,
    check_columns,
    check_items,
    check_offered,
)
from surveykit.report.items import level_values
from surveykit.report.spec import Spec
from surveykit.study import Study
from surveykit.tables import DesignFacts, Table, table_notes
from surveykit.tables.compute import DF, DONT_KNOW, STATS, TableParts, table_parts

__all__ = ["KIND", "TableResult", "check_table", "compute_table", "page_table"]

_OPTIONS = {"stat", "panel", "dont_know", "test", "adjust", "df", LEVELS_DIFFER}


@dataclass(frozen=True)
class TableResult:
    """The estimates and tests of a publication table, and what its footnote says."""

    parts: TableParts
    items: tuple[str, ...]
    by: str | None
    panel: str | None
    stat: str
    options: tuple[tuple[str, Any], ...]
    facts: DesignFacts
    left_out: tuple[tuple[str, Any], ...]   # item -> its non-substantive answer (left out of the base)

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {"": self.parts.estimates}
        if len(self.parts.tests):
            out["tests"] = self.parts.tests
        return out


def _option(spec: Spec, key: str, default: Any) -> Any:
    return spec.options.get(key, default)


def check_table(spec: Spec, study: Study) -> None:
    unknown = sorted(set(spec.options) - _OPTIONS)
    if unknown:
        raise spec.fail(f"unknown option(s) {unknown}; a table takes options {sorted(_OPTIONS)}.")
    stat = _option(spec, "stat", "share")
    for key, allowed, value in [("stat", STATS, stat), ("dont_know", DONT_KNOW, _option(spec, "dont_know", "exclude")),
                                ("df", DF, _option(spec, "df", "domain")),
                                ("adjust", ("holm", "bh", "none"), str(_option(spec, "adjust", "holm")).lower())]:
        if value not in allowed:
            raise spec.fail(f"`options.{key}: {value}` is not allowed; use one of {', '.join(allowed)}.")
    if not isinstance(_option(spec, "test", True), bool):
        raise spec.fail(f"`options.test` must be true or false; got {spec.options['test']!r}.")
    if stat == "mean":
        check_items(spec, study, numeric=True)
    elif stat == "topbox":
        check_items(spec, study, scaled=True)
        flat = [i for i in spec.items if not study.codebook.scale_of(i).top_box]
        if flat:
            raise spec.fail(f"item(s) {flat} are on scales without `top_box` in config/codebook.yaml; give their "
                            "scale a top_box or use `options: {stat: share}`.")
    else:
        check_items(spec, study, types=("likert", "single"))
    check_by(spec, study, at_most=1)
    if spec.by and spec.by[0] == WAVE_COLUMN and _option(spec, "test", True):   # a test of the waves: a change
        ids = [w.id for w in study.config.waves]
        for i, first in enumerate(ids):
            for second in ids[i + 1:]:
                check_offered(spec, study, (first, second))
    panel = _option(spec, "panel", None)
    if panel is not None:
        check_columns(spec, study, [str(panel)], "options.panel")
        if spec.by and str(panel) == spec.by[0]:
            raise spec.fail(f"`options.panel` and `by` are both {panel!r}; give the panel another column (e.g. wave).")


def _scale_values(study: Study, item: str) -> tuple[tuple, tuple]:
    """The item's substantive values and non-substantive values (as results hold them)."""
    scale = study.codebook.scale_of(item)
    values, nonsub = level_values(study.responses[item], scale, study.language)
    return tuple(values), tuple(nonsub)


def compute_table(study: Study, design, spec: Spec) -> TableResult:
    stat = _option(spec, "stat", "share")
    top: dict[str, tuple] = {}
    left_out: dict[str, Any] = {}
    for item in spec.items:
        var = study.codebook.variable(item)
        if not var.scale:
            continue
        values, nonsub = _scale_values(study, item)
        if nonsub:
            left_out[item] = nonsub[0]
        if stat == "topbox":
            scale = study.codebook.scale_of(item)
            top[item] = tuple(v for v, lv in zip(values, scale.levels, strict=True) if lv.code in scale.top_box)
    adjust = str(_option(spec, "adjust", "holm")).lower()
    by = spec.by[0] if spec.by else None
    panel = _option(spec, "panel", None)
    parts = table_parts(design, spec.items, by=by, panel=str(panel) if panel is not None else None, stat=stat,
                        test=bool(_option(spec, "test", True)), dont_know=_option(spec, "dont_know", "exclude"),
                        adjust=None if adjust == "none" else adjust, top=top or None, df=_option(spec, "df", "domain"),
                        dont_know_level=dict(left_out),   # each question's row named by its own answer
                        protect=False,   # the build's disclosure gate decides, with the rest
                        dont_know_items=tuple(left_out),   # a don't-know row only where the scale has the answer
                        levels_differ=_option(spec, LEVELS_DIFFER, None))
    for item, level in parts.dont_know.items():
        left_out.setdefault(item, level)
    return TableResult(parts, tuple(spec.items), by, str(panel) if panel is not None else None, stat,
                       tuple(sorted((k, str(v)) for k, v in spec.options.items())), DesignFacts.of(design),
                       tuple(left_out.items()))


def table_of(result: TableResult, p: Presentation, title: str = "") -> Table:
    """The result as a :class:`surveykit.tables.Table` in the presentation ``p``."""
    options = dict(result.options)
    est, tests = result.parts.estimates, result.parts.tests
    top = " / ".join(dict.fromkeys(str(v) for v in est["level"].dropna())) if result.stat == "topbox" else ""
    adjust = options.get("adjust", "holm").lower()
    notes = table_notes(p, result.facts, stat=result.stat, df=options.get("df", "domain"),
                        tests=int(tests["p_value"].notna().sum()) if len(tests) else 0,
                        adjust=None if adjust == "none" else adjust, dont_know=dict(result.left_out),
                        dk_mode=options.get("dont_know", "exclude"), top=top,
                        suppressed=bool(est["suppressed"].any()), estimates=est)
    return Table(est, tests, p, notes, result.items, result.by, result.panel, result.stat, None, "row", title,
                 result.parts.dont_know)


def page_table(result: TableResult, spec: Spec, p: Presentation) -> PageTable:
    """The table as it reads: the entry's caption (else the footnote's first line) above it,
    the footnote under it."""
    table = table_of(result, p, spec.text(p.language))
    caption = spec.caption_text(p.language) or table.notes[0]
    return PageTable(table.frame(), caption, table.notes[1:] if caption == table.notes[0] else table.notes)


KIND = Kind("table", check_table, compute_table, None, page_table)
