"""LimeSurvey response exports (CSV), with question-code or full-text headings.

Code headings: ``id, submitdate, lastpage, startlanguage, ...`` and sub-questions as
``Q1[SQ001]``; full-text headings (also the "R (data file)" export): ``Response ID, Date
submitted, Last page, Start language, ...`` and sub-questions as ``Question [Option]``.
Headings may hold line breaks and HTML entities (resolved in ``questions``; column names
keep the text with runs of whitespace collapsed). Multi-choice columns hold ``Y``/``1``/
``0``/empty; other bracketed groups are matrices (arrays).

Example:
    >>> raw = read_export("results.csv")  # doctest: +SKIP
    >>> raw.meta["heading"]  # doctest: +SKIP
    'code'
"""

from __future__ import annotations

import re
from typing import Any

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import (
    first_rows_text,
    identifier_columns,
    is_binary,
    question_text,
    split_groups,
)
from surveykit.io.raw import RawExport

__all__ = ["from_grid", "sniff"]

CODE_SYSTEM = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
               "datestamp", "ipaddr", "refurl", "token", "interviewtime"}
TEXT_SYSTEM = {"Response ID", "Date submitted", "Last page", "Start language", "Seed",
               "Date started", "Date last action", "IP address", "Referrer URL", "Token",
               "Total time", "First name", "Last name", "Email address"}
IDENTIFIERS = {"ipaddr", "IP address", "token", "Token", "First name", "Last name",
               "Email address", "firstname", "lastname", "email", "refurl", "Referrer URL"}
_TIMING = re.compile(r"^(Group time|Question time|groupTime|interviewtime|\w+Time)\b")
_SUB = re.compile(r"^(.*?)\s?\[([^\[\]]*)\]$")
_OTHER = {"other", "comment", "Other", "Comment"}


def sniff(grid: Grid) -> bool:
    """Code (``submitdate, lastpage, startlanguage``) or full-text system headings."""
    header = set(first_rows_text(grid.rows, 1)[0]) if grid.rows else set()
    return ({"submitdate", "lastpage", "startlanguage"} <= header
            or {"Date submitted", "Last page", "Start language"} <= header)


def from_grid(grid: Grid) -> RawExport:
    """Build the RawExport of a LimeSurvey export."""
    header = first_rows_text(grid.rows, 1)[0]
    names = [re.sub(r"\s+", " ", h).strip() for h in header]
    raw = export_from_grid(grid, "limesurvey", header=0, names=names)
    frame = raw.data
    cols = list(frame.columns)
    heading = "code" if "submitdate" in cols else "full text"
    questions = {c: question_text(h) for c, h in zip(cols, header, strict=False) if h.strip()}
    system = [c for c in cols if c in CODE_SYSTEM | TEXT_SYSTEM or _TIMING.match(c)]
    multi: dict[str, Any] = {}
    matrix: dict[str, Any] = {}
    subs = {c: m.groups() for c in cols if c not in system and (m := _SUB.match(c)) and m.group(1)}
    for stem, members in split_groups(list(subs), lambda c: subs[c][0]).items():
        options = [m for m in members if subs[m][1] not in _OTHER]
        other = [m for m in members if subs[m][1] in _OTHER]
        if len(options) < 2 and not other:
            continue
        spec: dict[str, Any] = {"columns": options, "other": other}
        if options and all(is_binary(frame[m], (0, 1, "Y", "N")) for m in options):
            multi[stem] = {**spec, "options": [subs[m][1] for m in options]}
        elif len(options) >= 2:
            matrix[stem] = {**spec, "rows": [subs[m][1] for m in options]}
    ids = [c for c in system if c in IDENTIFIERS] + [
        c for c in identifier_columns(frame) if c not in system and c not in IDENTIFIERS]
    meta = {**raw.meta, "heading": heading, "system_columns": system,
            "identifier_columns": ids, "multi": multi, "matrix": matrix}
    return RawExport(frame, raw.source, "limesurvey", questions, {}, raw.sheet, meta)
