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

import re
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


_OTHER = re.compile(r"^other\b.*\(please specify\)$|^other \(please specify\)|^other - please specify|"
                    r"^annet \(vennligst spesifiser\)|^annat \(ange\)", re.IGNORECASE)


def sniff(grid: Grid) -> bool:
    """Two header rows: ``RespondentID`` first, or question texts over a row of ``Response`` cells."""
    rows = first_rows_text(grid.rows, 2)
    if len(rows) != 2:
        return False
    responses = sum(c in ("Response", "Open-Ended Response") for c in rows[1])
    return (rows[0][:1] in (["RespondentID"], ["Respondent ID"]) and responses >= 1) or (
        responses >= 2 and responses >= 0.2 * sum(bool(c) for c in rows[1]))


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


def _answer_box(frame: pd.DataFrame, pairs: list[tuple[str, str]], column: str, sub: str) -> bool:
    """Whether ``column`` is the text box of one answer of the single choice in the first column:
    its second header row is that answer ("None of these", where "Other (please specify)" is more
    usual) and only those who chose it wrote in it."""
    first, kind = pairs[0]
    if column == first or kind not in _SINGLE or not sub.strip() or sub in _SINGLE:
        return False
    written = frame[column].astype("string").str.strip().fillna("").ne("")
    chosen = frame[first].astype("string").str.strip().eq(sub.strip()).fillna(False)
    return bool(written.any() and not (written & ~chosen).any())


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
    other: dict[str, list[str]] = {}
    for text, positions in groups:
        pairs = [(cols[i], sub[i]) for i in positions if i < len(cols)]
        if len(pairs) < 2 or text in SYSTEM_COLUMNS:
            continue
        typed = [c for c, s in pairs if _OTHER.match(s.strip()) or _answer_box(frame, pairs, c, s)]
        pairs = [(c, s) for c, s in pairs if c not in typed and not (s == "" and frame[c].isna().all())]
        key = question_text(text)
        if len(pairs) == 1:
            if typed:
                other[pairs[0][0]] = typed  # a single choice with an "Other (please specify)" box
            continue
        if not pairs:
            continue
        members, subs = [c for c, _ in pairs], [s for _, s in pairs]
        chosen_is_option = all(
            frame[c].dropna().astype(str).str.strip().isin([s.strip()]).all()
            for c, s in pairs if s not in _SINGLE)
        if chosen_is_option:
            multi[key] = {"columns": members, "options": subs, "other": typed}
        else:
            numeric = all(pd.api.types.is_numeric_dtype(frame[c]) for c in members)
            matrix[key] = {"columns": members, "rows": subs, "kind": "ranking" if numeric else "matrix",
                           "other": typed}
    system = [c for c in cols if c in SYSTEM_COLUMNS]
    ids = [c for c in system if c in IDENTIFIERS] + [
        c for c in identifier_columns(frame) if c not in system]
    meta = {**raw.meta, "header_rows": grid.shown_rows()[:2].tolist(), "system_columns": system,
            "identifier_columns": ids, "multi": multi, "matrix": matrix, "other": other}
    return RawExport(frame, raw.source, "surveymonkey", questions, {}, raw.sheet, meta)
