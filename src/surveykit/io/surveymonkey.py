"""SurveyMonkey CSV/XLSX exports with two header rows.

Row 1: ``RespondentID`` (and ``CollectorID``, ``StartDate``, ``IP Address``...) then the
question text, left blank to the right for the extra columns of a multi-column question.
Row 2: ``Response`` (or ``Open-Ended Response``) for single-column questions, else the option
or matrix row of each column. Columns are named ``<question>`` or ``<question> [<sub>]``.
Older exports are often cp1252, not UTF-8 (detected).

Example:
    >>> raw = read_export("StarWars.csv")  # doctest: +SKIP
    >>> len(raw.meta["multi"]), len(raw.meta["matrix"])  # doctest: +SKIP
    (1, 2)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import first_rows_text, identifier_columns, question_text
from surveykit.io.raw import RawExport

__all__ = ["SYSTEM_COLUMNS", "from_grid", "sniff"]

SYSTEM_COLUMNS = {"Respondent ID", "RespondentID", "Collector ID", "CollectorID", "Start Date",
                  "StartDate", "End Date", "EndDate", "IP Address", "Email Address",
                  "First Name", "FirstName", "Last Name", "LastName", "Custom Data 1",
                  "Custom Data"}
IDENTIFIERS = {"IP Address", "Email Address", "First Name", "FirstName", "Last Name",
               "LastName"}
_SINGLE = {"Response", "Open-Ended Response", ""}


def sniff(grid: Grid) -> bool:
    """``RespondentID`` first and ``Response`` cells in the second header row."""
    rows = first_rows_text(grid.rows, 2)
    return (len(rows) == 2 and rows[0][:1] in (["RespondentID"], ["Respondent ID"])
            and any(c in ("Response", "Open-Ended Response") for c in rows[1]))


def _layout(top: list[str], sub: list[str]) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Column names and the (question, column positions) of each question."""
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    groups: list[tuple[str, list[int]]] = []
    for i, text in enumerate(top):
        if text or not groups:
            groups.append((text, [i]))
        else:
            groups[-1][1].append(i)
    names = [""] * width
    for text, cols in groups:
        for i in cols:
            single = len(cols) == 1 or (sub[i] in _SINGLE and i == cols[0])
            names[i] = text if single or text in SYSTEM_COLUMNS else f"{text} [{sub[i]}]"
    return names, groups


def from_grid(grid: Grid) -> RawExport:
    """Build the RawExport of a SurveyMonkey export."""
    top, sub = first_rows_text(grid.rows, 2)
    names, groups = _layout(top, sub)
    raw = export_from_grid(grid, "surveymonkey", header=0, names=names, first_data=2)
    frame = raw.data
    cols = list(frame.columns)
    questions = {c: question_text(c) for c in cols}
    multi: dict[str, Any] = {}
    matrix: dict[str, Any] = {}
    for text, positions in groups:
        members = [cols[i] for i in positions if i < len(cols)]
        subs = [sub[i] for i in positions if i < len(cols)]
        if len(members) < 2 or text in SYSTEM_COLUMNS:
            continue
        key = question_text(text)
        chosen_is_option = all(
            frame[c].dropna().astype(str).str.strip().isin([s.strip()]).all()
            for c, s in zip(members, subs, strict=True) if s not in _SINGLE)
        if chosen_is_option:
            multi[key] = {"columns": members, "options": subs}
        else:
            numeric = all(pd.api.types.is_numeric_dtype(frame[c]) for c in members)
            matrix[key] = {"columns": members, "rows": subs,
                           "kind": "ranking" if numeric else "matrix"}
    system = [c for c in cols if c in SYSTEM_COLUMNS]
    ids = [c for c in system if c in IDENTIFIERS] + [
        c for c in identifier_columns(frame) if c not in system]
    meta = {**raw.meta, "header_rows": grid.shown_rows()[:2].tolist(), "system_columns": system,
            "identifier_columns": ids, "multi": multi, "matrix": matrix}
    return RawExport(frame, raw.source, "surveymonkey", questions, {}, raw.sheet, meta)
